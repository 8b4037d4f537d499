"""The fair-play rotation planner: who plays where in every period of a game.

Exact integer programs solved with :func:`scipy.optimize.milp` (HiGHS), in
lexicographic stages (the model is written up in ``docs/rotation.md``):

1. the smallest **spread** of playing time (largest minus smallest minutes)
   that the team's rules allow — the rules are hard constraints throughout;
2. then, in the team's :data:`~lineup.rotation_data.Priority` order, the
   **changes** — fewest keeper changes, then fewest substitutions, then fewest
   position moves — and the **score** — the strongest and most varied
   positions, minutes going first to the players the season ledger shows sat
   more. ``fewest_changes`` (the default) puts the changes first,
   ``strongest_first`` the score.

The stages after the spread run together inside each band of minutes, over
each player's legal paths (:mod:`lineup.rotation_flow`).

The answer carries a certificate: the spread found, the best spread any plan
could reach (proved by the solver's bound), and which later stages were proven.
When the rules cannot all hold, the planner names the rule that breaks, says
what is true about it as data (:mod:`lineup.rotation_diagnosis`; the web layer
words it), and returns the closest plan with that rule relaxed.

Players are sorted canonically (shirt number, then key) before the model is
built, and HiGHS is deterministic for a given model, so the same inputs always
give the same plan whatever order the caller passes them in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from .rotation_data import (
    KEEPER_CHANGES,
    KEEPER_POSITIONS,
    MAX_PERIODS,
    MAX_PLAYERS,
    MAX_SLOTS,
    PRIORITIES,
    ROTATION_VERSION,
    RULE_NAMES,
    Break,
    Certificate,
    Diagnosis,
    KeeperChange,
    KeeperChanges,
    Ledger,
    Plan,
    Priority,
    RotationPlayer,
    RotationProblem,
    RotationResult,
    Rules,
    Status,
    canonical,
    default_keeper_changes,
    half_time_break,
    halves,
    share_minutes,
)
from .rotation_diagnosis import diagnose, structural
from .rotation_milp import OutOfTime, closest_plan, solve

__all__ = [
    "KEEPER_CHANGES",
    "KEEPER_POSITIONS",
    "MAX_PERIODS",
    "MAX_PLAYERS",
    "MAX_SLOTS",
    "PRIORITIES",
    "ROTATION_VERSION",
    "RULE_NAMES",
    "Break",
    "Certificate",
    "Diagnosis",
    "KeeperChange",
    "KeeperChanges",
    "Ledger",
    "Plan",
    "PlayerCompliance",
    "Priority",
    "RotationPlayer",
    "RotationProblem",
    "RotationResult",
    "RuleCheck",
    "Rules",
    "Status",
    "canonical",
    "compliance",
    "default_keeper_changes",
    "half_time_break",
    "halves",
    "plan_rotation",
]


def plan_rotation(problem: RotationProblem, *, time_limit: float = 2.0) -> RotationResult:
    """The fairest plan for ``problem`` under its rules, or a diagnosis.

    ``time_limit`` bounds the whole search. The certificate says what was
    proven: the spread always (or the bound the time limit left); the changes
    and the score unless the game was too large for the path program or the
    clock cut it short — then the strongest plan stands (improved window by
    window for large games), so the answer never depends on how far a
    cut-short search got.

    Raises :class:`ValueError` for inputs past the bounds, duplicate keys,
    locked periods that do not match the slots and players, a starting lineup
    of the wrong length, or an unknown keeper policy or priority. A starting
    lineup that cannot hold is a diagnosis (``first_period``), not an error.
    """
    start = time.perf_counter()
    problem = replace(problem, players=tuple(canonical(problem.players)))
    _validate(problem)
    deadline = start + time_limit
    found = structural(problem)
    if found is not None:
        closest = None
        if found.rule == "first_period":
            closest = closest_plan(replace(problem, first_period=None), deadline, start)
        return RotationResult(plan=None, diagnosis=replace(found, closest=closest))
    try:
        plan = solve(problem, deadline, start)
    except OutOfTime:
        return RotationResult(
            plan=None,
            diagnosis=Diagnosis(
                rule="time",
                code="time",
                closest=None,
                facts={"milliseconds": round(time_limit * 1000)},
            ),
        )
    if plan is not None:
        return RotationResult(plan=plan)
    diagnosis = diagnose(problem, lambda relaxed: closest_plan(relaxed, deadline, start))
    return RotationResult(plan=None, diagnosis=diagnosis)


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
    if problem.first_period is not None and len(problem.first_period) != len(slots):
        raise ValueError("A starting lineup names one player (or None) per place.")
    rules = problem.rules
    if rules.keeper_changes not in KEEPER_CHANGES:
        raise ValueError(f"Unknown keeper policy {rules.keeper_changes!r}.")
    if rules.priority not in PRIORITIES:
        raise ValueError(f"Unknown priority {rules.priority!r}.")


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

    Independent of the solver (it reads only the grid and the players'
    availability), so a club official can trust it for any plan, including one
    a coach changed by hand. Availability exempts as the planner does: a
    player is "there" in a period they were available for or played; the
    minimum share is that share of the minutes they were there for (an injured
    player is not failed for the periods after the injury, a late arrival not
    for the periods before arriving); bench runs and halves only count while
    they were there. A player who kept goal is also checked against "only
    rated or allowed keepers" (while that rule is on).
    """
    minutes = plan.period_minutes
    n = len(minutes)
    out = []
    for p in plan.players:
        on = [p.key in row for row in plan.grid]
        played = sum(m for m, o in zip(minutes, on, strict=True) if o)
        present = [p.is_available(t) or on[t] for t in range(n)]
        checks = []
        if rules.min_share is not None:
            could = sum(m for m, here in zip(minutes, present, strict=True) if here)
            need = share_minutes(rules.min_share, could)
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
        if rules.rated_keepers_only:
            unrated = [
                s
                for row in plan.grid
                for s, key in enumerate(row)
                if key == p.key and plan.slots[s].position in KEEPER_POSITIONS
            ]
            if unrated:
                wrong = sum(1 for s in unrated if not rules.rated_keeper(p, plan.slots[s].position))
                checks.append(RuleCheck("keeper_eligible", wrong == 0, wrong, 0))
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
