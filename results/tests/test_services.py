"""The result's writes: one transaction and one audit line each, idempotent events,
and a score saved from two phones at once gives one result and a "changed meanwhile"."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clubs.audit import StaleEdit
from clubs.models import AuditEvent
from results import services
from results.models import GameResult, MatchEvent
from tests.factories import make_game, make_player, make_team, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach():
    return make_user("coach")


@pytest.fixture
def game():
    team = make_team(name="Riverside")
    for number in (1, 2, 3, 4, 5, 6, 7):
        make_player(team, number)
    return make_game(team, days=-1, opponent="Hillside")


def player(game, number):
    return game.team.players.get(number=number)


def test_the_first_score_creates_the_result_with_an_audit_line(game, coach):
    result = services.result_save(game=game, goals_for=2, goals_against=1, version=0, by=coach)
    assert (result.goals_for, result.goals_against, result.version) == (2, 1, 1)
    assert result.outcome == "W"
    line = AuditEvent.objects.get(object_type="gameresult")
    assert line.summary == "recorded 2–1 against Hillside"
    assert line.team == game.team


def test_a_second_phone_with_the_old_version_is_refused_and_nothing_changes(game, coach):
    services.result_save(game=game, goals_for=2, goals_against=1, version=0, by=coach)
    with pytest.raises(StaleEdit) as refused:
        services.result_save(game=game, goals_for=3, goals_against=1, version=0, by=coach)
    assert refused.value.changed_by == "coach"
    result = GameResult.objects.get()
    assert (result.goals_for, result.version) == (2, 1)


def test_a_correction_at_the_current_version_counts_a_new_one(game, coach):
    first = services.result_save(game=game, goals_for=2, goals_against=1, version=0, by=coach)
    again = services.result_save(
        game=game, goals_for=2, goals_against=2, version=first.version, by=coach
    )
    assert (again.score, again.version, again.outcome) == ("2–2", 2, "D")
    assert GameResult.objects.count() == 1


def test_saving_the_same_score_again_writes_nothing(game, coach):
    services.result_save(game=game, goals_for=1, goals_against=0, version=0, by=coach)
    services.result_save(game=game, goals_for=1, goals_against=0, version=1, by=coach)
    assert GameResult.objects.get().version == 1
    assert AuditEvent.objects.filter(object_type="gameresult").count() == 1


def test_a_score_out_of_range_is_refused(game, coach):
    with pytest.raises(ValidationError):
        services.result_save(game=game, goals_for=100, goals_against=0, version=0, by=coach)
    assert not GameResult.objects.exists()


def test_starters_replace_the_earlier_list_and_refuse_other_teams(game, coach):
    services.starters_set(game=game, players=[player(game, 1), player(game, 2)], by=coach)
    services.starters_set(game=game, players=[player(game, 2), player(game, 3)], by=coach)
    numbers = sorted(GameResult.objects.get().starters.values_list("number", flat=True))
    assert numbers == [2, 3]
    stranger = make_player(make_team(), 9)
    with pytest.raises(ValidationError):
        services.starters_set(game=game, players=[stranger], by=coach)
    assert GameResult.objects.get().starters.count() == 2
    # Setting starters before the score leaves the score unknown.
    assert GameResult.objects.get().score == ""


def test_an_event_sent_twice_with_one_key_is_recorded_once(game, coach):
    first = services.event_record(
        game=game, kind="goal", minute=12, player=player(game, 5), key="k1", by=coach
    )
    again = services.event_record(
        game=game, kind="goal", minute=40, player=player(game, 6), key="k1", by=coach
    )
    assert again.pk == first.pk and again.minute == 12
    assert MatchEvent.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="matchevent").count() == 1


def test_a_substitution_names_who_came_on_and_off(game, coach):
    event = services.event_record(
        game=game,
        kind="substitution",
        minute=30,
        period=2,
        player=player(game, 6),
        player_off=player(game, 1),
        key="sub",
        by=coach,
    )
    assert (event.player.number, event.player_off.number, event.period) == (6, 1, 2)
    line = AuditEvent.objects.get(object_type="matchevent")
    assert line.summary == "30': No. 6 Player 6 on for No. 1 Player 1, Riverside v Hillside"


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("yellow", {"player": None}),
        ("substitution", {"player": None}),
        ("substitution", {"player": "same"}),
        ("card", {"player": 1}),
        ("goal", {"player": 1, "minute": 201}),
        ("goal", {"player": 1, "minute": -1}),
        ("goal", {"player": "stranger"}),
    ],
)
def test_events_that_cannot_have_happened_are_refused(game, coach, kind, fields):
    chosen = fields["player"]
    if chosen == "same":
        who = off = player(game, 1)
    elif chosen == "stranger":
        who, off = make_player(make_team(), 9), None
    else:
        who, off = (player(game, chosen) if chosen else None), None
    with pytest.raises(ValidationError):
        services.event_record(
            game=game,
            kind=kind,
            minute=fields.get("minute", 10),
            player=who,
            player_off=off,
            key="x",
            by=coach,
        )
    assert not MatchEvent.objects.exists()


def test_a_goal_may_have_no_scorer(game, coach):
    event = services.event_record(game=game, kind="goal", minute=3, player=None, key="og", by=coach)
    assert event.player is None


def test_deleting_an_event_keeps_an_audit_line(game, coach):
    event = services.event_record(
        game=game, kind="yellow", minute=55, player=player(game, 4), key="y", by=coach
    )
    services.event_delete(event=event, by=coach)
    assert not MatchEvent.objects.exists()
    line = AuditEvent.objects.filter(action="delete").get()
    assert line.summary.startswith("removed 55': yellow card for No. 4 Player 4")
