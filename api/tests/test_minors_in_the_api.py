"""The API's side of docs/privacy.md: a team's setting for junior names, and the players,
lineups and answers of a public junior team as an outsider reads them."""

import pytest
from django.test import Client

from clubs.models import Player
from tests.factories import answer, make_game


@pytest.fixture
def team(junior_team):
    team = junior_team
    Player.objects.filter(number=3).update(fit=False, birth_year=2017)
    answer(team.players.get(number=2), make_game(team), "no")
    return team


def test_an_outsider_reads_junior_players_without_surname_rating_or_fitness(team):
    items = Client().get("/api/v1/players/?team=riverside-u09").json()["items"]
    assert [(p["name"], p["fit"], p["birth_year"]) for p in items][:3] == [
        ("Emma J.", None, None),
        ("Noah S.", None, None),
        ("Ada B.", None, None),
    ]
    assert items[0]["positions"] == {"CB": None, "GK": None}
    one = Client().get(f"/api/v1/players/{items[2]['id']}/").json()
    assert one["name"] == "Ada B." and one["fit"] is None


def test_the_fit_filter_tells_an_outsider_nothing(team):
    assert Client().get("/api/v1/players/?fit=false").json()["count"] == 0


def test_an_outsider_gets_no_answers_of_junior_players(team, people):
    assert Client().get("/api/v1/availability/?team=riverside-u09").json()["count"] == 0
    coach = people.client("head_coach")
    rows = coach.get("/api/v1/availability/?team=riverside-u09").json()["items"]
    assert [r["answer"] for r in rows] == ["no"]
    refused = Client().get(f"/api/v1/availability/{rows[0]['id']}/")
    assert refused.status_code == 403
    assert "answers of junior players" in refused.json()["detail"]


def test_the_lineup_names_no_surname_and_cites_no_rating(team):
    lineup = Client().get("/api/v1/lineups/riverside-u09/5/").json()
    assert lineup["total_rating"] is None
    keeper = lineup["picks"][0]
    assert (keeper["number"], keeper["name"], keeper["rating"]) == (6, "Zoe K.", None)
    assert [p["reason"] for p in lineup["picks"]][:2] == [
        "No. 6 plays goalkeeper.",
        "No. 1 plays centre back.",
    ]
    assert lineup["unavailable"] == [
        {"number": 2, "name": "Noah S.", "why": None},
        {"number": 3, "name": "Ada B.", "why": None},
    ]


def test_a_coach_sets_how_junior_names_show(team, people):
    coach = people.client("head_coach")
    etag = coach.get("/api/v1/teams/riverside-u09/")["ETag"]
    response = coach.patch(
        "/api/v1/teams/riverside-u09/",
        {"public_names": "number"},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert response.status_code == 200 and response.json()["public_names"] == "number"
    items = Client().get("/api/v1/players/?team=riverside-u09").json()["items"]
    assert {p["name"] for p in items} == {""}
    bad = coach.patch(
        "/api/v1/teams/riverside-u09/",
        {"public_names": "surname"},
        content_type="application/json",
        headers={"If-Match": response["ETag"]},
    )
    assert bad.status_code == 422
