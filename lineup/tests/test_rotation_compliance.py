"""The compliance report after a re-plan: availability exempts, limits scale."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from lineup.model import Slot
from lineup.rotation import Plan, RotationPlayer, RotationProblem, Rules, compliance, plan_rotation
from lineup.tests.test_rotation_diagnosis import KEEPERS, small_games, there

CB2 = (Slot("CB", "centre back", 30, 20), Slot("CB", "centre back", 70, 20))


def player(number: int, available: frozenset[int] | None = None) -> RotationPlayer:
    return RotationPlayer(
        key=f"p{number}", name=f"P{number}", number=number, ratings={"CB": 50}, available=available
    )


def report(plan: Plan, rules: Rules) -> dict[str, dict[str, tuple[bool, int, int]]]:
    return {
        row.key: {c.rule: (c.passed, c.value, c.limit) for c in row.checks}
        for row in compliance(plan, rules)
    }


def test_an_injured_player_is_not_failed_for_the_periods_after_the_injury():
    # Issue 15: No. 4 is hurt after period 2 and the rest is re-planned.
    rules = Rules(min_share=0.5, max_consecutive_bench=1)
    squad = (player(1), player(2), player(3), player(4, frozenset({0, 1})))
    replanned = plan_rotation(
        RotationProblem(
            players=squad,
            slots=CB2,
            period_minutes=(10,) * 4,
            rules=rules,
            locked=(("p3", "p4"), ("p1", "p2")),
        )
    ).plan
    assert replanned is not None
    checks = report(replanned, rules)["p4"]
    # There for 20 minutes, played 10: half of 20. Benched once while there.
    assert checks["min_share"] == (True, 10, 10)
    assert checks["bench"] == (True, 1, 1)
    assert all(row.passed for row in compliance(replanned, rules))


def test_a_late_arrival_is_not_failed_for_the_periods_before_arriving():
    rules = Rules(min_share=0.5, max_consecutive_bench=1)
    squad = (player(1), player(2), player(3), player(4, frozenset({2, 3})))
    plan = plan_rotation(
        RotationProblem(players=squad, slots=CB2, period_minutes=(10,) * 4, rules=rules)
    ).plan
    assert plan is not None
    checks = report(plan, rules)["p4"]
    assert checks["min_share"][2] == 10  # half of the 20 minutes there
    assert checks["bench"] == (True, checks["bench"][1], 1)
    assert all(row.passed for row in compliance(plan, rules))


def test_the_same_grid_without_the_availability_fails_where_the_old_report_did():
    # The report before the fix ignored availability: the injured No. 4 "failed".
    rules = Rules(min_share=0.5, max_consecutive_bench=1)
    grid = (("p3", "p4"), ("p1", "p2"), ("p1", "p3"), ("p2", "p3"))
    slots_ = CB2
    hurt = (player(1), player(2), player(3), player(4, frozenset({0, 1})))
    fit = (player(1), player(2), player(3), player(4))
    plan = Plan(players=hurt, slots=slots_, period_minutes=(10,) * 4, grid=grid, certificate=None)  # type: ignore[arg-type]
    assert report(plan, rules)["p4"]["min_share"] == (True, 10, 10)
    assert report(plan, rules)["p4"]["bench"][0]
    unaware = Plan(players=fit, slots=slots_, period_minutes=(10,) * 4, grid=grid, certificate=None)  # type: ignore[arg-type]
    assert report(unaware, rules)["p4"]["min_share"] == (False, 10, 20)
    assert report(unaware, rules)["p4"]["bench"] == (False, 3, 1)


def test_a_player_in_goal_without_a_keeper_rating_fails_the_keeper_check():
    squad = (
        RotationPlayer("p1", "P1", 1, {"GK": 80}),
        RotationPlayer("p2", "P2", 2, {"CB": 80}),
    )
    slots_ = (Slot("GK", "goalkeeper", 50, 3), Slot("CB", "centre back", 50, 20))
    plan = Plan(
        players=squad,
        slots=slots_,
        period_minutes=(10, 10),
        grid=(("p1", "p2"), ("p2", "p1")),
        certificate=None,  # type: ignore[arg-type]
    )
    checks = report(plan, Rules())
    assert checks["p2"]["keeper_eligible"] == (False, 1, 0)
    assert checks["p1"]["keeper_eligible"] == (True, 0, 0)
    allowed = report(plan, Rules(keepers_allowed=frozenset({"p2"})))
    assert allowed["p2"]["keeper_eligible"] == (True, 0, 0)


def expected_checks(plan: Plan, rules: Rules, key: str) -> dict[str, bool]:
    """The verdict per rule, by hand: a player is there when available or on the field."""
    p = next(q for q in plan.players if q.key == key)
    minutes, n = plan.period_minutes, len(plan.period_minutes)
    on = [key in row for row in plan.grid]
    present = [there(p, t) or on[t] for t in range(n)]
    out = {}
    if rules.min_share is not None:
        could = sum(m for m, h in zip(minutes, present, strict=True) if h)
        played = sum(m for m, o in zip(minutes, on, strict=True) if o)
        out["min_share"] = played >= math.ceil(rules.min_share * could - 1e-9)
    if rules.max_consecutive_bench is not None:
        runs = [
            len(list(g))
            for sat, g in itertools.groupby(present[t] and not on[t] for t in range(n))
            if sat
        ]
        out["bench"] = max(runs, default=0) <= rules.max_consecutive_bench
    kept = [
        plan.slots[s].position
        for row in plan.grid
        for s, k in enumerate(row)
        if k == key and plan.slots[s].position in KEEPERS
    ]
    if rules.keeper_max_periods is not None:
        out["keeper"] = len(kept) <= rules.keeper_max_periods
    if kept and rules.rated_keepers_only:
        out["keeper_eligible"] = all(
            key in rules.keepers_allowed or p.ratings.get(pos, 0) > 0 for pos in kept
        )
    return out


@settings(max_examples=150, deadline=None)
@given(problem=small_games(), seed=st.randoms(use_true_random=False))
def test_the_report_checks_any_grid_by_the_documented_rules(problem, seed):
    # A random grid of players who are there (as a coach might make by hand), and
    # the planner's own plan, which must pass everything.
    rows = []
    for t in range(len(problem.period_minutes)):
        here = [p.key for p in problem.players if there(p, t)]
        if len(here) < len(problem.slots):
            return
        rows.append(tuple(seed.sample(here, len(problem.slots))))
    hand = Plan(
        players=problem.players,
        slots=problem.slots,
        period_minutes=problem.period_minutes,
        grid=tuple(rows),
        certificate=None,  # type: ignore[arg-type]
    )
    for row in compliance(hand, problem.rules):
        verdicts = {
            c.rule: c.passed
            for c in row.checks
            if c.rule in expected_checks(hand, problem.rules, row.key)
        }
        assert verdicts == expected_checks(hand, problem.rules, row.key)
    result = plan_rotation(problem, time_limit=20)
    if result.feasible and problem.first_period is None:
        assert all(row.passed for row in compliance(result.plan, problem.rules))
