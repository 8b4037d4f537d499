"""Why the rules cannot all hold: the rule to name, and what is provably true about it.

A diagnosis names a rule only when switching it off (alone) admits a plan. Its
``code`` then says which statement about that rule holds, and ``facts`` carry
the numbers — each recomputed here from the problem, never estimated:

* a **counting** code (``capacity``, ``periods``, ``window`` …) when a count
  alone proves no plan can keep the rule: the statement is true whatever the
  other rules are;
* ``generic`` otherwise: "no plan keeps this rule", together with the other
  rules that are on (``other_rules``, empty when none is: then the obstacle is
  the squad's availability, the periods played or the starting lineup).

``docs/rotation.md`` lists every code and its facts;
``lineup/tests/test_rotation_diagnosis.py`` recomputes them on random games.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .rotation_data import (
    KEEPER_POSITIONS,
    RULE_NAMES,
    Diagnosis,
    Plan,
    RotationPlayer,
    RotationProblem,
    Rules,
    halves,
    keeper_breaks,
)
from .rotation_model import first_period_fixed, is_present, share_floor

#: Solve a (relaxed) problem: a plan, or ``None`` when it has none.
Solver = Callable[[RotationProblem], Plan | None]


def keeper_places(problem: RotationProblem) -> list[int]:
    return [s for s, slot in enumerate(problem.slots) if slot.position in KEEPER_POSITIONS]


def rules_on(problem: RotationProblem) -> tuple[str, ...]:
    """The rules that constrain this game, in :data:`RULE_NAMES` order."""
    rules, keepers = problem.rules, keeper_places(problem)
    n, n_locked = len(problem.period_minutes), len(problem.locked)
    on = set()
    if keepers and rules.keeper_max_periods is not None:
        on.add("keeper")
    if keepers and set(range(max(1, n_locked), n)) - keeper_breaks(problem):
        on.add("keeper_changes")
    if (
        keepers
        and rules.rated_keepers_only
        and any(
            not rules.rated_keeper(p, problem.slots[s].position)
            for p in problem.players
            for s in keepers
        )
    ):
        on.add("keeper_eligible")
    if rules.max_consecutive_bench is not None:
        on.add("bench")
    if rules.full_half:
        on.add("full_half")
    if rules.min_share:
        on.add("min_share")
    if any(rules.forbidden.values()):
        on.add("forbidden")
    return tuple(r for r in RULE_NAMES if r in on)


def structural(problem: RotationProblem) -> Diagnosis | None:
    """What is wrong before any solving: a short period, or a starting lineup that
    breaks a rule by itself (with ``closest=None``; the caller adds one)."""
    for t in range(len(problem.locked), len(problem.period_minutes)):
        have = sum(1 for p in problem.players if p.is_available(t))
        if have < len(problem.slots):
            return Diagnosis(
                "squad",
                "short",
                None,
                facts={"period": t + 1, "available": have, "places": len(problem.slots)},
            )
    if problem.first_period is None:
        return None
    start = problem.first_period
    if problem.locked:
        for s, key in enumerate(start):
            if key is not None and problem.locked[0][s] != key:
                return _lineup("played_differs", key, s)
        return None
    by_key = {p.key: p for p in problem.players}
    seen: set[str] = set()
    for s, key in enumerate(start):
        if key is None:
            continue
        slot = problem.slots[s]
        if key not in by_key:
            return _lineup("unknown_player", key, s)
        if key in seen:
            return _lineup("duplicate", key, s)
        seen.add(key)
        player = by_key[key]
        if not player.is_available(0):
            return _lineup("unavailable", key, s)
        if slot.position in problem.rules.forbidden.get(key, frozenset()):
            return _lineup("forbidden", key, s)
        if slot.position in KEEPER_POSITIONS and not problem.rules.may_keep(player, slot.position):
            return _lineup("not_a_keeper", key, s)
    return None


def _lineup(code: str, key: str, s: int) -> Diagnosis:
    return Diagnosis("first_period", code, None, facts={"place": s + 1}, players=(key,))


def diagnose(problem: RotationProblem, solver: Solver) -> Diagnosis:
    """For a problem with no plan: the first rule (or the starting lineup) whose
    relaxation alone admits a plan, what is true about it, and that plan."""
    on = rules_on(problem)
    order = (["first_period"] if first_period_fixed(problem) else []) + list(on)
    for rule in order:
        if rule == "first_period":
            relaxed = replace(problem, first_period=None)
        else:
            relaxed = replace(problem, rules=problem.rules.without(rule))
        closest = solver(relaxed)
        if closest is not None:
            code, facts, players = explain(problem, rule)
            others = tuple(r for r in on if r != rule)
            return Diagnosis(rule, code, closest, facts, players, others)
    bare = replace(
        problem,
        first_period=None,
        rules=Rules(rated_keepers_only=False, keeper_changes="any_period"),
    )
    return Diagnosis("several", "clash", solver(bare), other_rules=on)


Facts = tuple[str, dict[str, int], tuple[str, ...]]


def explain(problem: RotationProblem, rule: str) -> Facts:
    """(code, facts, players) for ``rule``: a counting argument where one holds."""
    explainers: dict[str, Callable[[RotationProblem], Facts]] = {
        "keeper": _keeper_limit,
        "keeper_changes": _keeper_changes,
        "keeper_eligible": _keeper_eligible,
        "bench": _bench,
        "full_half": _full_half,
        "min_share": _min_share,
        "forbidden": _forbidden,
    }
    if rule in explainers:
        return explainers[rule](problem)
    return "rules", {}, ()


def _free(problem: RotationProblem) -> range:
    return range(len(problem.locked), len(problem.period_minutes))


def _may_keep_somewhere(problem: RotationProblem, p: RotationPlayer) -> bool:
    return any(problem.rules.may_keep(p, problem.slots[s].position) for s in keeper_places(problem))


def keeper_capacity(problem: RotationProblem) -> dict[str, int]:
    """The keeper periods still to fill, and how many the keeper limit lets the players
    who may keep goal cover (each: the limit minus periods already kept, at most
    the periods they are there for)."""
    rules, keepers, free = problem.rules, keeper_places(problem), _free(problem)
    limit = rules.keeper_max_periods or 0
    capacity = count = 0
    for p in problem.players:
        if not _may_keep_somewhere(problem, p):
            continue
        kept = sum(1 for row in problem.locked for s in keepers if row[s] == p.key)
        there = sum(1 for t in free if p.is_available(t))
        cover = min(max(0, limit - kept), there)
        if cover:
            capacity += cover
            count += 1
    return {
        "keeper_periods": len(keepers) * len(free),
        "keepers": count,
        "capacity": capacity,
        "keeper_limit": limit,
    }


def keeper_segments(problem: RotationProblem) -> list[range]:
    """The runs of periods still to play in which the keeper cannot change."""
    free = _free(problem)
    if not free:
        return []
    breaks = keeper_breaks(problem)
    out, first = [], free.start
    for t in free[1:]:
        if t in breaks:
            out.append(range(first, t))
            first = t
    out.append(range(first, free.stop))
    return out


def _keeper_limit(problem: RotationProblem) -> Facts:
    facts = keeper_capacity(problem)
    if facts["capacity"] < facts["keeper_periods"]:
        return "capacity", facts, ()
    segment = _longest_segment(problem)
    if problem.rules.keeper_changes != "any_period" and segment > facts["keeper_limit"]:
        return "segment", _segment_facts(problem, segment), ()
    return "generic", {"keeper_limit": facts["keeper_limit"]}, ()


def _longest_segment(problem: RotationProblem) -> int:
    return max((len(seg) for seg in keeper_segments(problem)), default=0)


def _segment_facts(problem: RotationProblem, segment: int) -> dict[str, int]:
    return {
        "segment": segment,
        "keeper_limit": problem.rules.keeper_max_periods or 0,
        "half_time": int(problem.rules.keeper_changes == "half_time"),
    }


def _keeper_changes(problem: RotationProblem) -> Facts:
    half = int(problem.rules.keeper_changes == "half_time")
    for seg in keeper_segments(problem):
        if not any(
            _may_keep_somewhere(problem, p) and all(p.is_available(t) for t in seg)
            for p in problem.players
        ):
            facts = {"first": seg[0] + 1, "last": seg[-1] + 1, "half_time": half}
            return "no_keeper_throughout", facts, ()
    limit = problem.rules.keeper_max_periods
    segment = _longest_segment(problem)
    if limit is not None and segment > limit:
        return "segment", _segment_facts(problem, segment), ()
    return "generic", {"half_time": half}, ()


def _keeper_eligible(problem: RotationProblem) -> Facts:
    keepers = keeper_places(problem)
    for t in _free(problem):
        for s in keepers:
            position = problem.slots[s].position
            if not any(
                p.is_available(t) and problem.rules.rated_keeper(p, position)
                for p in problem.players
            ):
                return "none", {"period": t + 1, "place": s + 1}, ()
    count = sum(1 for p in problem.players if _may_keep_somewhere(problem, p))
    return "generic", {"keepers": count}, ()


def _bench(problem: RotationProblem) -> Facts:
    k = problem.rules.max_consecutive_bench or 0
    places, window = len(problem.slots), k + 1
    free = _free(problem)
    worst = 0
    for t0 in range(free.start, free.stop - window + 1):
        there = sum(
            1 for p in problem.players if all(p.is_available(t) for t in range(t0, t0 + window))
        )
        worst = max(worst, there)
    facts = {"bench_limit": k}
    if worst > places * window:
        facts.update(count=worst, places=places, window=window, capacity=places * window)
        return "window", facts, ()
    return "generic", facts, ()


def _full_half(problem: RotationProblem) -> Facts:
    parts = halves(len(problem.period_minutes))
    count = sum(
        1
        for p in problem.players
        if any(all(is_present(problem, p, t) for t in part) for part in parts)
    )
    places = len(problem.slots)
    most = places * (1 if set(parts[0]) & set(parts[1]) else 2)
    if count > most:
        return "capacity", {"count": count, "places": places, "most": most}, ()
    return "generic", {}, ()


def reachable_totals(problem: RotationProblem, p: RotationPlayer) -> list[int]:
    """Every total of minutes a plan could give ``p`` (periods played kept as played)."""
    n_locked = len(problem.locked)
    fixed = sum(
        m for t, m in enumerate(problem.period_minutes[:n_locked]) if p.key in problem.locked[t]
    )
    sums = {0}
    for t in _free(problem):
        if p.is_available(t):
            sums |= {s + problem.period_minutes[t] for s in sums}
    return sorted(fixed + s for s in sums)


def _min_share(problem: RotationProblem) -> Facts:
    share = problem.rules.min_share or 0.0
    total = problem.total_minutes
    places = len(problem.slots)
    floors, needs = [], []
    for p in problem.players:
        floor = share_floor(problem, p)
        totals = reachable_totals(problem, p)
        need = next((v for v in totals if v >= floor), None)
        if need is None:
            return "player", {"need": floor, "most": totals[-1]}, (p.key,)
        floors.append(floor)
        needs.append(need)
    minutes = set(problem.period_minutes)
    facts = {
        "count": len(needs),
        "share": round(100 * share),
        "total": total,
        "need": floors[0] if len(set(floors)) == 1 else 0,
        "granular": needs[0] if len(set(needs)) == 1 else 0,
        "raw": sum(floors),
        "demand": sum(needs),
        "capacity": places * total,
        "places": places,
        "period": minutes.pop() if len(minutes) == 1 else 0,
    }
    if facts["demand"] > facts["capacity"]:
        return ("capacity" if facts["raw"] > facts["capacity"] else "periods"), facts, ()
    return "generic", {"share": facts["share"]}, ()


def _forbidden(problem: RotationProblem) -> Facts:
    forbidden = problem.rules.forbidden
    for t in _free(problem):
        for s, slot in enumerate(problem.slots):
            here = [p for p in problem.players if p.is_available(t)]
            if here and all(slot.position in forbidden.get(p.key, frozenset()) for p in here):
                return "place", {"period": t + 1, "place": s + 1}, ()
    return "generic", {}, ()
