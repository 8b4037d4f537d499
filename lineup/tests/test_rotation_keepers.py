"""Plans a coach can run: keepers, the order of the objective, the starting lineup."""

from __future__ import annotations

import pytest

from lineup.formations import formation_for
from lineup.model import Slot
from lineup.rotation import (
    KeeperChange,
    RotationPlayer,
    RotationProblem,
    Rules,
    default_keeper_changes,
    half_time_break,
    plan_rotation,
)


def player(number: int, available: frozenset[int] | None = None, **ratings: int) -> RotationPlayer:
    return RotationPlayer(
        key=f"p{number}", name=f"P{number}", number=number, ratings=ratings, available=available
    )


def slots(*positions: str | None) -> tuple[Slot, ...]:
    return tuple(Slot(p, p or "any", 50, 10 * i) for i, p in enumerate(positions))


def u9_squad() -> tuple[RotationPlayer, ...]:
    """Nine for 7-a-side, two rated keepers (Nos. 15 and 33), like the demo U09s."""
    field = [
        {"CB": 80, "CM": 60},
        {"CB": 75},
        {"CM": 85, "ST": 60},
        {"ST": 82},
        {"RM": 78, "LM": 70},
        {"LM": 76, "RM": 65},
        {"CM": 70, "CB": 60},
    ]
    return (
        player(15, GK=80, CB=40),
        player(33, GK=70, ST=50),
        *(player(n, **r) for n, r in zip((2, 4, 7, 9, 11, 14, 21), field, strict=True)),
    )


def u9_problem(**rules: object) -> RotationProblem:
    return RotationProblem(
        players=u9_squad(),
        slots=formation_for("football", 7).slots,
        period_minutes=(6,) * 8,
        rules=Rules(min_share=0.5, max_consecutive_bench=1, **rules),  # type: ignore[arg-type]
    )


def keepers(plan) -> list[str]:
    return [row[0] for row in plan.grid]


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        ((10,) * 4, 2),
        ((6,) * 8, 4),
        ((15,) * 3, 1),
        ((10, 10, 20), 2),
        ((10, 20, 10), 1),
        ((45,), None),
    ],
)
def test_the_half_time_break_is_the_break_nearest_half_the_game(minutes, expected):
    assert half_time_break(minutes) == expected


def test_football_futsal_and_ice_hockey_change_keepers_only_at_half_time_by_default():
    assert default_keeper_changes("football") == "half_time"
    assert default_keeper_changes("futsal") == "half_time"
    assert default_keeper_changes("ice_hockey") == "half_time"
    assert default_keeper_changes("basketball") == "any_period"


def test_at_half_time_the_keeper_changes_once_and_only_rated_keepers_keep_goal():
    plan = plan_rotation(u9_problem(keeper_changes="half_time")).plan
    assert plan is not None
    assert set(keepers(plan)) <= {"p15", "p33"}
    assert plan.keeper_changes == (KeeperChange(3, 0, plan.grid[3][0], plan.grid[4][0], True),)
    assert len(set(keepers(plan)[:4])) == len(set(keepers(plan)[4:])) == 1
    assert plan.certificate.fewest_keeper_changes


def test_any_period_still_gives_the_fewest_keeper_changes_first():
    # Two keepers and two field players for two places, 4 periods: everyone plays
    # 20 minutes; the keepers could swap at every break, the fewest is one change.
    squad = (player(1, GK=90, CB=60), player(2, GK=80, CB=70), player(3, CB=50), player(4, CB=40))
    problem = RotationProblem(
        players=squad,
        slots=slots("GK", "CB"),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_changes="any_period"),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert set(plan.minutes.values()) == {20}
    assert len(plan.keeper_changes) == 1 and set(keepers(plan)) == {"p1", "p2"}
    assert plan.certificate.fewest_keeper_changes


def test_never_keeps_one_keeper_all_game_at_the_cost_of_the_spread():
    plan = plan_rotation(u9_problem(keeper_changes="never")).plan
    assert plan is not None
    assert len(set(keepers(plan))) == 1 and plan.keeper_changes == ()
    assert plan.minutes[keepers(plan)[0]] == 48


def test_fewest_changes_first_makes_fewer_substitutions_than_strongest_first():
    fewest = plan_rotation(u9_problem(keeper_changes="half_time")).plan
    strongest = plan_rotation(
        u9_problem(keeper_changes="half_time", priority="strongest_first")
    ).plan
    assert fewest is not None and strongest is not None
    assert fewest.certificate.spread == strongest.certificate.spread
    counts = (len(fewest.keeper_changes), fewest.substitutions, fewest.position_moves)
    other = (len(strongest.keeper_changes), strongest.substitutions, strongest.position_moves)
    assert counts <= other
    assert fewest.certificate.priority == "fewest_changes"
    assert strongest.certificate.priority == "strongest_first"


def test_the_keeper_limit_still_holds_alongside_the_policy():
    squad = (player(1, GK=90), player(2, GK=80), player(3, GK=70), player(4, CB=50))
    problem = RotationProblem(
        players=squad,
        slots=slots("GK", "CB"),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_max_periods=2, keeper_changes="half_time"),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert [len(set(keepers(plan)[:2])), len(set(keepers(plan)[2:]))] == [1, 1]
    assert keepers(plan)[0] != keepers(plan)[2]


def test_a_replan_may_change_the_keeper_at_its_first_break():
    # The keeper is hurt after period 2 under "never": the re-plan's first break may change him.
    squad = (player(1, frozenset({0, 1}), GK=90), player(2, GK=80), player(3, CB=70))
    problem = RotationProblem(
        players=squad,
        slots=slots("GK", "CB"),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_changes="never"),
        locked=(("p1", "p3"), ("p1", "p2")),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert keepers(plan) == ["p1", "p1", "p2", "p2"]
    assert [c.after for c in plan.keeper_changes] == [1]


def test_the_first_period_is_the_saved_starting_lineup():
    problem = u9_problem(keeper_changes="half_time")
    free = plan_rotation(problem).plan
    assert free is not None
    start = ("p33", "p2", "p21", "p7", "p9", "p11", "p14")
    fixed = plan_rotation(
        RotationProblem(
            players=problem.players,
            slots=problem.slots,
            period_minutes=problem.period_minutes,
            rules=problem.rules,
            first_period=start,
        )
    ).plan
    assert fixed is not None
    assert fixed.grid[0] == start
    assert fixed.certificate.spread == free.certificate.spread


def test_a_partly_chosen_starting_lineup_leaves_the_other_places_to_the_planner():
    problem = u9_problem(keeper_changes="half_time")
    start = ("p15", None, None, None, "p4", None, None)
    plan = plan_rotation(
        RotationProblem(
            players=problem.players,
            slots=problem.slots,
            period_minutes=problem.period_minutes,
            rules=problem.rules,
            first_period=start,
        )
    ).plan
    assert plan is not None
    assert plan.grid[0][0] == "p15" and plan.grid[0][4] == "p4"
    assert plan.grid[0].count("p4") == 1


@pytest.mark.parametrize(
    ("start", "code", "who"),
    [
        (("p99", None, None, None, None, None, None), "unknown_player", "p99"),
        (("p2", None, None, None, None, None, None), "not_a_keeper", "p2"),
        (("p15", "p2", "p2", None, None, None, None), "duplicate", "p2"),
        (("p15", "p8", None, None, None, None, None), "unavailable", "p8"),
    ],
)
def test_a_starting_lineup_that_breaks_a_rule_is_diagnosed_with_a_code(start, code, who):
    problem = u9_problem(keeper_changes="half_time")
    squad = (*problem.players, player(8, frozenset({1, 2, 3, 4, 5, 6, 7}), CB=50))
    result = plan_rotation(
        RotationProblem(
            players=squad,
            slots=problem.slots,
            period_minutes=problem.period_minutes,
            rules=problem.rules,
            first_period=start,
        )
    )
    assert result.plan is None
    diagnosis = result.diagnosis
    assert (diagnosis.rule, diagnosis.code, diagnosis.players) == ("first_period", code, (who,))
    assert diagnosis.facts["place"] == next(
        s + 1 for s, key in enumerate(start) if key == who and (code != "duplicate" or s > 1)
    )
    assert diagnosis.closest is not None  # the plan without the starting lineup


def test_a_starting_lineup_the_rules_cannot_follow_is_named():
    # Under "never" the starting keeper keeps goal all game, but No. 2 leaves at
    # half-time; with No. 1 in goal from the start, a plan exists.
    squad = (player(1, GK=90), player(2, frozenset({0, 1}), GK=80), player(3, CB=50))
    problem = RotationProblem(
        players=squad,
        slots=slots("GK", "CB"),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_changes="never"),
        first_period=("p2", "p3"),
    )
    result = plan_rotation(problem)
    assert result.plan is None
    diagnosis = result.diagnosis
    assert (diagnosis.rule, diagnosis.code) == ("first_period", "rules")
    assert diagnosis.other_rules == ("keeper_changes", "keeper_eligible")
    assert diagnosis.closest is not None and diagnosis.closest.grid[0][0] == "p1"


def test_a_starting_lineup_of_the_wrong_length_is_a_programming_error():
    problem = u9_problem()
    with pytest.raises(ValueError, match="starting lineup"):
        plan_rotation(
            RotationProblem(
                players=problem.players,
                slots=problem.slots,
                period_minutes=problem.period_minutes,
                first_period=("p15",),
            )
        )
