"""Minutes played come from what was recorded, over the game's playing time."""

from __future__ import annotations

import pytest

from fairplay.models import RotationSettings
from results import services
from results.minutes import Change, game_periods, minutes_from, played_minutes, season_minutes
from tests.factories import make_game, make_player, make_team, make_user

pytestmark = pytest.mark.django_db


def test_a_player_subbed_on_at_30_of_60_plays_30():
    played = minutes_from([1, 2], [Change(30, on=3, off=2)], 60)
    assert played == {1: 60, 2: 30, 3: 30}


def test_two_spells_count_and_a_red_card_ends_one():
    changes = [Change(10, on=3, off=2), Change(20, on=2, off=3), Change(50, on=None, off=1)]
    assert minutes_from([1, 2], changes, 60) == {1: 50, 2: 50, 3: 10}


def test_minutes_past_the_end_count_to_the_end_and_a_late_sub_appears_with_none():
    assert minutes_from([1], [Change(95, on=2, off=1)], 60) == {1: 60, 2: 0}


def test_coming_on_twice_or_going_off_from_the_bench_changes_nothing():
    changes = [Change(10, on=1, off=None), Change(20, on=None, off=5)]
    assert minutes_from([1], changes, 60) == {1: 60}


@pytest.fixture
def game():
    team = make_team(team_size=5)
    RotationSettings.objects.create(team=team, periods=2, period_minutes=30)
    for number in range(1, 8):
        make_player(team, number)
    return make_game(team, days=-1)


def test_nothing_recorded_is_none(game):
    assert played_minutes(game) is None
    assert season_minutes([game]) == {}


def test_played_minutes_from_starters_and_substitutions(game):
    coach = make_user("coach")
    team = game.team
    starters = list(team.players.filter(number__lte=5))
    services.starters_set(game=game, players=starters, by=coach)
    on, off = team.players.get(number=6), team.players.get(number=1)
    services.event_record(
        game=game, kind="substitution", minute=30, player=on, player_off=off, key="s", by=coach
    )
    played = played_minutes(game)
    assert game_periods(game) == [30, 30]
    assert played is not None
    assert played[off.pk] == 30 and played[on.pk] == 30
    assert played[team.players.get(number=2).pk] == 60
    assert team.players.get(number=7).pk not in played
    assert season_minutes([game]) == {game.pk: played}


def test_without_settings_the_sport_default_length_counts():
    team = make_team(team_size=11, team_type="senior")
    assert sum(game_periods(make_game(team))) == 90


def test_season_minutes_count_only_the_games_asked_for(game):
    coach = make_user("coach")
    team = game.team
    earlier, later = make_game(team, days=-8), make_game(team, days=-0.5)
    other_team = make_team(slug="others", team_size=5)
    elsewhere = make_game(other_team, days=-1)
    make_player(other_team, 1)
    for played in (earlier, game, later):
        services.starters_set(game=played, players=list(team.players.all()[:5]), by=coach)
    services.starters_set(game=elsewhere, players=list(other_team.players.all()), by=coach)
    minutes = season_minutes([game, elsewhere])
    assert set(minutes) == {game.pk, elsewhere.pk}
    assert len(minutes[game.pk]) == 5 and len(minutes[elsewhere.pk]) == 1
    assert set(season_minutes([earlier])) == {earlier.pk}
