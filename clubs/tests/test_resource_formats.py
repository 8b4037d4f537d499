"""One resource, many formats: Accept or ?format=, 406, ETag/304, Vary, Cache-Control, CSV."""

import csv
import io
import json

import pytest
from django.utils import timezone

from clubs.models import Player, PlayerPosition
from tests.factories import answer, make_game, make_player, make_team, make_user

pytestmark = pytest.mark.django_db

RESOURCES = ["/best/hawks/3/", "/teams/hawks/", "/teams/hawks/roster/", "/teams/hawks/fixtures/"]


@pytest.fixture(autouse=True)
def team():
    team = make_team(slug="hawks", name="Hawks", sport="generic", team_size=3)
    for number, rating in [(1, 60), (2, 90), (3, 70), (4, 80)]:
        make_player(team, number, f"Player {number}", ratings={"ANY": rating})
    make_game(team, opponent="Hillside Rovers")
    return team


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/html", "text/html; charset=utf-8"),
        ("application/json", "application/json"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/csv;q=0.5, application/json", "application/json"),
        ("", "text/html; charset=utf-8"),
        ("*/*", "text/html; charset=utf-8"),
    ],
)
def test_the_accept_header_chooses_the_format(client, path, accept, media):
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response["Content-Type"] == media
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize(
    ("short", "media"), [("json", "application/json"), ("csv", "text/csv; charset=utf-8")]
)
def test_format_in_the_address_overrides_accept(client, path, short, media):
    response = client.get(f"{path}?format={short}", headers={"Accept": "text/html"})
    assert response["Content-Type"] == media


@pytest.mark.parametrize("path", RESOURCES)
def test_a_type_we_cannot_produce_gets_406_listing_what_we_can(client, path):
    response = client.get(path, headers={"Accept": "application/xml"})
    assert response.status_code == 406
    body = response.content.decode()
    assert "application/json" in body and "?format=csv" in body
    assert client.get(f"{path}?format=xml").status_code == 406


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize("short", ["html", "json", "csv"])
def test_a_matching_etag_gets_304_without_a_body(client, path, short):
    first = client.get(f"{path}?format={short}")
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(f"{path}?format={short}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@pytest.mark.parametrize("path", RESOURCES)
def test_an_unchanged_resource_since_last_modified_gets_304(client, path):
    first = client.get(path)
    again = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", RESOURCES)
def test_each_format_has_its_own_etag(client, path):
    tags = {client.get(f"{path}?format={f}")["ETag"] for f in ("html", "json", "csv")}
    assert len(tags) == 3


@pytest.mark.parametrize("path", RESOURCES)
def test_head_has_the_same_validators_as_get(client, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == 200 and head.content == b""
    for header in ("ETag", "Last-Modified", "Vary", "Cache-Control"):
        assert head[header] == get[header]


@pytest.mark.parametrize("path", RESOURCES)
def test_public_pages_let_a_shared_cache_keep_them_but_revalidate(client, path):
    assert client.get(path)["Cache-Control"] == "public, no-cache"


def test_a_rating_change_changes_the_lineup_etag(client):
    from clubs import services

    before = client.get("/best/hawks/3/")["ETag"]
    player = Player.objects.get(number=1)
    services.player_update(player=player, data={}, ratings={"ANY": 99}, version=None, by=None)
    assert client.get("/best/hawks/3/", headers={"If-None-Match": before}).status_code == 200


def test_a_rating_changed_behind_the_sites_back_still_changes_the_etag(client):
    """Model signals: the admin or a shell script saving a row bumps the team's stamp."""
    before = client.get("/best/hawks/3/")["ETag"]
    position = PlayerPosition.objects.filter(player__number=1).first()
    position.rating = 99
    position.save()
    assert client.get("/best/hawks/3/", headers={"If-None-Match": before}).status_code == 200


def test_a_rating_changed_through_the_site_moves_the_lineup_last_modified(
    client, team, monkeypatch
):
    from clubs.services import player_update

    before = client.get("/best/hawks/3/")
    later = timezone.now() + timezone.timedelta(seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: later)  # auto_now reads it
    player = Player.objects.get(team=team, number=1)
    player_update(player=player, data={}, ratings={"ANY": 99}, version=None, by=None)
    after = client.get("/best/hawks/3/", headers={"If-Modified-Since": before["Last-Modified"]})
    assert after.status_code == 200
    assert after["Last-Modified"] != before["Last-Modified"]


def test_an_availability_answer_changes_the_lineup_etag_and_last_modified(client, team):
    before = client.get("/best/hawks/3/")
    game = team.games.get()
    later = timezone.now() + timezone.timedelta(seconds=5)
    a = answer(Player.objects.get(team=team, number=2), game, "no")
    type(a).objects.filter(pk=a.pk).update(updated_at=later)
    after = client.get("/best/hawks/3/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["Last-Modified"] != before["Last-Modified"]


def test_a_new_game_changes_the_fixtures_etag(client, team):
    before = client.get("/teams/hawks/fixtures/")["ETag"]
    make_game(team, days=10, opponent="Lakeside")
    assert client.get("/teams/hawks/fixtures/")["ETag"] != before


def test_the_lineup_as_json_lists_picks_bench_and_unavailable(client, team):
    make_player(team, 5, "Hurt Hal", ratings={"ANY": 99}, fit=False)
    data = json.loads(client.get("/best/hawks/3/?format=json").content)
    assert data["team"]["slug"] == "hawks" and data["size"] == 3
    assert sorted(p["number"] for p in data["picks"]) == [2, 3, 4]
    assert [p["number"] for p in data["bench"]] == [1]
    assert data["unavailable"] == [{"number": 5, "name": "Hurt Hal", "why": "injured"}]
    assert data["game"]["opponent"] == "Hillside Rovers"


def test_csv_downloads_have_a_file_name(client):
    assert client.get("/best/hawks/3/?format=csv")["Content-Disposition"] == (
        'attachment; filename="hawks-best-3.csv"'
    )
    assert client.get("/teams/hawks/roster/?format=csv")["Content-Disposition"] == (
        'attachment; filename="hawks-roster.csv"'
    )
    assert client.get("/teams/hawks/fixtures/?format=csv")["Content-Disposition"] == (
        'attachment; filename="hawks-fixtures.csv"'
    )


def test_csv_neutralises_spreadsheet_formulas(client, team):
    make_player(team, 7, '=HYPERLINK("http://evil")', ratings={"ANY": 1})
    make_player(team, 8, "@SUM(A1)", ratings={"ANY": 1})
    rows = list(
        csv.reader(io.StringIO(client.get("/teams/hawks/roster/?format=csv").content.decode()))
    )
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names and "'@SUM(A1)" in names
    assert rows[0] == ["number", "name", "fit", "positions"]


def test_the_roster_never_shows_birth_years(client, team):
    Player.objects.filter(number=1).update(birth_year=2015)
    assert "2015" not in client.get("/teams/hawks/roster/?format=json").content.decode()


def test_a_bad_size_asked_as_json_gets_a_problem_document(client):
    response = client.get("/best/hawks/40/?format=json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "show" in json.loads(response.content)["errors"]


def test_a_bad_size_asked_as_html_keeps_the_page(client):
    response = client.get("/best/hawks/40/")
    assert response.status_code == 400 and "text/html" in response["Content-Type"]


@pytest.mark.parametrize(
    "path", ["/teams/nobody/", "/teams/nobody/roster/", "/teams/nobody/fixtures/"]
)
def test_an_unknown_team_is_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", RESOURCES)
def test_writes_to_a_resource_get_405_with_allow(client, path):
    response = client.post(path)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_a_page_with_a_flash_message_is_never_cached(client, rf):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    storage = CookieStorage(rf.get("/"))
    storage.add(20, "Saved.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies.update(carrier.cookies)
    page = client.get("/teams/hawks/")
    assert page["Cache-Control"] == "private, no-store"
    assert "ETag" not in page
    assert "Saved." in page.content.decode()


@pytest.mark.parametrize("path", RESOURCES)
def test_html_varies_with_the_cookie_and_is_private_for_a_signed_in_user(client, path):
    anonymous = client.get(path)
    assert "Cookie" in anonymous["Vary"] and anonymous["Cache-Control"] == "public, no-cache"
    client.force_login(make_user("reader"))
    signed_in = client.get(path)
    assert signed_in["Cache-Control"] == "private, no-cache"
    assert signed_in["ETag"] != anonymous["ETag"]


@pytest.mark.parametrize(
    "path", ["/teams/hawks/", "/teams/hawks/roster/", "/teams/hawks/fixtures/"]
)
def test_a_team_hidden_from_the_user_is_403(client, path, monkeypatch):
    monkeypatch.setattr("clubs.permissions.can_view_team", lambda user, team: False)
    response = client.get(path)
    assert response.status_code == 403
    assert "shares its pages with the coaches and admins of" in response.text
    assert "/accounts/login/?next=" in response.text  # an anonymous visitor may log in
