"""Each role against each write: editors succeed (303), everyone else is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.shortcuts import resolve_url
from django.utils import timezone

from clubs.models import AuditEvent, Availability
from tests.factories import make_game, make_player, make_team
from tests.personas import EDITORS, ROLES, SIGNED_OUT

pytestmark = pytest.mark.django_db

LATER = (timezone.localtime() + dt.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def team(db):
    return make_team(name="Hawks", slug="hawks", sport="football", team_size=5)


@pytest.fixture
def world(team, people):
    player = make_player(team, 7, "Mo Mid", ratings={"CM": 80})
    game = make_game(team, days=5)
    return {"team": team, "player": player, "game": game}


def _positions(**rows: int) -> dict[str, str]:
    data = {"positions-TOTAL_FORMS": "3", "positions-INITIAL_FORMS": "0"}
    for i, (pos, rating) in enumerate(rows.items()):
        data[f"positions-{i}-position"], data[f"positions-{i}-rating"] = pos, str(rating)
    return data


WRITES = {
    "team_edit": lambda w: (
        "/teams/hawks/edit/",
        {
            "name": "Hawks FC",
            "slug": "hawks",
            "team_type": "senior",
            "sport": "football",
            "team_size": "5",
            "count_maybe": "on",
            "visibility": "public",
            "version": "1",
        },
    ),
    "player_new": lambda w: (
        "/teams/hawks/players/new/",
        {"name": "Nia New", "number": "12", "fit": "on", **_positions(ST=70)},
    ),
    "player_edit": lambda w: (
        f"/teams/hawks/players/{w['player'].pk}/edit/",
        {"name": "Mo Middle", "number": "7", "fit": "on", "version": "1", **_positions(CM=81)},
    ),
    "player_retire": lambda w: (f"/teams/hawks/players/{w['player'].pk}/retire/", {}),
    "game_new": lambda w: (
        "/teams/hawks/games/new/",
        {"opponent": "Valley Stars", "kickoff": LATER, "home_away": "away"},
    ),
    "game_edit": lambda w: (
        f"/teams/hawks/games/{w['game'].pk}/edit/",
        {"opponent": "Old Mill", "kickoff": LATER, "home_away": "home", "version": "1"},
    ),
    "availability": lambda w: (
        f"/teams/hawks/games/{w['game'].pk}/availability/",
        {f"answer-{w['player'].pk}": "no"},
    ),
    "links_send": lambda w: (f"/teams/hawks/games/{w['game'].pk}/availability/send/", {}),
}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_teams_coaches_and_club_admins_may_write(client_as, world, write, role):
    url, data = WRITES[write](world)
    before = AuditEvent.objects.count()
    response = client_as(role).post(url, data)
    if role in EDITORS:
        assert response.status_code == 303, response.content.decode()[:2000]
        assert AuditEvent.objects.count() > before or write == "links_send"
    elif role in SIGNED_OUT:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
        assert AuditEvent.objects.count() == before
    else:
        assert response.status_code == 403
        assert AuditEvent.objects.count() == before
        assert "may change this team" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_club_admins_may_create_a_team(client_as, world, role):
    data = {
        "club": str(world["team"].club.pk),
        "name": "Kestrels U9",
        "slug": "kestrels",
        "team_type": "junior",
        "age_group": "U09",
        "sport": "football",
        "team_size": "7",
    }
    response = client_as(role).post("/teams/new/", data)
    if role == "club_admin":
        assert response.status_code == 303
        assert response["Location"] == "/teams/kestrels/manage/"
    elif role in SIGNED_OUT:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 403
        assert "Only a club&#x27;s admins may add teams to it." in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in_first(client, world, settings):
    response = client.get("/teams/hawks/players/new/")
    assert response.status_code == 302
    login = resolve_url(settings.LOGIN_URL)
    assert response["Location"] == f"{login}?next=/teams/hawks/players/new/"


def test_a_coach_of_another_team_gets_a_403_that_says_why(client_as, world):
    response = client_as("other_team_coach").get("/teams/hawks/edit/")
    assert response.status_code == 403
    assert "Only the coaches of Hawks and the admins of" in response.content.decode()


def test_an_unknown_team_is_a_404_not_a_403(client_as, world):
    assert client_as("club_admin").get("/teams/nobody/edit/").status_code == 404


def test_a_parent_answers_through_the_link_and_may_change_nothing_else(client_as, people, world):
    parent = client_as("parent")
    response = parent.post(people.parent.link, {"answer": "no"})
    assert response.status_code == 303
    answer = Availability.objects.get(player=people.parent.player, game=people.parent.game)
    assert answer.answer == "no"
    refused = parent.post(f"/teams/hawks/games/{world['game'].pk}/availability/", {})
    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/login/?next=")
