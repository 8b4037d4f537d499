"""Plain data the lineup solver works on.

Nothing here knows about Django: the web application turns its rows into these
frozen dataclasses, calls the solver, and maps the answer back. That keeps the
algorithm testable without a database and reusable from any front end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: Ratings run from 0 (cannot play there) to 100 (world class).
MIN_RATING = 0
MAX_RATING = 100


@dataclass(frozen=True, slots=True)
class Player:
    """A squad member as the solver sees them.

    ``ratings`` maps position codes (``"GK"``, ``"CB"``, ``"PG"`` …) to a rating;
    a position missing from the map is one the player does not play.
    """

    key: str
    name: str
    number: int
    ratings: Mapping[str, int] = field(default_factory=dict)
    fit: bool = True

    def rating_for(self, position: str | None) -> int | None:
        """The rating at ``position``; for an open slot (``None``) the best one."""
        if position is None:
            return max(self.ratings.values(), default=0)
        return self.ratings.get(position)

    @property
    def best_rating(self) -> int:
        return max(self.ratings.values(), default=0)

    def __str__(self) -> str:
        return f"No. {self.number} {self.name}"


@dataclass(frozen=True, slots=True)
class Slot:
    """One place in a formation, with where to draw it.

    ``x`` runs 0–100 from left to right, ``y`` 0–100 from the team's own goal
    line (or baseline) to the opponent's. ``position`` ``None`` is an open slot
    that any player may fill.
    """

    position: str | None
    label: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Formation:
    key: str
    sport: str
    name: str
    slots: tuple[Slot, ...]

    @property
    def size(self) -> int:
        return len(self.slots)
