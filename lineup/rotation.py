"""The fair-play rotation planner: who plays where in every period of a game.

An exact integer program solved with :func:`scipy.optimize.milp` (HiGHS), in
three lexicographic stages (the model is written up in ``docs/rotation.md``):

1. the smallest **spread** of playing time (largest minus smallest minutes)
   that the team's rules allow;
2. with that spread fixed, the strongest and most varied positions, minutes
   going first to the players the season ledger shows sat more;
3. with that fixed too, the fewest substitutions.

Stages 2 and 3 run together inside each band of minutes, over each player's
legal on/off paths (:mod:`lineup.rotation_flow`).

The answer carries a certificate: the spread found, the best spread any plan
could reach (proved by the solver's bound), and whether the time limit cut
the search short. When the rules cannot all hold, the planner names the rule
that breaks, says why in one sentence, and returns the closest plan with that
rule relaxed.

Players are sorted canonically (shirt number, then key) before the model is
built, and HiGHS is deterministic for a given model, so the same inputs always
give the same plan whatever order the caller passes them in.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

from .rotation_data import (
    KEEPER_POSITIONS,
    MAX_PERIODS,
    MAX_PLAYERS,
    MAX_SLOTS,
    ROTATION_VERSION,
    RULE_NAMES,
    Break,
    Certificate,
    Diagnosis,
    Ledger,
    Plan,
    RotationPlayer,
    RotationProblem,
    RotationResult,
    Rules,
    Status,
    canonical,
    halves,
)
from .rotation_milp import OutOfTime, closest_plan, solve

__all__ = [
    "KEEPER_POSITIONS",
    "MAX_PERIODS",
    "MAX_PLAYERS",
    "MAX_SLOTS",
    "ROTATION_VERSION",
    "RULE_NAMES",
    "Break",
    "Certificate",
    "Diagnosis",
    "Ledger",
    "Plan",
    "PlayerCompliance",
    "RotationPlayer",
    "RotationProblem",
    "RotationResult",
    "RuleCheck",
    "Rules",
    "Status",
    "canonical",
    "compliance",
    "halves",
    "plan_rotation",
]


def plan_rotation(problem: RotationProblem, *, time_limit: float = 2.0) -> RotationResult:
    """The fairest plan for ``problem`` under its rules, or a diagnosis.

    ``time_limit`` bounds the whole search. The certificate says what was
    proven: the spread always (or the bound the time limit left), the score
    and the fewest substitutions unless the game was too large for the
    substitution tie-break or the clock cut it short — then the strongest plan
    stands without it, so the answer never depends on how far a cut-short
    search got.

    Raises :class:`ValueError` for inputs past the bounds, duplicate keys, or
    locked periods that do not match the slots and players.
    """
    start = time.perf_counter()
    problem = replace(problem, players=tuple(canonical(problem.players)))
    _validate(problem)
    short = _short_period(problem)
    if short is not None:
        t, have = short
        return RotationResult(
            plan=None,
            diagnosis=Diagnosis(
                rule="squad",
                reason=(
                    f"Period {t + 1} has {have} players available for {len(problem.slots)} places."
                ),
                closest=None,
            ),
        )
    deadline = start + time_limit
    try:
        plan = solve(problem, deadline, start)
    except OutOfTime:
        return RotationResult(
            plan=None,
            diagnosis=Diagnosis(
                rule="time",
                reason=f"No plan was found within the time limit of {time_limit:g} seconds.",
                closest=None,
                facts={"milliseconds": round(time_limit * 1000)},
            ),
        )
    if plan is not None:
        return RotationResult(plan=plan)
    for rule in RULE_NAMES:
        relaxed = replace(problem, rules=problem.rules.without(rule))
        if relaxed.rules == problem.rules:
            continue
        closest = closest_plan(relaxed, deadline, start)
        if closest is not None:
            return RotationResult(
                plan=None,
                diagnosis=Diagnosis(
                    rule=rule,
                    reason=_why(problem, rule),
                    closest=closest,
                    facts=_facts(problem),
                ),
            )
    bare = replace(problem, rules=Rules())
    closest = closest_plan(bare, deadline, start)
    return RotationResult(
        plan=None,
        diagnosis=Diagnosis(
            rule="several",
            reason="No single rule can be relaxed to make a plan; the rules clash together.",
            closest=closest,
            facts=_facts(problem),
        ),
    )


def _validate(problem: RotationProblem) -> None:
    players, slots, periods = problem.players, problem.slots, problem.period_minutes
    if not slots:
        raise ValueError("A rotation needs at least one place on the field.")
    if len(players) > MAX_PLAYERS:
        raise ValueError(f"A squad of {len(players)} is more than {MAX_PLAYERS} players.")
    if len(slots) > MAX_SLOTS:
        raise ValueError(f"{len(slots)} places is more than {MAX_SLOTS}.")
    if not 1 <= len(periods) <= MAX_PERIODS:
        raise ValueError(f"A game has 1 to {MAX_PERIODS} periods, not {len(periods)}.")
    if any(m < 1 or m > 200 for m in periods):
        raise ValueError("Every period lasts between 1 and 200 minutes.")
    if len({p.key for p in players}) != len(players):
        raise ValueError("Every player needs a distinct key.")
    share = problem.rules.min_share
    if share is not None and not 0 <= share <= 1:
        raise ValueError("The minimum share is between 0 and 1.")
    keys = {p.key for p in players}
    if len(problem.locked) > len(periods):
        raise ValueError("More locked periods than periods.")
    for row in problem.locked:
        if len(row) != len(slots) or len(set(row)) != len(row) or not set(row) <= keys:
            raise ValueError("A locked period must name one known player per place.")


def _short_period(problem: RotationProblem) -> tuple[int, int] | None:
    for t in range(len(problem.locked), len(problem.period_minutes)):
        have = sum(1 for p in problem.players if p.is_available(t))
        if have < len(problem.slots):
            return t, have
    return None


def _facts(problem: RotationProblem) -> dict[str, int]:
    """The counts the diagnosis sentences are made of."""
    rules, slots = problem.rules, problem.slots
    keeper_places = [s for s in slots if s.position in KEEPER_POSITIONS]
    can_keep = sum(
        1
        for p in problem.players
        if not any(s.position in rules.forbidden.get(p.key, frozenset()) for s in keeper_places)
    )
    return {
        "players": len(problem.players),
        "places": len(slots),
        "periods": len(problem.period_minutes),
        "minutes": problem.total_minutes,
        "capacity": len(slots) * problem.total_minutes,
        "keeper_periods": len(keeper_places) * len(problem.period_minutes),
        "keepers": can_keep,
        "keeper_limit": rules.keeper_max_periods or 0,
        "bench_limit": rules.max_consecutive_bench or 0,
        "share": round(100 * (rules.min_share or 0)),
    }


def _why(problem: RotationProblem, rule: str) -> str:
    """One sentence on why ``rule`` cannot hold together with the others."""
    rules = problem.rules
    players, slots = problem.players, problem.slots
    if rule == "keeper":
        facts = _facts(problem)
        return (
            f"The goal needs a keeper in {facts['keeper_periods']} periods, but "
            f"{facts['keepers']} players may keep goal for at most "
            f"{rules.keeper_max_periods} periods each, alongside the other rules."
        )
    if rule == "bench":
        return (
            f"With {len(players)} players for {len(slots)} places, someone has to sit more "
            f"than {rules.max_consecutive_bench} periods in a row."
        )
    if rule == "full_half":
        return (
            f"{len(players)} players cannot each play a whole half when only {len(slots)} "
            f"are on the field at once."
        )
    if rule == "min_share":
        share = round(100 * (rules.min_share or 0))
        capacity = len(slots) * problem.total_minutes
        return (
            f"{len(players)} players × {share} % of {problem.total_minutes} minutes needs more "
            f"than the {capacity} player-minutes the game has, alongside the other rules."
        )
    return "The positions players may not play leave a place that nobody can fill."


@dataclass(frozen=True, slots=True)
class RuleCheck:
    rule: str
    passed: bool
    #: The measured value the rule is about (minutes, periods in a row, periods in goal …).
    value: int
    #: The limit it is checked against.
    limit: int


@dataclass(frozen=True, slots=True)
class PlayerCompliance:
    key: str
    minutes: int
    checks: tuple[RuleCheck, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


def compliance(plan: Plan, rules: Rules) -> tuple[PlayerCompliance, ...]:
    """Each player's minutes against every rule that is on, pass or fail.

    Independent of the solver (it reads only the grid), so a club official can
    trust it for any plan, including one a coach changed by hand. A player's
    availability exempts them as the planner does: the minimum share is capped
    at the minutes they were there for; bench runs and halves only count while
    they were there.
    """
    minutes = plan.period_minutes
    total = sum(minutes)
    n = len(minutes)
    out = []
    for p in plan.players:
        on = [p.key in row for row in plan.grid]
        played = sum(m for m, o in zip(minutes, on, strict=True) if o)
        present = [p.is_available(t) or on[t] for t in range(n)]
        checks = []
        if rules.min_share is not None:
            floor = math.ceil(rules.min_share * total - 1e-9)
            could = sum(m for m, here in zip(minutes, present, strict=True) if here)
            need = min(floor, could)
            checks.append(RuleCheck("min_share", played >= need, played, need))
        if rules.max_consecutive_bench is not None:
            longest = run = 0
            for t in range(n):
                run = run + 1 if present[t] and not on[t] else 0
                longest = max(longest, run)
            limit = rules.max_consecutive_bench
            checks.append(RuleCheck("bench", longest <= limit, longest, limit))
        if rules.keeper_max_periods is not None:
            kept = sum(
                1
                for row in plan.grid
                for s, key in enumerate(row)
                if key == p.key and plan.slots[s].position in KEEPER_POSITIONS
            )
            limit = rules.keeper_max_periods
            checks.append(RuleCheck("keeper", kept <= limit, kept, limit))
        if rules.full_half:
            parts = [h for h in halves(n) if all(present[t] for t in h)]
            whole = sum(1 for h in parts if all(on[t] for t in h))
            checks.append(RuleCheck("full_half", whole >= 1 or not parts, whole, 1 if parts else 0))
        banned = rules.forbidden.get(p.key, frozenset())
        if banned:
            wrong = sum(
                1
                for row in plan.grid
                for s, key in enumerate(row)
                if key == p.key and plan.slots[s].position in banned
            )
            checks.append(RuleCheck("forbidden", wrong == 0, wrong, 0))
        out.append(PlayerCompliance(key=p.key, minutes=played, checks=tuple(checks)))
    return tuple(out)
