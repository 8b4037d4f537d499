"""“Played as planned”: one tap records the saved plan as what happened; the fairness
ledger then counts played minutes where recorded and says “planned” elsewhere."""

from __future__ import annotations

import json

import pytest

from clubs.models import Game
from fairplay.models import RotationPlan, RotationSettings
from fairplay.played import planned_changes
from results import services
from results.minutes import played_minutes
from results.models import GameResult, MatchEvent
from tests.factories import make_game, make_player, make_team

pytestmark = pytest.mark.django_db

SLOTS = [["GK", "g"], ["CB", "c"], ["CM", "m"]]
CERTIFICATE = {"status": "optimal", "spread": 0, "best_spread": 0, "low": 0, "high": 0}


@pytest.fixture
def team():
    team = make_team(name="Riverside Reds", team_size=3)
    for number in range(1, 6):
        make_player(team, number, f"Kid {number}")
    RotationSettings.objects.create(team=team, periods=3, period_minutes=10)
    return team


def keys(team):
    return list(team.players.order_by("number").values_list("pk", flat=True))


def plan_for(game: Game, grid) -> RotationPlan:
    k = keys(game.team)
    return RotationPlan.objects.create(
        game=game,
        period_minutes=[10, 10, 10],
        slots=SLOTS,
        grid=[[k[n - 1] for n in row] for row in grid],
        squad=k,
        certificate=CERTIFICATE,
    )


def url(game, rest="played/"):
    return f"/teams/{game.team.slug}/games/{game.pk}/rotation/{rest}"


def test_changes_pair_who_took_whose_place(team):
    game = make_game(team, days=-1)
    # Period 2: No. 4 takes No. 2's place; period 3: No. 5 for No. 3, No. 2 back for No. 1.
    plan = plan_for(game, [[1, 2, 3], [1, 4, 3], [2, 4, 5]])
    k = keys(team)
    changes = [(c.key, c.minute, c.on, c.off) for c in planned_changes(plan)]
    assert changes == [
        (f"plan:2:{k[3]}", 10, k[3], k[1]),
        (f"plan:3:{k[1]}", 20, k[1], k[0]),
        (f"plan:3:{k[4]}", 20, k[4], k[2]),
    ]


def test_one_tap_records_starters_and_substitutions_and_a_second_changes_nothing(client_as, team):
    game = make_game(team, days=-1)
    plan_for(game, [[1, 2, 3], [1, 4, 3], [2, 4, 5]])
    client = client_as("head_coach")
    response = client.post(url(game))
    assert response.status_code == 303
    assert response["Location"] == f"/teams/{team.slug}/games/{game.pk}/result/"
    page = client.get(response["Location"]).text
    assert "Recorded as planned: the starters of period 1 and 3 substitutions." in page
    assert sorted(GameResult.objects.get().starters.values_list("number", flat=True)) == [1, 2, 3]
    minutes = played_minutes(game)
    by_number = {team.players.get(pk=pk).number: n for pk, n in (minutes or {}).items()}
    assert by_number == {1: 20, 2: 20, 3: 20, 4: 20, 5: 10}
    client.post(url(game))
    assert MatchEvent.objects.count() == 3


def test_a_later_change_adjusts_and_a_new_plan_replaces_the_plans_events(client_as, team, people):
    game = make_game(team, days=-1)
    plan_for(game, [[1, 2, 3], [1, 4, 3], [1, 4, 3]])
    client = client_as("head_coach")
    client.post(url(game))
    # The coach adds an unplanned change: it stays through a second tap.
    services.event_record(
        game=game,
        kind="substitution",
        minute=25,
        player=team.players.get(number=5),
        player_off=team.players.get(number=1),
        key="coach",
        by=people.head_coach,
    )
    plan_for(game, [[1, 2, 3], [1, 2, 5], [1, 2, 5]])  # a newer plan
    client.post(url(game))
    events = sorted(MatchEvent.objects.values_list("key", "player__number", "player_off__number"))
    k5 = team.players.get(number=5).pk
    assert events == [("coach", 5, 1), (f"plan:2:{k5}", 5, 3)]


def test_it_needs_a_saved_plan_a_kicked_off_game_and_a_coach(client_as, team):
    game = make_game(team, days=-1)
    response = client_as("head_coach").post(url(game), follow=True)
    assert "Save a rotation plan first" in response.text
    future = make_game(team, days=2)
    plan_for(future, [[1, 2, 3], [1, 2, 3], [1, 2, 3]])
    response = client_as("head_coach").post(url(future), follow=True)
    assert "has not kicked off yet" in response.text
    assert client_as("outsider").post(url(game)).status_code == 403
    assert not GameResult.objects.exists()


def test_the_plan_page_offers_it_after_kick_off(client_as, team):
    game = make_game(team, days=-1)
    plan_for(game, [[1, 2, 3], [1, 2, 3], [1, 2, 3]])
    assert "Played as planned" in client_as("head_coach").get(url(game, "")).text
    assert "Played as planned" not in client_as("other_team_coach").get(url(game, "")).text


def test_the_ledger_counts_played_minutes_where_recorded_and_says_planned_elsewhere(
    client_as, team, people
):
    recorded = make_game(team, days=-14, opponent="Recorded")
    plan_for(recorded, [[1, 2, 3], [1, 2, 3], [1, 2, 3]])
    # What happened: No. 5 came on for No. 3 at 5'.
    services.starters_set(
        game=recorded,
        players=list(team.players.filter(number__in=[1, 2, 3])),
        by=people.head_coach,
    )
    services.event_record(
        game=recorded,
        kind="substitution",
        minute=5,
        player=team.players.get(number=5),
        player_off=team.players.get(number=3),
        key="k",
        by=people.head_coach,
    )
    planned = make_game(team, days=-7, opponent="Planned only")
    plan_for(planned, [[1, 2, 4], [1, 2, 4], [1, 2, 4]])
    client = client_as("head_coach")
    data = client.get(f"/teams/{team.slug}/fairness/?format=json").json()
    rows = {p["number"]: p for p in data["players"]}
    # Games: in the squad (as the plans count them); minutes: as played.
    assert (rows[3]["minutes"], rows[3]["planned_minutes"], rows[3]["games"]) == (5, 0, 2)
    assert (rows[5]["minutes"], rows[5]["starts"]) == (25, 0)
    assert (rows[4]["minutes"], rows[4]["planned_minutes"]) == (30, 30)
    assert (rows[1]["minutes"], rows[1]["planned_minutes"], rows[1]["starts"]) == (60, 30, 2)
    page = client.get(f"/teams/{team.slug}/fairness/").text
    assert "30 planned" in page and "60 (30 planned)" in page
    assert json.loads(json.dumps(data))  # plain JSON
