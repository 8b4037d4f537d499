"""/api/v1/games/<id>/lineup/: one game's lineup, and saving it with If-Match."""

import pytest
from django.test import Client

from api.services import api_token_issue
from clubs.lineups import saved_lineup

pytestmark = pytest.mark.django_db


@pytest.fixture
def game(team):
    return team.games.get()


@pytest.fixture
def api(coach):
    token = api_token_issue(user=coach, name="tests", by=coach)[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def url(game):
    return f"/api/v1/games/{game.pk}/lineup/"


def put(api, game, body, etag):
    headers = {"If-Match": etag} if etag else {}
    return api.put(url(game), body, content_type="application/json", headers=headers)


def test_it_reads_a_game_s_lineup_as_a_suggestion_until_saved(client, game):
    response = client.get(url(game))
    assert response.status_code == 200
    data = response.json()
    assert data["lineup"]["status"] == "suggested"
    assert sorted(p["number"] for p in data["picks"]) == [2, 3, 4]
    again = client.get(url(game), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_a_coach_saves_the_lineup_with_if_match(api, client, game):
    etag = client.get(url(game))["ETag"]
    response = put(api, game, {"starters": [1, 2, 3], "excluded": [4]}, etag)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["lineup"]["status"] == "saved"
    assert [p["number"] for p in data["picks"]] == [1, 2, 3]
    assert saved_lineup(game) is not None
    # Everyone now reads the saved one, and the page shows it too.
    assert [p["number"] for p in client.get(url(game)).json()["picks"]] == [1, 2, 3]
    page = client.get(f"/teams/hawks/games/{game.pk}/lineup/", {"format": "json"}).json()
    assert [p["number"] for p in page["picks"]] == [1, 2, 3]


def test_without_if_match_it_is_428_and_with_a_stale_one_412(api, client, game):
    etag = client.get(url(game))["ETag"]
    assert put(api, game, {"starters": [1, 2, 3]}, None).status_code == 428
    assert put(api, game, {"starters": [1, 2, 3]}, etag).status_code == 200
    assert put(api, game, {"starters": [4, 2, 3]}, etag).status_code == 412
    assert saved_lineup(game).starters == [game.team.players.get(number=n).pk for n in (1, 2, 3)]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"starters": [1, 2]}, "has 3 places"),
        ({"starters": [1, 2, 77]}, "No. 77: not in the squad"),
        ({"starters": [1, 1, 2]}, "at most once"),
        ({"starters": [1, 2, 3], "excluded": [3]}, "at most once"),
    ],
)
def test_bad_lineups_are_422_naming_the_problem(api, client, game, body, says):
    etag = client.get(url(game))["ETag"]
    response = put(api, game, body, etag)
    assert response.status_code == 422
    assert says in response.json()["detail"]
    assert saved_lineup(game) is None


def test_only_the_team_s_coaches_may_save(client, game, people):
    etag = client.get(url(game))["ETag"]
    outsider = Client()
    outsider.force_login(people.outsider)
    assert put(outsider, game, {"starters": [1, 2, 3]}, etag).status_code in (401, 403)
    assert saved_lineup(game) is None


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = schema["paths"]["/api/v1/games/{game}/lineup/"]
    assert {"get", "put"} <= set(operations)
    assert "428" in operations["put"]["responses"]


def test_a_game_says_whether_it_is_being_played(client, game):
    import datetime as dt

    from django.utils import timezone

    assert client.get(f"/api/v1/games/{game.pk}/").json()["state"] == "upcoming"
    game.kickoff = timezone.now() - dt.timedelta(minutes=9)
    game.save()
    data = client.get(f"/api/v1/games/{game.pk}/").json()
    assert data["state"] == "playing"
    assert client.get("/api/v1/lineups/hawks/3/").json()["game"]["id"] == game.pk
