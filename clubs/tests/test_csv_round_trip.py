"""The roster CSV the site exports imports back unchanged; renames are asked, never silent."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clubs import importers
from clubs.models import AuditEvent, Player, PlayerContact
from tests.factories import make_player, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    team = make_team(name="Hawks", slug="hawks", sport="football", team_size=5)
    make_player(team, 1, "Gina Keeper", ratings={"GK": 83, "RM": 60})
    make_player(team, 9, "Sid Striker", ratings={"ST": 88}, fit=False)
    make_player(team, 4, "=HYPERLINK(evil)", ratings={})
    Player.objects.filter(number=1).update(email="gina@example.org")
    gina = team.players.get(number=1)
    PlayerContact.objects.create(player=gina, name="=Bo Keeper", email="bo@example.org")
    PlayerContact.objects.create(
        player=gina, name="Ann Keeper", email="ann@example.org", phone="+44 20 7946 0000"
    )
    return team


@pytest.fixture
def coach(client, people):
    client.force_login(people.assistant)


def upload(client, text: str):
    file = SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")
    return client.post("/teams/hawks/import/roster/", {"file": file})


def confirm(client, text: str, **extra):
    data = {"csv_text": text, "confirm": "1", **extra}
    return client.post("/teams/hawks/import/roster/", data, follow=True)


EXPORTS = ["/teams/hawks/roster/?format=csv", "/teams/hawks/export/roster.csv"]


@pytest.mark.parametrize("export", EXPORTS)
def test_an_exported_roster_imports_back_as_no_changes(client, team, coach, export):
    """Every column the export has (contacts too) comes back as it was."""
    body = client.get(export).content.decode()
    assert "GK:83 RM:60" in body
    if "export" in export:
        assert "Ann Keeper <ann@example.org>" in body
    preview = upload(client, body)
    assert preview.status_code == 200
    assert "No changes: every row says what is saved already" in preview.text
    assert "Confirm the import" not in preview.text
    versions = dict(team.players.values_list("number", "version"))
    done = confirm(client, body)
    assert "No changes: nothing was imported (3 unchanged)." in done.text
    assert dict(team.players.values_list("number", "version")) == versions
    assert not AuditEvent.objects.filter(action="import").exists()


@pytest.mark.parametrize(
    "cell", ["GK:83 RM:60", "GK:83;RM:60", '"GK:83, RM:60"', "gk: 83  rm :60", "RM:60 GK:83"]
)
def test_the_positions_column_reads_the_exported_and_the_older_format(client, team, coach, cell):
    text = f"name,number,positions,email\nGina Keeper,1,{cell},\n"
    parsed = importers.roster_parse(text, team)
    assert parsed.ok and parsed.rows[0].ratings == {"GK": 83, "RM": 60}
    assert parsed.no_changes


def test_a_changed_row_says_what_it_changes_and_only_that_is_saved(client, team, coach):
    text = "number,name,fit,positions\n9,Sid Striker,yes,ST:90\n1,Gina Keeper,yes,GK:83 RM:60\n"
    preview = upload(client, text).text
    assert "updates Sid Striker: positions, fit to play" in preview
    assert "no change" in preview
    done = confirm(client, text)
    assert "Imported: 1 updated, 1 unchanged." in done.text
    sid = team.players.get(number=9)
    assert sid.fit and {p.position: p.rating for p in sid.positions.all()} == {"ST": 90}


def test_a_shirt_number_with_another_name_asks_before_renaming(client, team, coach):
    text = "name,number,positions\nSid Striker-Jones,9,ST:88\nNia New,12,ST:70\n"
    preview = upload(client, text).text
    assert "1 row gives a shirt number to a player of another name." in preview
    assert '<input type="checkbox" name="rename" value="9">' in preview
    assert "Rename Sid Striker to Sid Striker-Jones" in preview
    assert "updates Sid Striker" not in preview

    left = confirm(client, text)  # nothing ticked: the row is left out
    assert "Imported: 1 new, 1 rename not confirmed, left as it was." in left.text
    assert team.players.get(number=9).name == "Sid Striker"

    renamed = confirm(client, text, rename="9")
    assert "Imported: 1 updated, 1 unchanged." in renamed.text
    assert team.players.get(number=9).name == "Sid Striker-Jones"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("Al,3,GK", "positions", "“GK” should look like GK:80 (a position, a colon, a rating"),
        ("Al,3,GK:80/CB:70", "positions", "with a space between positions: GK:80 CB:70."),
        ("Al,3,XX:50", "positions", "“XX” is not a position here. Use one of: GK, RB"),
        ("Al,3,GK:150", "positions", "GK:150: a rating goes from 0 to 100."),
        ("Al,3,GK:50 GK:60", "positions", "GK is listed twice: keep one rating per position."),
        ("Al,x3,GK:50", "number", "“x3” is not a shirt number: write a whole number from 0 to 99."),
        ("Al,3,GK:50,al.example", "email", "write it like name@example.org, or leave the cell"),
        ("Al,3,GK:50,,maybe", "fit", "“maybe” is not yes or no: write yes (fit to play) or no"),
    ],
)
def test_every_error_names_the_row_and_column_and_what_to_write(
    client, team, coach, row, column, message
):
    text = f"name,number,positions,email,fit\nGina Keeper,1,GK:83 RM:60\n{row}\n"
    response = upload(client, text)
    assert response.status_code == 400
    html = response.text
    assert f'<tr><td>3</td><td>{column}</td><td class="bad">' in html
    assert message in html


def test_the_import_page_explains_the_exported_format(client, team, coach):
    html = client.get("/teams/hawks/import/roster/").text
    assert "Columns: name, number, positions, email, contacts, fit." in html
    assert "Dana Back,2,CB:80 LB:70,dana@example.org,,no" in html


def test_the_contacts_column_is_previewed_and_imported(client, team, coach):
    text = (
        "name,number,positions,contacts\n"
        "Gina Keeper,1,GK:83 RM:60,Ann Keeper <ann@example.org>; Cy Keeper <cy@example.org> 0777\n"
        "Nina New,7,CM:70,Dee New <dee@example.org>\n"
    )
    preview = upload(client, text).text
    assert "updates Gina Keeper: contacts" in preview
    done = confirm(client, text)
    assert "Imported: 1 new, 1 updated." in done.text
    gina = team.players.get(number=1)
    assert [(c.name, c.email, c.phone) for c in gina.contacts.all()] == [
        ("Ann Keeper", "ann@example.org", ""),
        ("Cy Keeper", "cy@example.org", "0777"),
    ]
    assert [c.email for c in team.players.get(number=7).contacts.all()] == ["dee@example.org"]


def test_a_bad_contact_is_a_problem_on_its_line(client, team, coach):
    text = "name,number,positions,contacts\nGina Keeper,1,GK:83,Ann Keeper ann@example.org\n"
    parsed = importers.roster_parse(text, team)
    assert not parsed.ok
    assert "is not a contact: write each as Name <name@example.org>" in parsed.errors[0].message
