"""The best lineup: an exact assignment of available players to formation slots.

The problem is a maximum-weight bipartite matching (players × slots), solved
exactly with the Hungarian method (:func:`scipy.optimize.linear_sum_assignment`),
never greedily. The objective is lexicographic, folded into one integer weight
per (player, slot) pair so that no float rounding can reorder it:

1. fill as many slots as possible (a player may play out of position: the slot
   counts as filled but adds no rating);
2. the largest total rating;
3. among equal totals, the players who come first in the **canonical order**
   (shirt number, then key) — "ties go to the lower shirt number";
4. among those, lower shirt numbers take the more important slots (slots are
   listed in order of importance in each formation).

The squad is sorted canonically before the matrix is built, so the answer does
not depend on the order the caller passes players in: the same data always
gives the same lineup, which is what makes ``/best/<team>/<n>/`` bookmarkable.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from .model import Formation, Player, Slot

#: Bumped whenever a change could give a different lineup for the same data
#: (the web layer folds it into the lineup's ETag).
SOLVER_VERSION = "1"

MAX_PLAYERS = 200
MAX_SLOTS = 30


@dataclass(frozen=True, slots=True)
class Pick:
    """Who fills one slot, and why.

    ``rating`` is ``None`` when the player plays out of position (or the slot
    is empty). ``stronger_elsewhere`` is a better-rated player for this slot
    who is needed more in another one; ``runner_up`` the best player left on
    the bench for this slot.
    """

    slot: Slot
    player: Player | None
    rating: int | None
    stronger_elsewhere: Player | None = None
    runner_up: Player | None = None
    runner_up_rating: int | None = None

    @property
    def out_of_position(self) -> bool:
        return self.player is not None and self.rating is None

    @property
    def reason(self) -> str:
        """The choice in one English sentence (the web pages translate their own)."""
        slot = self.slot.label
        if self.player is None:
            return f"Nobody is left to play {slot}."
        who = f"No. {self.player.number}"
        if self.rating is None:
            text = f"{who}: nobody better is free for {slot}; plays out of position"
        elif self.stronger_elsewhere is not None:
            text = (
                f"{who}: rated {self.rating} at {slot}; No. {self.stronger_elsewhere.number} "
                f"is stronger here but needed more elsewhere"
            )
        else:
            text = f"{who}: best {slot} available, rated {self.rating}"
        if self.runner_up is not None:
            rated = "" if self.runner_up_rating is None else f", rated {self.runner_up_rating}"
            text += f"; next best No. {self.runner_up.number}{rated}"
        return text + "."


@dataclass(frozen=True, slots=True)
class Lineup:
    formation: Formation
    picks: tuple[Pick, ...]
    bench: tuple[Player, ...]
    total_rating: int
    candidates: int

    @property
    def shortfall(self) -> int:
        """Places that stay empty because too few players are available."""
        return sum(1 for pick in self.picks if pick.player is None)

    @property
    def starters(self) -> tuple[Player, ...]:
        return tuple(p.player for p in self.picks if p.player is not None)


def canonical(players: Iterable[Player]) -> list[Player]:
    """The documented order every tie is broken by: shirt number, then key."""
    return sorted(players, key=lambda p: (p.number, p.key))


def slot_rating(player: Player, slot: Slot) -> int | None:
    """The player's rating in ``slot``; ``None`` if it is not one of their positions."""
    return player.rating_for(slot.position)


def best_lineup(
    squad: Iterable[Player], formation: Formation, available: Collection[str] | None = None
) -> Lineup:
    """The optimal lineup of ``formation`` from the fit players of ``squad``.

    ``available`` is the set of player keys who may play (``None``: everyone
    fit). Raises :class:`ValueError` for squads or formations past the bounds
    the web layer also enforces.
    """
    players = canonical(squad)
    if len(players) > MAX_PLAYERS:
        raise ValueError(f"A squad of {len(players)} is more than {MAX_PLAYERS} players.")
    if formation.size > MAX_SLOTS:
        raise ValueError(f"A formation of {formation.size} is more than {MAX_SLOTS} slots.")
    if len({p.key for p in players}) != len(players):
        raise ValueError("Every player needs a distinct key.")
    candidates = [p for p in players if p.fit and (available is None or p.key in available)]
    slots = formation.slots
    chosen = _assign(candidates, slots)

    picked = {id(player) for player in chosen if player is not None}
    bench = sorted(
        (p for p in candidates if id(p) not in picked),
        key=lambda p: (-p.best_rating, p.number, p.key),
    )
    picks = tuple(
        _explain(slot, player, chosen, bench) for slot, player in zip(slots, chosen, strict=True)
    )
    total = sum(pick.rating or 0 for pick in picks)
    return Lineup(
        formation=formation,
        picks=picks,
        bench=tuple(bench),
        total_rating=total,
        candidates=len(candidates),
    )


def _assign(candidates: list[Player], slots: tuple[Slot, ...]) -> list[Player | None]:
    """For each slot, its player (or ``None``), maximising the lexicographic objective."""
    n, m = len(candidates), len(slots)
    if n == 0 or m == 0:
        return [None] * m
    # Weights, from the least to the most significant term; each unit of a
    # term outweighs the largest possible sum of all the terms below it.
    # Exact in float64: the biggest total stays far below 2**53.
    place_unit = 1  # rank × slot index (rearrangement:
    #                                                  maximising it gives low ranks low indices)
    rank_unit = place_unit * (n * m * m + 1)  # canonical rank
    rating_unit = rank_unit * (n * m + 1)  # rating points
    filled_unit = rating_unit * (100 * m + 1)  # a filled slot
    rank = np.arange(n, dtype=np.float64)[:, None]
    index = np.arange(m, dtype=np.float64)[None, :]
    ratings = np.array(
        [[slot_rating(p, s) or 0 for s in slots] for p in candidates], dtype=np.float64
    )
    weight = (
        filled_unit
        + rating_unit * ratings
        - rank_unit * (rank + 1)
        + place_unit * (rank + 1) * index
    )
    rows, cols = linear_sum_assignment(weight, maximize=True)
    chosen: list[Player | None] = [None] * m
    for r, c in zip(rows, cols, strict=True):
        chosen[c] = candidates[r]
    return chosen


def _explain(
    slot: Slot, player: Player | None, chosen: list[Player | None], bench: list[Player]
) -> Pick:
    if player is None:
        return Pick(slot=slot, player=None, rating=None)
    rating = slot_rating(player, slot)
    stronger = None
    if rating is not None:
        better = [
            p
            for p in chosen
            if p is not None and p is not player and (slot_rating(p, slot) or -1) > rating
        ]
        stronger = canonical(better)[0] if better else None
    runner_up, runner_up_rating = None, None
    rated_bench = [(slot_rating(p, slot), p) for p in bench]
    rated_bench = [(r, p) for r, p in rated_bench if r is not None]
    if rated_bench:
        runner_up_rating, runner_up = max(rated_bench, key=lambda rp: (rp[0], -rp[1].number))
    return Pick(
        slot=slot,
        player=player,
        rating=rating,
        stronger_elsewhere=stronger,
        runner_up=runner_up,
        runner_up_rating=runner_up_rating,
    )
