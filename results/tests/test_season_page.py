"""The season page: results, and per player what was recorded, as HTML, JSON and CSV
with ETag/304; a junior team's player rows stay in the club."""

from __future__ import annotations

import csv
import io

import pytest

from fairplay.models import RotationSettings
from results import services
from tests.factories import answer, make_game, make_player
from tests.personas import MEMBERS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def season(people):
    team = people.team
    RotationSettings.objects.create(team=team, periods=2, period_minutes=30)
    kids = {n: make_player(team, n, f"Kid {n}") for n in range(1, 8)}
    coach = people.head_coach
    won = make_game(team, days=-14, opponent="Hillside")
    services.result_save(game=won, goals_for=2, goals_against=1, version=0, by=coach)
    services.starters_set(game=won, players=[kids[n] for n in (1, 2, 3, 4, 5)], by=coach)
    services.event_record(
        game=won,
        kind="substitution",
        minute=30,
        player=kids[6],
        player_off=kids[5],
        key="s",
        by=coach,
    )
    services.event_record(game=won, kind="goal", minute=10, player=kids[5], key="g1", by=coach)
    services.event_record(game=won, kind="assist", minute=10, player=kids[4], key="a1", by=coach)
    services.event_record(game=won, kind="goal", minute=50, player=kids[6], key="g2", by=coach)
    services.event_record(game=won, kind="yellow", minute=55, player=kids[2], key="y", by=coach)
    answer(kids[1], won, "yes")
    answer(kids[7], won, "yes")
    lost = make_game(team, days=-7, opponent="Oakfield")
    services.result_save(game=lost, goals_for=0, goals_against=3, version=0, by=coach)
    make_game(team, days=-1, opponent="Nobody recorded")
    make_game(team, days=6, opponent="Future FC")
    return team


def url(team, fmt=""):
    return f"/teams/{team.slug}/season/" + (f"?format={fmt}" if fmt else "")


def test_the_json_counts_what_happened(client_as, season):
    data = client_as("head_coach").get(url(season, "json")).json()
    assert data["record"] == {
        "played": 2,
        "won": 1,
        "drawn": 0,
        "lost": 1,
        "goals_for": 2,
        "goals_against": 4,
    }
    assert [g["opponent"] for g in data["games"]] == ["Hillside", "Oakfield", "Nobody recorded"]
    assert [g["outcome"] for g in data["games"]] == ["W", "L", ""]
    players = {p["number"]: p for p in data["players"]}
    assert players[5] | {} == {
        "number": 5,
        "name": "Kid 5",
        "appearances": 1,
        "starts": 1,
        "minutes": 30,
        "goals": 1,
        "assists": 0,
        "yellow_cards": 0,
        "red_cards": 0,
        "answered_yes": 0,
    }
    assert (players[6]["minutes"], players[6]["starts"], players[6]["goals"]) == (30, 0, 1)
    assert (players[1]["minutes"], players[1]["answered_yes"]) == (60, 1)
    assert (players[7]["appearances"], players[7]["answered_yes"]) == (0, 1)
    assert players[4]["assists"] == 1 and players[2]["yellow_cards"] == 1


def test_the_page_shows_the_table_and_the_chart(client_as, season):
    page = client_as("head_coach").get(url(season)).text
    assert "2 games: 1 won, 0 drawn, 1 lost · goals 2–4" in page
    assert "<svg" in page and "Minutes played this season per player" in page
    assert "1 Kid 1" in page and "2–1" in page and "not recorded" in page
    assert "Future FC" not in page


def test_the_csv_has_one_row_per_player(client_as, season):
    response = client_as("head_coach").get(url(season, "csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["number", "name", "appearances", "starts", "minutes"]
    assert ["1", "Kid 1", "1", "1", "60", "0", "0", "0", "0", "1"] in rows


@pytest.mark.parametrize("fmt", ["", "json", "csv"])
def test_a_current_copy_gets_304_and_a_new_event_changes_the_etag(client_as, season, people, fmt):
    client = client_as("head_coach")
    first = client.get(url(season, fmt))
    etag = first["ETag"]
    assert client.get(url(season, fmt), headers={"if-none-match": etag}).status_code == 304
    game = season.games.get(opponent="Oakfield")
    services.event_record(
        game=game,
        kind="red",
        minute=3,
        player=season.players.get(number=3),
        key="r",
        by=people.head_coach,
    )
    assert client.get(url(season, fmt), headers={"if-none-match": etag}).status_code == 200


def test_deleting_an_event_changes_the_etag(client_as, season, people):
    client = client_as("head_coach")
    etag = client.get(url(season, "json"))["ETag"]
    event = season.games.get(opponent="Hillside").events.get(key="y")
    services.event_delete(event=event, by=people.head_coach)
    assert client.get(url(season, "json"), headers={"if-none-match": etag}).status_code == 200


@pytest.fixture
def junior(people):
    team = people.team
    team.team_type, team.age_group, team.visibility = "junior", "U10", "public"
    team.save()
    return team


@pytest.mark.parametrize("role", ROLES)
def test_a_public_junior_teams_player_rows_are_for_the_club_only(client_as, season, junior, role):
    client = client_as(role)
    data = client.get(url(season, "json")).json()
    page = client.get(url(season)).text
    assert data["record"]["won"] == 1
    if role in MEMBERS:
        assert "players" in data and "Kid 5" in page
    else:
        assert "players" not in data
        assert "Kid" not in page and "Kid" not in client.get(url(season, "csv")).text
        assert "for the club’s coaches and admins" in page


@pytest.mark.parametrize("role", ROLES)
def test_a_club_only_team_is_refused_outside_the_club(client_as, people, role):
    team = people.team
    team.visibility = "club"
    team.save()
    response = client_as(role).get(url(team))
    assert response.status_code == (200 if role in MEMBERS else 403)


def test_an_empty_season_says_so(client_as, people):
    page = client_as("head_coach").get(url(people.team)).text
    assert "No games played yet." in page
