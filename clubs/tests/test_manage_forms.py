"""The write forms: validation that keeps typed values, version checks, the history page."""

from __future__ import annotations

import pytest

from clubs.models import AuditEvent, Player
from tests.factories import make_game, make_player, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    team = make_team(name="Hawks", slug="hawks", sport="football", team_size=5)
    make_player(team, 7, "Mo Mid", ratings={"CM": 80})
    return team


@pytest.fixture
def coach(client, people):
    client.force_login(people.head_coach)
    return people.head_coach


def player_data(**fields: str) -> dict[str, str]:
    data = {
        "name": "Nia New",
        "number": "12",
        "fit": "on",
        "email": "",
        "positions-TOTAL_FORMS": "3",
        "positions-INITIAL_FORMS": "0",
        "positions-0-position": "ST",
        "positions-0-rating": "70",
    }
    return data | fields


def test_a_new_player_is_saved_with_ratings_and_the_coach_sees_a_message(client, team, coach):
    response = client.post("/teams/hawks/players/new/", player_data(), follow=True)
    assert response.redirect_chain == [("/teams/hawks/manage/", 303)]
    html = response.content.decode()
    assert "No. 12 Nia New joined the squad." in html
    player = Player.objects.get(team=team, number=12)
    assert {p.position: p.rating for p in player.positions.all()} == {"ST": 70}


def test_a_duplicate_shirt_number_comes_back_with_the_typed_values(client, team, coach):
    response = client.post("/teams/hawks/players/new/", player_data(number="7", name="Sam Same"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "No. 7 is already Mo Mid" in html
    assert 'value="Sam Same"' in html and 'value="7"' in html
    assert not Player.objects.filter(name="Sam Same").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"positions-0-rating": "101"}, "Ratings go from 0 to 100."),
        ({"positions-0-position": "XX"}, "Choose a position from the list."),
        ({"positions-0-rating": ""}, "Give a rating for this position."),
        ({"positions-1-position": "ST", "positions-1-rating": "50"}, "ST is listed twice."),
        ({"name": ""}, "This field is required."),
        ({"number": "100"}, "less than or equal to 99"),
    ],
)
def test_bad_player_input_is_explained_and_nothing_is_saved(client, team, coach, fields, message):
    response = client.post("/teams/hawks/players/new/", player_data(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert team.players.count() == 1
    assert not AuditEvent.objects.exists()


def test_a_form_loaded_before_someone_elses_save_does_not_overwrite_it(client, team, coach, people):
    player = team.players.get()
    edit = f"/teams/hawks/players/{player.pk}/edit/"
    assert 'name="version" value="1"' in client.get(edit).content.decode()
    # An assistant saves first ...
    other = people.club_admin
    from django.test import Client

    assistant = Client()
    assistant.force_login(other)
    first = player_data(name="Mo Middle", number="7", version="1", **{"positions-0-position": "CM"})
    assert assistant.post(edit, first).status_code == 303
    # ... then the coach's form, still at version 1, comes back with a message.
    second = player_data(name="Mohammed Mid", number="7", version="1")
    response = client.post(edit, second)
    assert response.status_code == 409
    html = response.content.decode()
    assert f"{other} changed this meanwhile" in html
    assert 'value="Mohammed Mid"' in html
    player.refresh_from_db()
    assert (player.name, player.version) == ("Mo Middle", 2)


def test_a_retired_player_leaves_the_lineup_but_keeps_the_number(client, team, coach):
    player = team.players.get()
    response = client.post(f"/teams/hawks/players/{player.pk}/retire/")
    assert response.status_code == 303
    assert not team.active_players().exists()
    response = client.post("/teams/hawks/players/new/", player_data(number="7"))
    assert "No. 7 is already Mo Mid" in response.content.decode()


def test_editing_a_team_keeps_junior_rules(client, team, coach):
    data = {
        "name": "Hawks",
        "slug": "hawks",
        "team_type": "senior",
        "age_group": "U10",
        "sport": "football",
        "team_size": "5",
        "version": "1",
    }
    response = client.post("/teams/hawks/edit/", data)
    assert response.status_code == 400
    assert "Only junior teams have an age group." in response.content.decode()


def test_a_team_cannot_take_a_reserved_address(client, team, coach):
    data = {"name": "New", "slug": "new", "team_type": "senior", "sport": "football"}
    response = client.post("/teams/hawks/edit/", data | {"team_size": "5", "version": "1"})
    assert response.status_code == 400
    assert "reserved" in response.content.decode()


def test_a_game_needs_a_real_date(client, team, coach):
    response = client.post(
        "/teams/hawks/games/new/", {"opponent": "Old Mill", "kickoff": "soon", "home_away": "home"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a date and time" in html and 'value="Old Mill"' in html


def test_the_history_shows_who_changed_what_to_the_clubs_coaches_only(client, team, coach, people):
    player = team.players.get()
    client.post(
        f"/teams/hawks/players/{player.pk}/edit/",
        player_data(name="Mo Middle", number="7", version="1", **{"positions-0-position": "CM"}),
    )
    html = client.get("/teams/hawks/history/").content.decode()
    assert f"<strong>{coach}</strong> changed No. 7 Mo Middle" in html
    assert "name: Mo Mid → Mo Middle" in html
    assert "positions: CM:80 → CM:70" in html
    client.force_login(people.outsider)
    assert client.get("/teams/hawks/history/").status_code == 403


def test_the_manage_page_lists_squad_and_upcoming_games(client, team, coach):
    make_game(team, days=2, opponent="Valley Stars")
    html = client.get("/teams/hawks/manage/").content.decode()
    assert "Mo Mid" in html and "Valley Stars" in html
    assert "/teams/hawks/players/new/" in html and "/teams/hawks/games/new/" in html


def test_your_teams_lists_the_teams_a_coach_may_manage(client, team, coach):
    make_team(name="Not Mine", slug="not-mine")
    html = client.get("/manage/").content.decode()
    assert 'href="/teams/hawks/manage/"' in html and "Not Mine" not in html
    assert "/teams/new/" not in html, "only club admins add teams"
    assert 'href="/manage/"' in html, "the main menu links here once logged in"


def team_data(**fields: str) -> dict[str, str]:
    data = {
        "name": "Hawks",
        "slug": "hawks",
        "team_type": "senior",
        "sport": "football",
        "team_size": "5",
        "count_maybe": "on",
        "visibility": "public",
        "version": "1",
    }
    return data | fields


def test_a_coach_makes_the_team_club_only_and_visitors_then_get_403(client, team, coach):
    response = client.post("/teams/hawks/edit/", team_data(visibility="club"), follow=True)
    assert "Hawks was saved." in response.content.decode()
    team.refresh_from_db()
    assert (team.visibility, team.version) == ("club", 2)
    client.logout()
    assert client.get("/best/hawks/5/").status_code == 403


def test_a_coach_chooses_shirt_numbers_only_for_junior_names_outside_the_club(client, team, coach):
    form = client.get("/teams/hawks/edit/").content.decode()
    assert "Junior players&#x27; names outside the club" in form
    assert 'value="number"' in form and "Shirt number only" in form
    response = client.post("/teams/hawks/edit/", team_data(public_names="number"), follow=True)
    assert "Hawks was saved." in response.content.decode()
    team.refresh_from_db()
    assert team.public_names == "number"
    bad = client.post("/teams/hawks/edit/", team_data(public_names="surname", version="2"))
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()


def test_a_stale_team_form_is_refused_with_409(client, team, coach):
    assert client.post("/teams/hawks/edit/", team_data(team_size="6")).status_code == 303
    response = client.post("/teams/hawks/edit/", team_data(name="Hawks Old"))
    assert response.status_code == 409
    assert "changed this meanwhile" in response.content.decode()
    team.refresh_from_db()
    assert (team.name, team.team_size) == ("Hawks", 6)
