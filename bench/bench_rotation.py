"""The rotation planner on realistic games, and the worst case we could build.

Run: .venv/bin/python bench/bench_rotation.py [runs]  (median and worst per case,
and each plan's keeper changes, substitutions, position moves and what its
certificate proves per stage).
Targets (issues 5 and 15): median under 200 ms for each realistic case, with
the keeper rules and the changes-first objective; under 2 s for the 25-player
worst case. The CPU time is printed beside the wall time because HiGHS's time
limits are wall-clock. Games past ``MAX_PATH_ARCS`` (``lineup/rotation_flow.py``)
get the strongest plan with fewer changes window by window; the 16-block
worst case is past it.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from dataclasses import replace

from lineup.formations import formation_for
from lineup.rotation import (
    KEEPER_POSITIONS,
    Ledger,
    RotationPlayer,
    RotationProblem,
    Rules,
    plan_rotation,
)


def squad(sport: str, size: int, players: int, seed: int = 1) -> tuple[RotationPlayer, ...]:
    """Players rated at up to three positions, with a random half-season behind them."""
    rng = random.Random(seed)
    codes = sorted({s.position for s in formation_for(sport, size).slots if s.position})
    out = []
    for i in range(1, players + 1):
        positions = {c: rng.randint(0, 6) for c in rng.sample(codes, min(3, len(codes)))}
        out.append(
            RotationPlayer(
                key=str(i),
                name=f"P{i}",
                number=i,
                ratings={c: rng.randint(30, 95) for c in positions},
                ledger=Ledger(
                    games=6,
                    periods=sum(positions.values()),
                    bench_periods=rng.randint(0, 12),
                    positions=positions,
                ),
            )
        )
    return tuple(out)


def measure(label: str, problem: RotationProblem, runs: int) -> None:
    times, cpu = [], []
    result = None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = plan_rotation(problem)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert result is not None
    plan = result.plan or (result.diagnosis.closest if result.diagnosis else None)
    if plan is None:
        rule = result.diagnosis.rule if result.diagnosis else "?"
        print(
            f"{label:<56} median {statistics.median(times) * 1000:6.0f} ms"
            f" (CPU {statistics.median(cpu) * 1000:4.0f} ms)   worst {max(times) * 1000:6.0f} ms\n"
            f"{'':<56} no plan: {rule}"
        )
        return
    cert = plan.certificate
    proven = [
        name
        for name, flag in (
            ("keeper changes", cert.fewest_keeper_changes),
            ("substitutions", cert.fewest_substitutions),
            ("moves", cert.fewest_moves),
            ("strength", cert.strongest),
        )
        if flag
    ]
    by_key = {p.key: p for p in plan.players}
    unrated = sum(
        1
        for row in plan.grid
        for s, key in enumerate(row)
        if plan.slots[s].position in KEEPER_POSITIONS
        and by_key[key].ratings.get(plan.slots[s].position or "", 0) <= 0
    )
    print(
        f"{label:<56} median {statistics.median(times) * 1000:6.0f} ms"
        f" (CPU {statistics.median(cpu) * 1000:4.0f} ms)   worst {max(times) * 1000:6.0f} ms\n"
        f"{'':<56} {cert.status}, spread {cert.spread} (best possible {cert.best_spread});"
        f" {len(plan.keeper_changes)} keeper changes, {plan.substitutions} substitutions,"
        f" {plan.position_moves} moves; unrated keeper periods {unrated}\n"
        f"{'':<56} proven: spread, {', '.join(proven) or 'nothing else'}"
        + (f"; rules break: {result.diagnosis.rule}" if result.diagnosis else "")
    )


def case(sport: str, size: int, players: int, periods: tuple[int, ...], rules: Rules):
    return RotationProblem(
        players=squad(sport, size, players),
        slots=formation_for(sport, size).slots,
        period_minutes=periods,
        rules=rules,
    )


def both(label: str, problem: RotationProblem, runs: int) -> None:
    """The team's default (changes first), then "strongest lineups first"."""
    measure(label, problem, runs)
    strongest = replace(problem, rules=replace(problem.rules, priority="strongest_first"))
    measure("  … strongest lineups first", strongest, runs)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    # The junior preset (half the game, one period on the bench in a row) and
    # football's keeper policy (changes at half-time only).
    both(
        "football 7-a-side, 12 players, 8 blocks of 6 min",
        case(
            "football",
            7,
            12,
            (6,) * 8,
            Rules(min_share=0.5, max_consecutive_bench=1, keeper_changes="half_time"),
        ),
        runs,
    )
    both(
        "football 11-a-side, 18 players, 4 quarters of 20",
        case(
            "football",
            11,
            18,
            (20,) * 4,
            Rules(min_share=0.5, keeper_max_periods=2, full_half=True, keeper_changes="half_time"),
        ),
        runs,
    )
    both(
        "basketball, 12 players, 8 periods of 5 min",
        case("basketball", 5, 12, (5,) * 8, Rules(min_share=0.25, max_consecutive_bench=2)),
        runs,
    )
    measure(
        "7-a-side, 12 players, 16 blocks of 3 min",
        case(
            "football",
            7,
            12,
            (3,) * 16,
            Rules(min_share=0.5, max_consecutive_bench=2, keeper_changes="half_time"),
        ),
        max(3, runs // 3),
    )
    measure(
        "worst case: 11-a-side, 25 players, 8 blocks, all rules",
        case(
            "football",
            11,
            25,
            (10,) * 8,
            Rules(
                min_share=0.25,
                max_consecutive_bench=2,
                keeper_max_periods=4,
                keeper_changes="half_time",
            ),
        ),
        max(3, runs // 3),
    )
    measure(
        "worst case: 11-a-side, 25 players, 16 blocks of 5",
        case(
            "football",
            11,
            25,
            (5,) * 16,
            # A league that rotates keepers by block (at most 4 of 16). With
            # half-time keeper changes a keeper plays 40 of the 80 minutes, the
            # spread grows to 20, and ruling out each narrower band on the place
            # variables takes 5 s or more (docs/rotation.md).
            Rules(
                min_share=0.4,
                max_consecutive_bench=3,
                keeper_max_periods=4,
                keeper_changes="any_period",
            ),
        ),
        max(3, runs // 3),
    )
    measure(
        "diagnosis: 25 players, 60 % minimum share",
        case(
            "football",
            11,
            25,
            (10,) * 8,
            Rules(min_share=0.6, max_consecutive_bench=2, keeper_changes="half_time"),
        ),
        max(3, runs // 3),
    )
