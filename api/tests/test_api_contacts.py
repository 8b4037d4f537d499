"""A player's contacts in the API: for the club's coaches and admins only, and writable."""

import datetime as dt
import json

import pytest
from django.test import Client

from api.services import api_token_issue
from clubs.models import PlayerContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def player(team):
    player = team.players.get(number=1)
    PlayerContact.objects.create(
        player=player, name="Ann Parent", email="ann@example.org", phone="0123"
    )
    return player


def api_as(user):
    token = api_token_issue(user=user, name="tests", by=user)[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def send(client, method, path, data):
    return client.generic(method, path, json.dumps(data), content_type="application/json")


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("head_coach", True),
        ("assistant", True),
        ("club_admin", True),
        ("other_team_coach", True),
        ("outsider", False),
    ],
)
def test_only_the_clubs_coaches_and_admins_see_the_contacts(people, player, role, sees):
    client = api_as(people.user(role))
    one = json.loads(client.get(f"/api/v1/players/{player.pk}/").content)
    listed = json.loads(client.get("/api/v1/players/?team=hawks").content)["items"][0]
    expected = [{"name": "Ann Parent", "email": "ann@example.org", "phone": "0123"}]
    assert one["contacts"] == listed["contacts"] == (expected if sees else None)


def test_anonymous_visitors_of_a_public_team_see_no_contacts(client, player):
    assert json.loads(client.get(f"/api/v1/players/{player.pk}/").content)["contacts"] is None


def test_a_coach_sets_the_contacts_with_patch(people, player):
    client = api_as(people.head_coach)
    url = f"/api/v1/players/{player.pk}/"
    contacts = [{"name": "Bo Parent", "email": "bo@example.org"}]
    response = send(client, "PATCH", url, {"contacts": contacts})
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["contacts"] == [{**contacts[0], "phone": ""}]
    assert [c.email for c in player.contacts.all()] == ["bo@example.org"]
    # leaving them out of a PATCH keeps them
    send(client, "PATCH", url, {"name": "Renamed"})
    assert player.contacts.count() == 1


def test_a_bad_address_is_a_422_and_changes_nothing(people, player):
    client = api_as(people.head_coach)
    url = f"/api/v1/players/{player.pk}/"
    response = send(client, "PATCH", url, {"contacts": [{"name": "X", "email": "x@y"}]})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    twice = [{"name": "A", "email": "a@example.org"}, {"name": "B", "email": "A@example.org"}]
    assert send(client, "PATCH", url, {"contacts": twice}).status_code == 422
    assert [c.email for c in player.contacts.all()] == ["ann@example.org"]


def test_a_games_meeting_time_is_read_written_and_checked(people, team):
    client = api_as(people.head_coach)
    game = team.games.get()
    url = f"/api/v1/games/{game.pk}/"
    assert json.loads(client.get(url).content)["meet_at"] is None
    early = (game.kickoff - dt.timedelta(minutes=45)).isoformat()
    response = send(client, "PATCH", url, {"meet_at": early})
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["meet_at"] is not None
    late = (game.kickoff + dt.timedelta(minutes=5)).isoformat()
    refused = send(client, "PATCH", url, {"meet_at": late})
    assert refused.status_code == 422
    assert "meet_at" in refused.content.decode()
    assert send(client, "PATCH", url, {"meet_at": None}).status_code == 200
    game.refresh_from_db()
    assert game.meet_at is None
