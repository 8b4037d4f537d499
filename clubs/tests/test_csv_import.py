"""CSV import and export: preview with row errors, all-or-nothing confirm, safe export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clubs import importers
from clubs.models import AuditEvent, Game
from tests.factories import make_player, make_team

pytestmark = pytest.mark.django_db

GOOD = (
    "name,number,positions,email\nGina Keeper,1,GK:90,\nDana Back,2,CB:80;LB:70,dana@example.org\n"
)


@pytest.fixture
def team():
    team = make_team(name="Hawks", slug="hawks", sport="football", team_size=5)
    make_player(team, 9, "Sid Striker", ratings={"ST": 88})
    return team


@pytest.fixture
def coach(client, people):
    client.force_login(people.assistant)


def upload(client, text: str, kind: str = "roster"):
    file = SimpleUploadedFile(f"{kind}.csv", text.encode(), content_type="text/csv")
    return client.post(f"/teams/hawks/import/{kind}/", {"file": file})


def test_an_upload_shows_a_preview_and_saves_nothing(client, team, coach):
    response = upload(client, GOOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 rows are ready. Nothing is saved until you confirm." in html
    assert "Dana Back" in html and "CB 80, LB 70" in html
    assert team.players.count() == 1


def test_confirming_imports_every_row_in_one_go(client, team, coach):
    response = client.post("/teams/hawks/import/roster/", {"csv_text": GOOD, "confirm": "1"})
    assert response.status_code == 303
    dana = team.players.get(number=2)
    assert dana.email == "dana@example.org"
    assert {p.position: p.rating for p in dana.positions.all()} == {"CB": 80, "LB": 70}
    assert AuditEvent.objects.get(action="import").summary.startswith("imported the roster: 2 new")


def test_an_existing_shirt_number_updates_that_player(client, team, coach):
    text = "name,number,positions\nSid Striker,9,ST:90;CM:60\n"
    assert "updates Sid Striker: positions" in upload(client, text).content.decode()
    client.post("/teams/hawks/import/roster/", {"csv_text": text, "confirm": "1"})
    sid = team.players.get(number=9)
    assert sid.name == "Sid Striker" and sid.positions.count() == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Al,abc,GK:50", "“abc” is not a shirt number"),
        ("Al,100,GK:50", "“100” is not a shirt number"),
        (",3,GK:50", "The name is missing: write the player’s name."),
        ("Al,3,XX:50", "“XX” is not a position here"),
        ("Al,3,GK:150", "a rating goes from 0 to 100"),
        ("Al,3,GK", "should look like GK:80"),
        ("Al,3,GK:50;GK:60", "GK is listed twice"),
        ("Al,1,GK:50", "Shirt number 1 is also on line 2"),
        ("Al,3,GK:50,not-an-address", "is not an e-mail address"),
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_is_saved(client, team, coach, row, message):
    text = f"name,number,positions,email\nGina Keeper,1,GK:90\n{row}\n"
    response = client.post("/teams/hawks/import/roster/", {"csv_text": text, "confirm": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<td>3</td>" in html, "the problem names its line"
    assert "Confirm the import" not in html
    assert team.players.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Choose a CSV file"),
        ("who,what\nx,y\n", "missing: name, number, positions"),
        ("name,number,positions\n", "The file has no players in it: add a row per player."),
        ("\x00\x01binary\x02", "contains a character that cannot be stored"),
    ],
)
def test_a_malformed_file_is_explained(client, team, coach, text, message):
    response = upload(client, text) if text else client.post("/teams/hawks/import/roster/")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_file_over_the_limit_is_refused(client, team, coach):
    text = GOOD + "x" * importers.MAX_BYTES
    response = upload(client, text)
    assert response.status_code == 400
    assert "larger than 256 kB" in response.content.decode()


def test_fixtures_import_with_semicolons_and_a_bom(client, team, coach):
    text = "\ufeffdate;time;opponent;venue;home_away\n2026-09-05;10:30;Valley Stars;Park;away\n"
    assert "1 row is ready" in upload(client, text, "fixtures").content.decode()
    client.post("/teams/hawks/import/fixtures/", {"csv_text": text, "confirm": "1"})
    game = Game.objects.get(team=team)
    assert (game.opponent, game.home_away, game.venue) == ("Valley Stars", "away", "Park")


def test_fixtures_with_a_bad_date_are_refused(client, team, coach):
    text = "date,time,opponent\n2026-13-05,10:30,Valley Stars\n"
    response = upload(client, text, "fixtures")
    assert response.status_code == 400
    assert "is not a date and time" in response.content.decode()


def test_the_export_neutralises_formulas_and_round_trips(client, team, coach):
    make_player(team, 4, "=HYPERLINK(evil)", ratings={"CB": 60})
    response = client.get("/teams/hawks/export/roster.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode()
    assert "'=HYPERLINK(evil)" in body
    assert body.splitlines()[0] == "name,number,positions,email,contacts"
    parsed = importers.roster_parse(body, team)
    assert parsed.ok and [r.number for r in parsed.rows] == [4, 9]
    assert parsed.no_changes  # the quote the export added is not part of the name


def test_only_the_teams_coaches_may_import_or_export(client, people):
    client.force_login(people.other_team_coach)
    assert client.post("/teams/hawks/import/roster/", {"csv_text": GOOD}).status_code == 403
    assert client.get("/teams/hawks/export/roster.csv").status_code == 403


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_cells_a_spreadsheet_would_run_get_a_quote(value):
    assert importers.neutralise(value) == "'" + value
    assert importers.neutralise("Plain") == "Plain"


def test_an_error_page_lists_fifty_problems_and_stays_smaller_than_the_upload(client, team, coach):
    """Issue 18: a file of bad rows came back as a page ~11 times its size."""
    text = "name,number,positions\n" + "".join(f"x,{n}x,GK\n" for n in range(4000))
    response = upload(client, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('<td class="bad">') == 50
    assert "The first 50 problems are listed; 7950 more follow." in html
    assert len(response.content) < len(text.encode())
