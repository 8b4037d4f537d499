"""The lineup solver alone: typical squads and the largest the site accepts.

Run: .venv/bin/python bench/bench_solver.py  (prints median and p95 per case)
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from lineup.formations import formation_for
from lineup.model import Player
from lineup.solver import MAX_PLAYERS, MAX_SLOTS, best_lineup


def squad(sport: str, size: int, players: int, seed: int = 1) -> list[Player]:
    rng = random.Random(seed)
    formation = formation_for(sport, size)
    codes = sorted({s.position for s in formation.slots if s.position}) or ["ANY"]
    return [
        Player(
            key=str(i),
            name=f"P{i}",
            number=i,
            ratings={c: rng.randint(30, 95) for c in rng.sample(codes, min(3, len(codes)))},
        )
        for i in range(1, players + 1)
    ]


def measure(
    label: str, sport: str, size: int, players: int, runs: int, *, constrained: bool = False
) -> None:
    formation = formation_for(sport, size)
    members = squad(sport, size, players)
    # A coach's choices: the three lowest numbers locked to the last slots, the
    # next three pinned, the next three left out.
    keys = [p.key for p in members]
    choices: dict[str, Any] = {}
    if constrained:
        choices = {
            "locked": {k: size - 1 - i for i, k in enumerate(keys[:3])},
            "pinned": set(keys[3:6]),
            "excluded": set(keys[6:9]),
        }
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        best_lineup(members, formation, **choices)
        times.append(time.perf_counter() - start)
    p95 = statistics.quantiles(times, n=20)[18]
    print(
        f"{label:<50} median {statistics.median(times) * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms"
    )


if __name__ == "__main__":
    measure("football 5-a-side, 10 players", "football", 5, 10, 500)
    measure("football 11-a-side, 22 players", "football", 11, 22, 500)
    measure("football 11-a-side, 40 players", "football", 11, 40, 300)
    measure("basketball 5, 15 players", "basketball", 5, 15, 500)
    measure(
        "11-a-side, 22 players, 3 locked 3 pinned 3 out", "football", 11, 22, 500, constrained=True
    )
    measure(
        f"worst case: {MAX_PLAYERS} players, {MAX_SLOTS} open slots",
        "generic",
        MAX_SLOTS,
        MAX_PLAYERS,
        50,
    )
    measure(
        f"worst case, {MAX_PLAYERS} × {MAX_SLOTS}, constrained",
        "generic",
        MAX_SLOTS,
        MAX_PLAYERS,
        50,
        constrained=True,
    )
