"""The rotation plan's first period is the game's lineup."""

import pytest

from clubs import services
from clubs.lineups import saved_lineup, team_lineup
from fairplay.services import game_rotation, plan_save
from tests.factories import five_a_side, make_game, make_team, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def game():
    team = make_team(team_type="junior", age_group="U10", team_size=5, sport="football")
    five_a_side(team)
    return make_game(team, days=2)


def first_period(rotation):
    return [str(k) for k in rotation.plan.grid[0]]


def lineup_keys(game):
    result = team_lineup(game.team, 5, game=game)
    return [p.player.key if p.player else None for p in result.result.picks]


def test_an_unsaved_plan_starts_with_the_suggested_lineup(game):
    assert first_period(game_rotation(game.team, game)) == lineup_keys(game)


def test_the_plan_starts_with_the_saved_lineup(game):
    team = game.team
    players = {p.number: p for p in team.players.all()}
    suggested = lineup_keys(game)
    # The coach puts the reserve keeper in goal and saves.
    starters = [int(k) for k in suggested]
    starters[0] = players[13].pk
    coach = make_user("coach")
    services.lineup_save(
        game=game,
        starters=starters,
        formation=team_lineup(team, 5, game=game).result.formation.key,
        version=None,
        by=coach,
        locked={str(pk): s for s, pk in enumerate(starters)},
    )
    assert first_period(game_rotation(team, game)) == [str(k) for k in starters]
    assert lineup_keys(game) == [str(k) for k in starters]


def test_saving_a_plan_saves_its_first_period_as_the_lineup(game):
    rotation = game_rotation(game.team, game)
    plan_save(game=game, plan=rotation.plan, by=make_user("coach"))
    saved = saved_lineup(game)
    assert saved is not None
    assert [str(k) for k in saved.starters] == first_period(rotation)


def test_players_the_coach_left_out_are_not_planned(game):
    team = game.team
    striker = team.players.get(number=9)
    services.lineup_choose(
        game=game,
        pinned=frozenset(),
        locked={},
        excluded={str(striker.pk)},
        formation="",
        version=None,
        by=make_user("coach"),
        summary="left No. 9 out",
    )
    rotation = game_rotation(team, game)
    assert str(striker.pk) not in {p.key for p in rotation.plan.players}
    assert (striker, "coach") in rotation.left_out
