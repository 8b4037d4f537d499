"""The rotation planner on realistic games, and the worst case we could build.

Run: .venv/bin/python bench/bench_rotation.py  (median and worst per case, and
each plan's certificate: provably optimal or not).
Targets from issue 5: median under 200 ms for each realistic case, under 2 s
for the 25-player worst case. The CPU time is printed beside the wall time
because HiGHS's time limits are wall-clock. The substitution tie-break runs on
games whose path network has at most ``MAX_PATH_ARCS`` arcs
(``lineup/rotation_flow.py``); the 16-block worst case is past it.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from lineup.formations import formation_for
from lineup.rotation import Ledger, RotationPlayer, RotationProblem, Rules, plan_rotation


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
    assert plan is not None, result
    cert = plan.certificate
    print(
        f"{label:<52} median {statistics.median(times) * 1000:6.0f} ms"
        f" (CPU {statistics.median(cpu) * 1000:4.0f} ms)   worst {max(times) * 1000:6.0f} ms\n"
        f"{'':<52} {cert.status}, spread {cert.spread}"
        f" (best possible {cert.best_spread}), {plan.substitutions} substitutions"
        f" ({'proven fewest' if cert.fewest_substitutions else 'not proven fewest'})"
        + ("" if cert.strongest else "; stage 2 cut by the time limit")
        + (f"; rules break: {result.diagnosis.rule}" if result.diagnosis else "")
    )


def case(sport: str, size: int, players: int, periods: tuple[int, ...], rules: Rules):
    return RotationProblem(
        players=squad(sport, size, players),
        slots=formation_for(sport, size).slots,
        period_minutes=periods,
        rules=rules,
    )


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    measure(
        "football 7-a-side, 12 players, 8 blocks of 6 min",
        case(
            "football",
            7,
            12,
            (6,) * 8,
            Rules(min_share=0.5, max_consecutive_bench=1, keeper_max_periods=2),
        ),
        runs,
    )
    measure(
        "football 11-a-side, 18 players, 4 quarters of 20",
        case(
            "football",
            11,
            18,
            (20,) * 4,
            Rules(min_share=0.5, keeper_max_periods=2, full_half=True),
        ),
        runs,
    )
    measure(
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
            Rules(min_share=0.5, max_consecutive_bench=2, keeper_max_periods=4),
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
                keeper_max_periods=2,
                full_half=False,
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
            Rules(min_share=0.4, max_consecutive_bench=3, keeper_max_periods=4),
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
            Rules(min_share=0.6, max_consecutive_bench=2, keeper_max_periods=2),
        ),
        max(3, runs // 3),
    )
