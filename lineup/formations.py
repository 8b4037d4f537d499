"""Formations per sport, and the rule for team sizes that have none.

Each formation lists its slots **in order of importance** (keeper and spine
first). The order matters twice: when a size is smaller than every formation
of the sport, the first ``n`` slots are used; and it is the last tie-break of
the solver (between equally good lineups, the lower shirt number takes the
more important slot).

The rule for a size without a formation of its own (documented in
``docs/lineup.md``):

* a formation of exactly that size is used as it is (the team's chosen one
  if it has that size, otherwise the sport's default);
* a larger size takes the largest smaller formation and adds open slots
  ("any position") for the extra players;
* a size smaller than every formation takes the first ``n`` slots of the
  smallest one;
* a sport without positions (``generic``) has only open slots: the best
  ``n`` players by rating.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Formation, Slot

#: Position codes and their names, per sport. A ``generic`` sport has none.
POSITIONS: dict[str, dict[str, str]] = {
    "football": {
        "GK": "goalkeeper",
        "RB": "right back",
        "CB": "centre back",
        "LB": "left back",
        "RWB": "right wing-back",
        "LWB": "left wing-back",
        "DM": "defensive midfielder",
        "CM": "central midfielder",
        "RM": "right midfielder",
        "LM": "left midfielder",
        "AM": "attacking midfielder",
        "RW": "right winger",
        "LW": "left winger",
        "ST": "striker",
    },
    "futsal": {
        "GK": "goalkeeper",
        "FIXO": "fixo (last defender)",
        "ALA": "ala (winger)",
        "PIVO": "pivô (target player)",
    },
    "basketball": {
        "PG": "point guard",
        "SG": "shooting guard",
        "SF": "small forward",
        "PF": "power forward",
        "C": "centre",
    },
    "volleyball": {
        "S": "setter",
        "OH": "outside hitter",
        "MB": "middle blocker",
        "OPP": "opposite",
        "L": "libero",
    },
    "ice_hockey": {
        "G": "goaltender",
        "LD": "left defence",
        "RD": "right defence",
        "LW": "left wing",
        "C": "centre",
        "RW": "right wing",
    },
    "generic": {},
}

#: The label of a slot any player may fill.
OPEN_LABEL = "any position"


def _formation(
    sport: str, key: str, name: str, slots: Iterable[tuple[str, float, float]]
) -> Formation:
    names = POSITIONS[sport]
    return Formation(
        key=key,
        sport=sport,
        name=name,
        slots=tuple(Slot(position=code, label=names[code], x=x, y=y) for code, x, y in slots),
    )


#: Every sport's formations; the first of each size is that size's default.
FORMATIONS: dict[str, tuple[Formation, ...]] = {
    "football": (
        _formation(
            "football",
            "4-4-2",
            "4-4-2",
            [
                ("GK", 50, 3),
                ("CB", 33, 20),
                ("CB", 67, 20),
                ("CM", 33, 50),
                ("CM", 67, 50),
                ("ST", 33, 85),
                ("ST", 67, 85),
                ("RB", 88, 25),
                ("LB", 12, 25),
                ("RM", 88, 58),
                ("LM", 12, 58),
            ],
        ),
        _formation(
            "football",
            "4-3-3",
            "4-3-3",
            [
                ("GK", 50, 3),
                ("CB", 33, 20),
                ("CB", 67, 20),
                ("DM", 50, 42),
                ("ST", 50, 88),
                ("CM", 30, 55),
                ("CM", 70, 55),
                ("RB", 88, 25),
                ("LB", 12, 25),
                ("RW", 85, 80),
                ("LW", 15, 80),
            ],
        ),
        _formation(
            "football",
            "3-5-2",
            "3-5-2",
            [
                ("GK", 50, 3),
                ("CB", 50, 18),
                ("CB", 28, 21),
                ("CB", 72, 21),
                ("CM", 35, 48),
                ("CM", 65, 48),
                ("ST", 33, 87),
                ("ST", 67, 87),
                ("RWB", 90, 50),
                ("LWB", 10, 50),
                ("AM", 50, 68),
            ],
        ),
        _formation(
            "football",
            "3-3-2",
            "3-3-2 (9-a-side)",
            [
                ("GK", 50, 3),
                ("CB", 50, 20),
                ("CM", 50, 52),
                ("ST", 36, 85),
                ("ST", 64, 85),
                ("RB", 82, 24),
                ("LB", 18, 24),
                ("RM", 84, 58),
                ("LM", 16, 58),
            ],
        ),
        _formation(
            "football",
            "2-3-1",
            "2-3-1 (7-a-side)",
            [
                ("GK", 50, 3),
                ("CB", 34, 22),
                ("CB", 66, 22),
                ("CM", 50, 52),
                ("ST", 50, 85),
                ("RM", 84, 58),
                ("LM", 16, 58),
            ],
        ),
        _formation(
            "football",
            "2-1-1",
            "2-1-1 (5-a-side)",
            [
                ("GK", 50, 3),
                ("CB", 30, 25),
                ("ST", 50, 82),
                ("CM", 50, 55),
                ("CB", 70, 25),
            ],
        ),
    ),
    "futsal": (
        _formation(
            "futsal",
            "futsal-3-1",
            "3-1 (futsal)",
            [
                ("GK", 50, 3),
                ("FIXO", 50, 25),
                ("PIVO", 50, 82),
                ("ALA", 18, 52),
                ("ALA", 82, 52),
            ],
        ),
    ),
    "basketball": (
        _formation(
            "basketball",
            "basketball-5",
            "2 guards, 2 forwards, centre",
            [
                ("PG", 50, 25),
                ("C", 50, 78),
                ("SF", 82, 62),
                ("SG", 20, 40),
                ("PF", 22, 72),
            ],
        ),
    ),
    "volleyball": (
        _formation(
            "volleyball",
            "volleyball-5-1",
            "5-1",
            [
                ("S", 82, 45),
                ("OPP", 18, 45),
                ("OH", 82, 88),
                ("OH", 18, 20),
                ("MB", 50, 88),
                ("MB", 50, 20),
            ],
        ),
    ),
    "ice_hockey": (
        _formation(
            "ice_hockey",
            "hockey-6",
            "2 defence, 3 forwards",
            [
                ("G", 50, 4),
                ("C", 50, 62),
                ("LD", 30, 30),
                ("RD", 70, 30),
                ("LW", 18, 78),
                ("RW", 82, 78),
            ],
        ),
    ),
    "generic": (),
}

#: The sizes with a formation of their own, per sport (the form suggests them).
FORMATION_SIZES: dict[str, tuple[int, ...]] = {
    sport: tuple(sorted({f.size for f in formations})) for sport, formations in FORMATIONS.items()
}


def positions_for(sport: str) -> dict[str, str]:
    """The sport's position codes and names; empty for a sport without positions."""
    _check_sport(sport)
    return POSITIONS[sport]


def formations_for(sport: str) -> tuple[Formation, ...]:
    _check_sport(sport)
    return FORMATIONS[sport]


def formation_for(sport: str, size: int, key: str | None = None) -> Formation:
    """The formation for ``size`` players, following the rule in the module docstring."""
    _check_sport(sport)
    if size < 1:
        raise ValueError(f"A team needs at least one player, not {size}.")
    formations = FORMATIONS[sport]
    if not formations:
        return _open_formation(sport, size)
    exact = [f for f in formations if f.size == size]
    if exact:
        return next((f for f in exact if f.key == key), exact[0])
    smaller = [f for f in formations if f.size < size]
    if smaller:
        largest = max(f.size for f in smaller)
        base = next(f for f in smaller if f.size == largest)
        if key is not None:
            base = next((f for f in smaller if f.size == largest and f.key == key), base)
        return _with_open_slots(base, size - base.size)
    smallest = min(formations, key=lambda f: f.size)
    return Formation(
        key=f"{smallest.key}/{size}",
        sport=sport,
        name=f"{size} from {smallest.name}",
        slots=smallest.slots[:size],
    )


def _check_sport(sport: str) -> None:
    if sport not in POSITIONS:
        raise ValueError(f"Unknown sport {sport!r}; known: {', '.join(POSITIONS)}.")


def _with_open_slots(base: Formation, extra: int) -> Formation:
    """``base`` plus ``extra`` open slots, drawn in a row across the middle third."""
    opens = tuple(
        Slot(position=None, label=OPEN_LABEL, x=_spread(i, extra), y=38 if i % 2 else 68)
        for i in range(extra)
    )
    return Formation(
        key=f"{base.key}+{extra}",
        sport=base.sport,
        name=f"{base.name} + {extra} open",
        slots=base.slots + opens,
    )


def _open_formation(sport: str, size: int) -> Formation:
    """Only open slots, in rows of up to four from the back to the front."""
    rows = [list(range(i, min(i + 4, size))) for i in range(0, size, 4)]
    slots: list[Slot] = []
    for r, row in enumerate(rows):
        y = 15 + (70 * r / (len(rows) - 1) if len(rows) > 1 else 35)
        slots.extend(
            Slot(position=None, label=OPEN_LABEL, x=_spread(i, len(row)), y=y)
            for i, _ in enumerate(row)
        )
    return Formation(
        key=f"open-{size}", sport=sport, name=f"{size} open places", slots=tuple(slots)
    )


def _spread(index: int, count: int) -> float:
    """x for the ``index``-th of ``count`` markers spread evenly across the width."""
    return round(100 * (index + 1) / (count + 1), 2)
