"""/api/v1/games/{id}/result/ and /events/: the result through the API, with the same
services (audit lines), If-Match (412/428) and idempotency keys."""

import json

import pytest
from django.test import Client

from api.services import api_token_issue
from clubs.models import AuditEvent
from results.models import GameResult, MatchEvent

pytestmark = pytest.mark.django_db

JSON = "application/json"
PROBLEM = "application/problem+json"


@pytest.fixture
def game(team):
    return team.games.get()


@pytest.fixture
def api(coach):
    token = api_token_issue(user=coach, name="tests", by=coach)[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def send(client, method, path, data=None, **headers):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, path, body, content_type=JSON, headers=headers)


def result_url(game):
    return f"/api/v1/games/{game.pk}/result/"


def events_url(game, rest=""):
    return f"/api/v1/games/{game.pk}/events/{rest}"


def test_a_result_is_empty_until_recorded_then_put_with_if_match(api, client, game, team):
    empty = client.get(result_url(game))
    assert empty.status_code == 200
    assert empty.json() | {"updated_at": None} == {
        "game": game.pk,
        "goals_for": None,
        "goals_against": None,
        "outcome": "",
        "starters": [],
        "updated_at": None,
    }
    starters = list(team.players.filter(number__in=[1, 2, 3]).values_list("pk", flat=True))
    first = send(
        api, "PUT", result_url(game), {"goals_for": 2, "goals_against": 1, "starters": starters}
    )
    assert first.status_code == 200, first.content
    assert first.json()["outcome"] == "W" and first.json()["starters"] == sorted(starters)
    etag = first["ETag"]
    assert client.get(result_url(game), headers={"if-none-match": etag}).status_code == 304
    # Replacing a recorded score needs If-Match …
    blind = send(api, "PUT", result_url(game), {"goals_for": 3, "goals_against": 1})
    assert blind.status_code == 428 and blind["Content-Type"] == PROBLEM
    # … and the current one.
    ok = send(api, "PUT", result_url(game), {"goals_for": 3, "goals_against": 1}, if_match=etag)
    assert ok.status_code == 200 and ok.json()["goals_for"] == 3
    assert ok.json()["starters"] == sorted(starters)  # left out: kept
    stale = send(api, "PUT", result_url(game), {"goals_for": 4, "goals_against": 1}, if_match=etag)
    assert stale.status_code == 412
    assert GameResult.objects.get().goals_for == 3
    assert AuditEvent.objects.filter(object_type="gameresult").count() == 3  # 2 scores, starters


@pytest.mark.parametrize(
    "sent",
    [
        {"goals_for": -1, "goals_against": 0},
        {"goals_for": 100, "goals_against": 0},
        {"goals_for": "2", "goals_against": 0},
        {"goals_for": 1},
        {"goals_for": 1, "goals_against": 0, "starters": [999999]},
    ],
)
def test_bad_results_are_422(api, game, sent):
    response = send(api, "PUT", result_url(game), sent)
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM
    assert not GameResult.objects.filter(goals_for__isnull=False).exists()


def test_only_the_teams_coaches_write(client, game, outsider):
    token = api_token_issue(user=outsider, name="x", by=outsider)[1]
    other = Client(headers={"Authorization": f"Bearer {token}"})
    assert (
        send(other, "PUT", result_url(game), {"goals_for": 1, "goals_against": 0}).status_code
        == 403
    )
    assert (
        send(client, "PUT", result_url(game), {"goals_for": 1, "goals_against": 0}).status_code
        == 401
    )
    assert send(other, "POST", events_url(game), {"kind": "goal", "minute": 3}).status_code == 403


def test_an_event_posted_twice_with_one_key_is_stored_once(api, client, game, team):
    scorer = team.players.get(number=2)
    event = {"kind": "goal", "minute": 12, "player": scorer.pk}
    first = send(api, "POST", events_url(game), event, idempotency_key="phone-1-17")
    again = send(api, "POST", events_url(game), event, idempotency_key="phone-1-17")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first["Location"] == events_url(game, f"{first.json()['id']}/")
    by_body = send(api, "POST", events_url(game), {**event, "key": "phone-1-17"})
    assert by_body.status_code == 200
    assert MatchEvent.objects.count() == 1
    listed = client.get(events_url(game)).json()
    assert listed["count"] == 1 and listed["items"][0]["player"] == scorer.pk
    clash = send(api, "POST", events_url(game), {**event, "minute": 50, "key": "phone-1-17"})
    assert clash.status_code == 409


def test_a_substitution_and_its_delete(api, client, game, team):
    on, off = team.players.get(number=4), team.players.get(number=1)
    sub = {"kind": "substitution", "minute": 30, "period": 2, "player": on.pk, "player_off": off.pk}
    created = send(api, "POST", events_url(game), sub)
    assert created.status_code == 201
    path = created["Location"]
    one = client.get(path)
    assert one.status_code == 200 and one.json()["player_off"] == off.pk
    stale = send(api, "DELETE", path, if_match='"not-it"')
    assert stale.status_code == 412
    assert send(api, "DELETE", path, if_match=one["ETag"]).status_code == 204
    assert send(api, "DELETE", path).status_code == 404
    assert AuditEvent.objects.filter(object_type="matchevent", action="delete").exists()


@pytest.mark.parametrize(
    "sent",
    [
        {"kind": "goal"},
        {"kind": "own", "minute": 3},
        {"kind": "goal", "minute": 201},
        {"kind": "yellow", "minute": 3},
        {"kind": "substitution", "minute": 3},
        {"kind": "goal", "minute": 3, "player": 999999},
        {"kind": "goal", "minute": 3, "player_off": "p1"},
    ],
)
def test_events_that_cannot_be_are_422(api, game, team, sent):
    p1 = team.players.get(number=1).pk
    sent = {k: (p1 if v == "p1" else v) for k, v in sent.items()}
    response = send(api, "POST", events_url(game), sent)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    assert not MatchEvent.objects.exists()
