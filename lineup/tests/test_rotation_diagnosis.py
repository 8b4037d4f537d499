"""A diagnosis is true as worded: the rule it names breaks, and every number is recomputed.

Brute force decides feasibility on small random games (availability, starting
lineups, every rule); the facts are recomputed here independently of
``lineup.rotation_diagnosis``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from lineup.formations import formation_for
from lineup.model import Slot
from lineup.rotation import RotationPlayer, RotationProblem, Rules, plan_rotation

KEEPERS = {"GK", "G"}


def player(number: int, available: frozenset[int] | None = None, **ratings: int) -> RotationPlayer:
    return RotationPlayer(
        key=f"p{number}", name=f"P{number}", number=number, ratings=ratings, available=available
    )


def test_the_issues_example_names_the_five_minute_periods():
    # Issue 15: 9 players, 7 places, 6 × 5 minutes, 67 %: 9 × 20.1 < 210, yet
    # nobody can play 21 minutes — whole periods make it 25, and 9 × 25 > 210.
    squad = tuple(player(n, CB=50, GK=50) for n in range(1, 10))
    problem = RotationProblem(
        players=squad,
        slots=formation_for("football", 7).slots,
        period_minutes=(5,) * 6,
        rules=Rules(min_share=0.67),
    )
    diagnosis = plan_rotation(problem).diagnosis
    assert diagnosis is not None
    assert (diagnosis.rule, diagnosis.code) == ("min_share", "periods")
    assert diagnosis.other_rules == ()
    assert diagnosis.facts == {
        "count": 9,
        "share": 67,
        "total": 30,
        "need": 21,
        "granular": 25,
        "raw": 189,
        "demand": 225,
        "capacity": 210,
        "places": 7,
        "period": 5,
    }


def test_a_keeper_who_cannot_stay_all_game_is_named_under_never():
    squad = (
        player(1, frozenset({0, 1}), GK=90),
        player(2, frozenset({2, 3}), GK=80),
        player(3, CB=50),
        player(4, CB=40),
    )
    problem = RotationProblem(
        players=squad,
        slots=(Slot("GK", "goalkeeper", 50, 3), Slot("CB", "centre back", 50, 20)),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_changes="never"),
    )
    diagnosis = plan_rotation(problem).diagnosis
    assert (diagnosis.rule, diagnosis.code) == ("keeper_changes", "no_keeper_throughout")
    assert diagnosis.facts == {"first": 1, "last": 4, "half_time": 0}
    assert feasible(relax(problem, "keeper_changes")) and not feasible(problem)


def test_a_keeper_limit_shorter_than_a_half_is_named_with_the_half():
    squad = (player(1, GK=90), player(2, GK=80), player(3, GK=70), player(4, CB=50))
    problem = RotationProblem(
        players=squad,
        slots=(Slot("GK", "goalkeeper", 50, 3), Slot("CB", "centre back", 50, 20)),
        period_minutes=(10,) * 6,
        rules=Rules(keeper_changes="half_time", keeper_max_periods=2),
    )
    diagnosis = plan_rotation(problem).diagnosis
    assert (diagnosis.rule, diagnosis.code) == ("keeper", "segment")
    assert diagnosis.facts == {"segment": 3, "keeper_limit": 2, "half_time": 1}
    assert diagnosis.other_rules == ("keeper_changes", "keeper_eligible")


def test_a_player_benched_in_the_periods_played_who_cannot_reach_the_share_is_named():
    squad = (player(1, CB=50), player(2, CB=60), player(3, CB=70))
    problem = RotationProblem(
        players=squad,
        slots=(Slot("CB", "centre back", 50, 20),),
        period_minutes=(10,) * 4,
        rules=Rules(min_share=0.75),
        locked=(("p1",), ("p2",)),
    )
    diagnosis = plan_rotation(problem).diagnosis
    # Nos. 1 and 2 played one of the two periods played and can still reach 30
    # of their 40 minutes; No. 3 sat both: 30 needed, 20 at most.
    assert (diagnosis.rule, diagnosis.code, diagnosis.players) == ("min_share", "player", ("p3",))
    assert diagnosis.facts == {"need": 30, "most": 20}


def test_a_keeper_who_arrives_late_covers_only_the_periods_left():
    squad = (player(1, GK=90), player(2, frozenset({3}), GK=80), player(3, CB=50))
    problem = RotationProblem(
        players=squad,
        slots=(Slot("GK", "goalkeeper", 50, 3), Slot("CB", "centre back", 50, 20)),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_max_periods=2),
    )
    diagnosis = plan_rotation(problem).diagnosis
    assert (diagnosis.rule, diagnosis.code) == ("keeper", "capacity")
    assert diagnosis.facts == {"keeper_periods": 4, "keepers": 2, "capacity": 3, "keeper_limit": 2}


# --- Brute force --------------------------------------------------------------------


def half_time(minutes: tuple[int, ...]) -> int | None:
    total, elapsed, best = sum(minutes), 0, None
    for t in range(1, len(minutes)):
        elapsed += minutes[t - 1]
        if best is None or abs(2 * elapsed - total) < best[0]:
            best = (abs(2 * elapsed - total), t)
    return None if best is None else best[1]


def there(p: RotationPlayer, t: int) -> bool:
    return p.available is None or t in p.available


def rated(rules: Rules, p: RotationPlayer, position: str | None) -> bool:
    return p.key in rules.keepers_allowed or p.ratings.get(position or "", 0) > 0


def legal(grid, problem: RotationProblem) -> bool:
    """Every rule, checked on a finished grid (availability exempts as documented)."""
    rules, minutes, slots = problem.rules, problem.period_minutes, problem.slots
    n = len(minutes)
    start = problem.first_period or ()
    if any(k is not None and grid[0][s] != k for s, k in enumerate(start)):
        return False
    for t, row in enumerate(grid):
        for s, key in enumerate(row):
            p = next(q for q in problem.players if q.key == key)
            position = slots[s].position
            if not there(p, t) or position in rules.forbidden.get(key, frozenset()):
                return False
            if position in KEEPERS and rules.rated_keepers_only and not rated(rules, p, position):
                return False
    allowed = {
        "any_period": set(range(1, n)),
        "half_time": {half_time(minutes)},
        "never": set(),
    }[rules.keeper_changes]
    goal = [{k for s, k in enumerate(row) if slots[s].position in KEEPERS} for row in grid]
    if any(goal[t] != goal[t - 1] for t in range(1, n) if t not in allowed):
        return False
    for p in problem.players:
        on = [p.key in row for row in grid]
        present = [there(p, t) for t in range(n)]
        played = sum(m for m, o in zip(minutes, on, strict=True) if o)
        could = sum(m for m, h in zip(minutes, present, strict=True) if h)
        if rules.min_share is not None and played < math.ceil(rules.min_share * could - 1e-9):
            return False
        if rules.max_consecutive_bench is not None:
            run = 0
            for t in range(n):
                run = run + 1 if present[t] and not on[t] else 0
                if run > rules.max_consecutive_bench:
                    return False
        if rules.keeper_max_periods is not None:
            kept = sum(p.key in g for g in goal)
            if kept > rules.keeper_max_periods:
                return False
        if rules.full_half:
            h = max(1, n // 2)
            parts = [range(0, h), range(n - h, n)]
            whole = [part for part in parts if all(present[t] for t in part)]
            if whole and not any(all(on[t] for t in part) for part in whole):
                return False
    return True


def feasible(problem: RotationProblem) -> bool:
    keys = [p.key for p in problem.players]
    options = [
        [
            row
            for row in itertools.permutations(keys, len(problem.slots))
            if all(there(next(p for p in problem.players if p.key == k), t) for k in row)
        ]
        for t in range(len(problem.period_minutes))
    ]
    return any(legal(grid, problem) for grid in itertools.product(*options))


# --- The numbers, recomputed --------------------------------------------------------


def subset_sums(values: list[int]) -> list[int]:
    sums = {0}
    for v in values:
        sums |= {s + v for s in sums}
    return sorted(sums)


def expected(problem: RotationProblem, rule: str) -> tuple[str, dict[str, int], tuple[str, ...]]:
    """(code, facts, players) as docs/rotation.md defines them, by hand."""
    rules, minutes, slots, squad = (
        problem.rules,
        problem.period_minutes,
        problem.slots,
        problem.players,
    )
    n, places, total = len(minutes), len(slots), sum(minutes)
    goal_places = [s for s, slot in enumerate(slots) if slot.position in KEEPERS]

    def may_keep(p: RotationPlayer) -> bool:
        return any(
            slots[s].position not in rules.forbidden.get(p.key, frozenset())
            and (not rules.rated_keepers_only or rated(rules, p, slots[s].position))
            for s in goal_places
        )

    allowed = {
        "any_period": set(range(1, n)),
        "half_time": {half_time(minutes)} - {None},
        "never": set(),
    }[rules.keeper_changes]
    cuts = [0, *sorted(allowed), n]
    segments = [range(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    longest = max(len(seg) for seg in segments)
    if rule == "keeper":
        limit = rules.keeper_max_periods
        covers = [min(limit, sum(there(p, t) for t in range(n))) for p in squad if may_keep(p)]
        facts = {
            "keeper_periods": len(goal_places) * n,
            "keepers": sum(1 for c in covers if c),
            "capacity": sum(covers),
            "keeper_limit": limit,
        }
        if facts["capacity"] < facts["keeper_periods"]:
            return "capacity", facts, ()
        if rules.keeper_changes != "any_period" and longest > limit:
            half = int(rules.keeper_changes == "half_time")
            return "segment", {"segment": longest, "keeper_limit": limit, "half_time": half}, ()
        return "generic", {"keeper_limit": limit}, ()
    if rule == "keeper_changes":
        half = int(rules.keeper_changes == "half_time")
        for seg in segments:
            if not any(may_keep(p) and all(there(p, t) for t in seg) for p in squad):
                return (
                    "no_keeper_throughout",
                    {"first": seg[0] + 1, "last": seg[-1] + 1, "half_time": half},
                    (),
                )
        limit = rules.keeper_max_periods
        if limit is not None and longest > limit:
            return "segment", {"segment": longest, "keeper_limit": limit, "half_time": half}, ()
        return "generic", {"half_time": half}, ()
    if rule == "keeper_eligible":
        for t in range(n):
            for s in goal_places:
                if not any(there(p, t) and rated(rules, p, slots[s].position) for p in squad):
                    return "none", {"period": t + 1, "place": s + 1}, ()
        return "generic", {"keepers": sum(1 for p in squad if may_keep(p))}, ()
    if rule == "bench":
        k = rules.max_consecutive_bench
        worst = max(
            (
                sum(1 for p in squad if all(there(p, t) for t in range(t0, t0 + k + 1)))
                for t0 in range(n - k)
            ),
            default=0,
        )
        if worst > places * (k + 1):
            return (
                "window",
                {
                    "bench_limit": k,
                    "count": worst,
                    "places": places,
                    "window": k + 1,
                    "capacity": places * (k + 1),
                },
                (),
            )
        return "generic", {"bench_limit": k}, ()
    if rule == "full_half":
        h = max(1, n // 2)
        parts = [range(0, h), range(n - h, n)]
        count = sum(1 for p in squad if any(all(there(p, t) for t in part) for part in parts))
        most = places * (1 if set(parts[0]) & set(parts[1]) else 2)
        if count > most:
            return "capacity", {"count": count, "places": places, "most": most}, ()
        return "generic", {}, ()
    if rule == "min_share":
        share = rules.min_share
        floors, needs = [], []
        for p in squad:
            here = [m for t, m in enumerate(minutes) if there(p, t)]
            floor = math.ceil(share * sum(here) - 1e-9)
            sums = subset_sums(here)
            reachable = [v for v in sums if v >= floor]
            if not reachable:
                return "player", {"need": floor, "most": sums[-1]}, (p.key,)
            floors.append(floor)
            needs.append(reachable[0])
        facts = {
            "count": len(squad),
            "share": round(100 * share),
            "total": total,
            "need": floors[0] if len(set(floors)) == 1 else 0,
            "granular": needs[0] if len(set(needs)) == 1 else 0,
            "raw": sum(floors),
            "demand": sum(needs),
            "capacity": places * total,
            "places": places,
            "period": minutes[0] if len(set(minutes)) == 1 else 0,
        }
        if facts["demand"] > facts["capacity"]:
            return ("capacity" if facts["raw"] > facts["capacity"] else "periods"), facts, ()
        return "generic", {"share": facts["share"]}, ()
    if rule == "forbidden":
        for t in range(n):
            for s, slot in enumerate(slots):
                here = [p for p in squad if there(p, t)]
                if all(slot.position in rules.forbidden.get(p.key, frozenset()) for p in here):
                    return "place", {"period": t + 1, "place": s + 1}, ()
        return "generic", {}, ()
    assert rule == "first_period"
    return "rules", {}, ()


def rules_on(problem: RotationProblem) -> tuple[str, ...]:
    rules, slots = problem.rules, problem.slots
    goal = [s for s, slot in enumerate(slots) if slot.position in KEEPERS]
    n = len(problem.period_minutes)
    on = []
    if goal and rules.keeper_max_periods is not None:
        on.append("keeper")
    allowed = {
        "any_period": set(range(1, n)),
        "half_time": {half_time(problem.period_minutes)},
        "never": set(),
    }[rules.keeper_changes]
    if goal and set(range(1, n)) - allowed:
        on.append("keeper_changes")
    if (
        goal
        and rules.rated_keepers_only
        and any(not rated(rules, p, slots[s].position) for p in problem.players for s in goal)
    ):
        on.append("keeper_eligible")
    if rules.max_consecutive_bench is not None:
        on.append("bench")
    if rules.full_half:
        on.append("full_half")
    if rules.min_share:
        on.append("min_share")
    if any(rules.forbidden.values()):
        on.append("forbidden")
    return tuple(on)


# --- Random small games --------------------------------------------------------------


@st.composite
def small_games(draw: st.DrawFn) -> RotationProblem:
    n_slots = draw(st.integers(1, 2))
    positions = draw(
        st.lists(st.sampled_from(["GK", "CB", None]), min_size=n_slots, max_size=n_slots)
    )
    n_periods = draw(st.integers(1, 4))
    minutes = tuple(
        draw(st.lists(st.sampled_from([5, 10, 15]), min_size=n_periods, max_size=n_periods))
    )
    n_players = draw(st.integers(n_slots, 4))
    squad = []
    for i in range(n_players):
        here = None
        if i >= n_slots and draw(st.booleans()):
            here = draw(st.frozensets(st.integers(0, n_periods - 1), min_size=1))
        ratings = draw(
            st.dictionaries(st.sampled_from(["GK", "CB"]), st.integers(0, 100), max_size=2)
        )
        squad.append(player(i + 1, here, **ratings))
    keys = [p.key for p in squad]
    rules = Rules(
        min_share=draw(st.none() | st.sampled_from([0.34, 0.5, 0.67, 0.8])),
        max_consecutive_bench=draw(st.none() | st.integers(0, 2)),
        keeper_max_periods=draw(st.none() | st.integers(0, 3)),
        full_half=draw(st.booleans()),
        forbidden=draw(
            st.dictionaries(
                st.sampled_from(keys),
                st.frozensets(st.sampled_from(["GK", "CB"]), min_size=1),
                max_size=2,
            )
        ),
        keeper_changes=draw(st.sampled_from(["any_period", "half_time", "never"])),
        keepers_allowed=draw(st.frozensets(st.sampled_from(keys), max_size=1)),
    )
    first = None
    if draw(st.booleans()):
        first = tuple(draw(st.none() | st.sampled_from(keys)) for _ in range(n_slots))
        if len({k for k in first if k is not None}) != len([k for k in first if k is not None]):
            first = None
    return RotationProblem(
        players=tuple(squad),
        slots=tuple(Slot(p, p or "any", 50, 10 * i) for i, p in enumerate(positions)),
        period_minutes=minutes,
        rules=rules,
        first_period=first,
    )


def relax(problem: RotationProblem, rule: str) -> RotationProblem:
    if rule == "first_period":
        return replace(problem, first_period=None)
    return replace(problem, rules=problem.rules.without(rule))


@settings(max_examples=250, deadline=None)
@given(problem=small_games())
def test_the_rule_a_diagnosis_names_breaks_and_its_numbers_are_true(problem):
    result = plan_rotation(problem, time_limit=20)
    if result.feasible:
        assert feasible(problem)
        return
    diagnosis = result.diagnosis
    assert diagnosis is not None
    if diagnosis.rule == "squad":
        t = diagnosis.facts["period"] - 1
        have = sum(there(p, t) for p in problem.players)
        assert diagnosis.facts == {"period": t + 1, "available": have, "places": len(problem.slots)}
        assert have < len(problem.slots)
        assert all(
            sum(there(p, u) for p in problem.players) >= len(problem.slots) for u in range(t)
        )
        return
    assert not feasible(problem)
    if diagnosis.rule == "first_period" and diagnosis.code != "rules":
        key, place = diagnosis.players[0], diagnosis.facts["place"] - 1
        assert problem.first_period[place] == key
        assert feasible(replace(problem, first_period=None)) == (diagnosis.closest is not None)
        return
    if diagnosis.rule == "several":
        on = rules_on(problem)
        assert diagnosis.other_rules == on
        for rule in (
            ["first_period"] if problem.first_period and any(problem.first_period) else []
        ) + list(on):
            assert not feasible(relax(problem, rule)), rule
        return
    # Switching the named rule off makes a plan possible — and the closest plan is one.
    relaxed = relax(problem, diagnosis.rule)
    assert feasible(relaxed)
    assert diagnosis.closest is not None and legal(diagnosis.closest.grid, relaxed)
    assert diagnosis.other_rules == tuple(r for r in rules_on(problem) if r != diagnosis.rule)
    code, facts, players = expected(problem, diagnosis.rule)
    assert (diagnosis.code, dict(diagnosis.facts), diagnosis.players) == (code, facts, players)
    # A counting code is a proof on its own: check the inequality it states.
    f = diagnosis.facts
    if (diagnosis.rule, diagnosis.code) in {("min_share", "capacity"), ("min_share", "periods")}:
        assert f["demand"] > f["capacity"]
        assert (f["raw"] > f["capacity"]) == (diagnosis.code == "capacity")
    if (diagnosis.rule, diagnosis.code) == ("keeper", "capacity"):
        assert f["capacity"] < f["keeper_periods"]
    if diagnosis.code == "segment":
        assert f["segment"] > f["keeper_limit"]
    if (diagnosis.rule, diagnosis.code) == ("bench", "window"):
        assert f["count"] > f["capacity"] == f["places"] * f["window"]
    if (diagnosis.rule, diagnosis.code) == ("full_half", "capacity"):
        assert f["count"] > f["most"]
