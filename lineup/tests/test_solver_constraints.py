"""The coach's pins, locks and exclusions: exact constraints, clear refusals, swaps."""

from __future__ import annotations

import pytest

from lineup.model import Formation, Player, Slot
from lineup.solver import (
    ConstraintCode,
    LineupConstraintError,
    ReasonCode,
    best_lineup,
    swap_locks,
)


def player(number: int, fit: bool = True, **ratings: int) -> Player:
    return Player(
        key=f"p{number}", name=f"Player {number}", number=number, ratings=ratings, fit=fit
    )


def formation(*positions: str | None) -> Formation:
    return Formation(
        key="t",
        sport="test",
        name="test",
        slots=tuple(
            Slot(position=p, label=p or "any position", x=50, y=10 * i)
            for i, p in enumerate(positions)
        ),
    )


SQUAD = [player(1, GK=90), player(2, GK=60, CB=70), player(3, CB=80), player(4, CB=50, ST=85)]
GK_CB_ST = formation("GK", "CB", "ST")


def numbers(lineup) -> list[int | None]:
    return [p.player.number if p.player else None for p in lineup.picks]


def test_without_constraints_the_best_players_start():
    assert numbers(best_lineup(SQUAD, GK_CB_ST)) == [1, 3, 4]


def test_a_pinned_player_starts_in_the_slot_that_costs_least():
    result = best_lineup(SQUAD, GK_CB_ST, pinned={"p2"})
    # No. 2 at CB (70) instead of No. 3 (80) costs 10; in goal instead of No. 1, 30.
    assert numbers(result) == [1, 2, 4]
    assert result.picks[1].reason.code == ReasonCode.CHOSEN_BY_COACH_PINNED
    assert result.picks[1].reason.runner_up.number == 3
    assert result.total_rating == 90 + 70 + 85


def test_a_locked_player_fills_exactly_their_slot_and_the_rest_is_reoptimised():
    result = best_lineup(SQUAD, GK_CB_ST, locked={"p4": 1})
    # Nobody else plays up front: out of position, the tie goes to the lower number.
    assert numbers(result) == [1, 4, 2]
    assert result.picks[1].reason.code == ReasonCode.CHOSEN_BY_COACH_LOCKED
    assert result.picks[2].reason.code == ReasonCode.OUT_OF_POSITION
    assert result.locked == {"p4": 1}


def test_an_excluded_player_never_starts_and_is_not_on_the_bench():
    result = best_lineup(SQUAD, GK_CB_ST, excluded={"p1"})
    assert numbers(result) == [2, 3, 4]
    assert [p.number for p in result.excluded] == [1]
    assert result.bench == ()
    assert result.candidates == 3


def test_an_out_of_position_locked_player_is_still_the_coachs_choice():
    result = best_lineup(SQUAD, GK_CB_ST, locked={"p3": 0})
    keeper = result.picks[0]
    assert keeper.player.number == 3 and keeper.out_of_position
    assert keeper.reason.code == ReasonCode.CHOSEN_BY_COACH_LOCKED
    assert keeper.reason.runner_up.number == 1  # the keeper the coach left on the bench


def test_a_pinned_and_locked_player_counts_once():
    result = best_lineup(SQUAD, formation("GK"), pinned={"p1"}, locked={"p1": 0})
    assert numbers(result) == [1]
    assert result.pinned == frozenset()


@pytest.mark.parametrize(
    ("kwargs", "code", "players", "slot"),
    [
        ({"pinned": {"p9"}}, ConstraintCode.UNKNOWN_PLAYER, ("p9",), None),
        ({"excluded": {"p9"}}, ConstraintCode.UNKNOWN_PLAYER, ("p9",), None),
        ({"pinned": {"p1"}, "excluded": {"p1"}}, ConstraintCode.EXCLUDED, ("p1",), None),
        ({"locked": {"p5": 0}}, ConstraintCode.UNFIT, ("p5",), None),
        ({"pinned": {"p2"}, "available": {"p1"}}, ConstraintCode.UNAVAILABLE, ("p2",), None),
        ({"locked": {"p1": 3}}, ConstraintCode.SLOT_OUT_OF_RANGE, ("p1",), 3),
        ({"locked": {"p1": -1}}, ConstraintCode.SLOT_OUT_OF_RANGE, ("p1",), -1),
        ({"locked": {"p1": 0, "p2": 0}}, ConstraintCode.SLOT_LOCKED_TWICE, ("p1", "p2"), 0),
        (
            {"pinned": {"p1", "p2"}, "locked": {"p3": 0, "p4": 1}},
            ConstraintCode.TOO_MANY_CHOSEN,
            ("p1", "p2", "p3", "p4"),
            None,
        ),
    ],
)
def test_constraints_that_cannot_hold_are_refused_with_a_code(kwargs, code, players, slot):
    squad = [*SQUAD, player(5, fit=False, GK=99)]
    available = kwargs.pop("available", None)
    with pytest.raises(LineupConstraintError) as caught:
        best_lineup(squad, GK_CB_ST, available, **kwargs)
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == code
    assert caught.value.players == players
    assert caught.value.slot == slot
    if code == ConstraintCode.TOO_MANY_CHOSEN:
        assert (caught.value.chosen, caught.value.places) == (4, 3)


def test_swapping_two_starters_locks_each_in_the_others_slot():
    lineup = best_lineup(SQUAD, GK_CB_ST)
    locks = swap_locks(lineup, "p3", "p4")
    assert locks == {"p3": 2, "p4": 1}
    assert numbers(best_lineup(SQUAD, GK_CB_ST, locked=locks)) == [1, 4, 3]


def test_swapping_a_starter_with_a_bench_player_puts_the_bench_player_in_that_slot():
    lineup = best_lineup(SQUAD, GK_CB_ST)
    assert [p.number for p in lineup.bench] == [2]
    locks = swap_locks(lineup, "p3", "p2")
    assert locks == {"p2": 1}
    assert swap_locks(lineup, "p2", "p3") == locks
    after = best_lineup(SQUAD, GK_CB_ST, locked=locks)
    assert numbers(after) == [1, 2, 4]
    assert [p.number for p in after.bench] == [3]


@pytest.mark.parametrize(("a", "b"), [("p1", "p1"), ("p1", "p9"), ("p2", "p5")])
def test_a_swap_that_means_nothing_is_refused(a, b):
    squad = [*SQUAD, player(5, CB=10)]
    lineup = best_lineup(squad, GK_CB_ST)
    assert {p.number for p in lineup.bench} == {2, 5}
    with pytest.raises(ValueError):
        swap_locks(lineup, a, b)


def test_ratings_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="0 to 100"):
        best_lineup([player(1, GK=101)], formation("GK"))
