"""The best lineup: an exact assignment of available players to formation slots.

The problem is a maximum-weight bipartite matching (players × slots), solved
exactly with the Hungarian method (:func:`scipy.optimize.linear_sum_assignment`),
never greedily. The objective is lexicographic, folded into one integer weight
per (player, slot) pair so that no float rounding can reorder it:

0. the coach's choices hold: every **locked** player fills their slot, every
   **pinned** player starts somewhere, no **excluded** player starts;
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

Each pick carries a structured :class:`Reason` (a code and the numbers and
team-mates it cites), never a sentence: the web layer words it. Every code is
true as its docstring states, and a property test checks each one against the
assignment.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
from scipy.optimize import linear_sum_assignment

from .model import MAX_RATING, MIN_RATING, Formation, Player, Slot

#: Bumped whenever a change could give a different lineup for the same data
#: (the web layer folds it into the lineup's ETag).
SOLVER_VERSION = "2"

MAX_PLAYERS = 200
MAX_SLOTS = 30


class ReasonCode(StrEnum):
    """Why a slot holds who it holds. Each member says exactly what is true."""

    #: Nobody is left to fill the slot.
    EMPTY = "empty"
    #: The coach locked this player to this slot.
    CHOSEN_BY_COACH_LOCKED = "chosen_by_coach_locked"
    #: The coach pinned this player to start; the solver chose the slot.
    CHOSEN_BY_COACH_PINNED = "chosen_by_coach_pinned"
    #: The player has no rating for the slot's position, and no player on the
    #: bench is rated above 0 there.
    OUT_OF_POSITION = "out_of_position"
    #: Nobody on the bench and nobody playing another position is rated higher
    #: for this slot (team-mates in other slots of the *same* position are not
    #: compared: see ``partner_stronger``).
    BEST_AVAILABLE = "best_available"
    #: As ``best_available``, but ``other`` — rated ``other_rating`` here, more
    #: than this player — plays another slot of the same position.
    PARTNER_STRONGER = "partner_stronger"
    #: ``other`` is rated higher here but plays a different position, and
    #: swapping the two would lower the team's total rating.
    STRONGER_NEEDED_ELSEWHERE = "stronger_needed_elsewhere"
    #: ``other`` is rated higher here but plays a different position, and
    #: swapping the two would leave the total rating the same (the tie-break
    #: of shirt numbers decided).
    STRONGER_EQUAL_ELSEWHERE = "stronger_equal_elsewhere"
    #: ``other`` is rated higher here but the coach locked them to another
    #: slot of a different position.
    STRONGER_LOCKED_ELSEWHERE = "stronger_locked_elsewhere"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one pick, as data: a :class:`ReasonCode` and what it cites.

    ``rating`` is the pick's rating for the slot (``None``: out of position or
    empty). ``other`` is the team-mate the code compares with, ``other_slot``
    where they play and ``other_rating`` *their rating for this slot*.
    ``runner_up`` is the best player left on the bench with a rating for this
    slot's position, rated ``runner_up_rating`` there (no bench player is rated
    higher; ``None``: nobody on the bench has a rating there).
    """

    code: ReasonCode
    rating: int | None = None
    other: Player | None = None
    other_slot: Slot | None = None
    other_rating: int | None = None
    runner_up: Player | None = None
    runner_up_rating: int | None = None


@dataclass(frozen=True, slots=True)
class Pick:
    """Who fills one slot, and why.

    ``rating`` is ``None`` when the player plays out of position (or the slot
    is empty).
    """

    slot: Slot
    player: Player | None
    rating: int | None
    reason: Reason

    @property
    def out_of_position(self) -> bool:
        return self.player is not None and self.rating is None


@dataclass(frozen=True, slots=True)
class Lineup:
    formation: Formation
    picks: tuple[Pick, ...]
    bench: tuple[Player, ...]
    total_rating: int
    #: Players who could be picked (fit, available, not left out by the coach).
    candidates: int
    #: Fit and available players the coach left out, in canonical order.
    excluded: tuple[Player, ...] = ()
    pinned: frozenset[str] = frozenset()
    locked: Mapping[str, int] = field(default_factory=dict)

    @property
    def shortfall(self) -> int:
        """Places that stay empty because too few players are available."""
        return sum(1 for pick in self.picks if pick.player is None)

    @property
    def starters(self) -> tuple[Player, ...]:
        return tuple(p.player for p in self.picks if p.player is not None)


class ConstraintCode(StrEnum):
    """Why the coach's pins, locks and exclusions cannot all hold."""

    #: A pinned, locked or excluded key is not in the squad.
    UNKNOWN_PLAYER = "unknown_player"
    #: A pinned or locked player is not fit.
    UNFIT = "unfit"
    #: A pinned or locked player is not among ``available``.
    UNAVAILABLE = "unavailable"
    #: A player is both pinned or locked and excluded.
    EXCLUDED = "excluded"
    #: A lock names a slot index the formation does not have.
    SLOT_OUT_OF_RANGE = "slot_out_of_range"
    #: Two players are locked to one slot.
    SLOT_LOCKED_TWICE = "slot_locked_twice"
    #: More players pinned and locked than the formation has slots.
    TOO_MANY_CHOSEN = "too_many_chosen"


class LineupConstraintError(ValueError):
    """The coach's constraints cannot all hold; ``code`` says which clash.

    ``players`` are the keys concerned (sorted), ``slot`` the slot index for
    the slot codes, ``chosen``/``places`` the counts for ``too_many_chosen``.
    The message is for programmers; the web layer words the code.
    """

    def __init__(
        self,
        code: ConstraintCode,
        *,
        players: tuple[str, ...] = (),
        slot: int | None = None,
        chosen: int = 0,
        places: int = 0,
    ) -> None:
        self.code = code
        self.players = players
        self.slot = slot
        self.chosen = chosen
        self.places = places
        detail = ", ".join(players)
        super().__init__(f"{code.value}: players [{detail}], slot {slot}, {chosen}/{places}")


def canonical(players: Iterable[Player]) -> list[Player]:
    """The documented order every tie is broken by: shirt number, then key."""
    return sorted(players, key=lambda p: (p.number, p.key))


def slot_rating(player: Player, slot: Slot) -> int | None:
    """The player's rating in ``slot``; ``None`` if it is not one of their positions."""
    return player.rating_for(slot.position)


def best_lineup(
    squad: Iterable[Player],
    formation: Formation,
    available: Collection[str] | None = None,
    *,
    pinned: Collection[str] = frozenset(),
    locked: Mapping[str, int] | None = None,
    excluded: Collection[str] = frozenset(),
) -> Lineup:
    """The optimal lineup of ``formation`` from the fit players of ``squad``.

    ``available`` is the set of player keys who may play (``None``: everyone
    fit). The coach's choices are constraints, and the answer is the exact
    optimum among the lineups that respect them: ``pinned`` keys start (in the
    slot the solver finds best), ``locked`` maps a key to the slot index it
    must fill, ``excluded`` keys never start (and are not on the bench).

    A pinned or locked player must be in the squad, fit, available and not
    excluded; locks need distinct slots in range, and pinned plus locked
    players at most one per slot — otherwise :class:`LineupConstraintError`
    (a :class:`ValueError`) with a :class:`ConstraintCode`. Plain
    :class:`ValueError` for squads or formations past the bounds the web layer
    also enforces, duplicate keys, or ratings outside 0–100.
    """
    players = canonical(squad)
    if len(players) > MAX_PLAYERS:
        raise ValueError(f"A squad of {len(players)} is more than {MAX_PLAYERS} players.")
    if formation.size > MAX_SLOTS:
        raise ValueError(f"A formation of {formation.size} is more than {MAX_SLOTS} slots.")
    if len({p.key for p in players}) != len(players):
        raise ValueError("Every player needs a distinct key.")
    if any(not MIN_RATING <= r <= MAX_RATING for p in players for r in p.ratings.values()):
        raise ValueError(f"Ratings run from {MIN_RATING} to {MAX_RATING}.")
    locks = dict(locked or {})
    pins = frozenset(pinned) - locks.keys()
    outs = frozenset(excluded)
    _check_constraints(players, formation, available, pins, locks, outs)

    eligible = [p for p in players if p.fit and (available is None or p.key in available)]
    candidates = [p for p in eligible if p.key not in outs]
    slots = formation.slots
    chosen = _assign(candidates, slots, pins, locks)

    picked = {player.key for player in chosen if player is not None}
    bench = sorted(
        (p for p in candidates if p.key not in picked),
        key=lambda p: (-p.best_rating, p.number, p.key),
    )
    picks = tuple(
        Pick(
            slot=slot,
            player=player,
            rating=None if player is None else slot_rating(player, slot),
            reason=_explain(s, chosen, slots, bench, pins, locks),
        )
        for s, (slot, player) in enumerate(zip(slots, chosen, strict=True))
    )
    total = sum(pick.rating or 0 for pick in picks)
    return Lineup(
        formation=formation,
        picks=picks,
        bench=tuple(bench),
        total_rating=total,
        candidates=len(candidates),
        excluded=tuple(p for p in eligible if p.key in outs),
        pinned=pins,
        locked=locks,
    )


def _check_constraints(
    players: list[Player],
    formation: Formation,
    available: Collection[str] | None,
    pins: frozenset[str],
    locks: dict[str, int],
    outs: frozenset[str],
) -> None:
    """Raise :class:`LineupConstraintError` for the first clash, in a fixed order."""
    by_key = {p.key: p for p in players}
    chosen = sorted(pins | locks.keys())
    unknown = tuple(sorted(k for k in (*chosen, *outs) if k not in by_key))
    if unknown:
        raise LineupConstraintError(ConstraintCode.UNKNOWN_PLAYER, players=unknown)
    both = tuple(k for k in chosen if k in outs)
    if both:
        raise LineupConstraintError(ConstraintCode.EXCLUDED, players=both)
    unfit = tuple(k for k in chosen if not by_key[k].fit)
    if unfit:
        raise LineupConstraintError(ConstraintCode.UNFIT, players=unfit)
    if available is not None:
        away = tuple(k for k in chosen if k not in available)
        if away:
            raise LineupConstraintError(ConstraintCode.UNAVAILABLE, players=away)
    for key, slot in sorted(locks.items(), key=lambda kv: (kv[1], kv[0])):
        if not 0 <= slot < formation.size:
            raise LineupConstraintError(ConstraintCode.SLOT_OUT_OF_RANGE, players=(key,), slot=slot)
    taken: dict[int, list[str]] = {}
    for key, slot in locks.items():
        taken.setdefault(slot, []).append(key)
    for slot in sorted(taken):
        if len(taken[slot]) > 1:
            raise LineupConstraintError(
                ConstraintCode.SLOT_LOCKED_TWICE, players=tuple(sorted(taken[slot])), slot=slot
            )
    if len(chosen) > formation.size:
        raise LineupConstraintError(
            ConstraintCode.TOO_MANY_CHOSEN,
            players=tuple(chosen),
            chosen=len(chosen),
            places=formation.size,
        )


def _assign(
    candidates: list[Player],
    slots: tuple[Slot, ...],
    pins: frozenset[str],
    locks: Mapping[str, int],
) -> list[Player | None]:
    """For each slot, its player (or ``None``), maximising the lexicographic objective.

    Locked players take their slots outright (their rows and columns leave the
    matrix, which changes nothing else: every player can fill every slot).
    Pinned players get one more "filled" unit: a lineup that fills the most
    slots can always include every pinned player (there are at most as many
    as free slots), so that extra unit decides only between such lineups and
    lineups that leave a pinned player out — never against the rating.
    """
    m = len(slots)
    chosen: list[Player | None] = [None] * m
    by_key = {p.key: p for p in candidates}
    for key, s in locks.items():
        chosen[s] = by_key[key]
    rest = [p for p in candidates if p.key not in locks]
    free = [s for s in range(m) if chosen[s] is None]
    n = len(rest)
    if n == 0 or not free:
        return chosen
    # Weights, from the least to the most significant term; each unit of a
    # term outweighs the largest possible sum of all the terms below it.
    # Exact in float64: the biggest total (~2e14) stays far below 2**53.
    place_unit = 1  # rank × slot index (rearrangement: maximising it gives low ranks low indices)
    rank_unit = place_unit * (n * m * m + 1)  # canonical rank
    rating_unit = rank_unit * (n * m + 1)  # rating points
    filled_unit = rating_unit * (MAX_RATING * m + 1)  # a filled slot (and a pinned player)
    rank = np.arange(n, dtype=np.float64)[:, None]
    index = np.array(free, dtype=np.float64)[None, :]
    ratings = np.array(
        [[slot_rating(p, slots[s]) or 0 for s in free] for p in rest], dtype=np.float64
    )
    is_pinned = np.array([p.key in pins for p in rest], dtype=np.float64)[:, None]
    weight = (
        filled_unit * (1 + is_pinned)
        + rating_unit * ratings
        - rank_unit * (rank + 1)
        + place_unit * (rank + 1) * index
    )
    rows, cols = linear_sum_assignment(weight, maximize=True)
    for r, c in zip(rows, cols, strict=True):
        chosen[free[c]] = rest[r]
    return chosen


def _explain(
    s: int,
    chosen: list[Player | None],
    slots: tuple[Slot, ...],
    bench: list[Player],
    pins: frozenset[str],
    locks: Mapping[str, int],
) -> Reason:
    slot, player = slots[s], chosen[s]
    if player is None:
        return Reason(ReasonCode.EMPTY)
    rating = slot_rating(player, slot)
    runner_up, runner_up_rating = _runner_up(slot, bench)
    best = Reason(
        ReasonCode.BEST_AVAILABLE,
        rating=rating,
        runner_up=runner_up,
        runner_up_rating=runner_up_rating,
    )
    if player.key in locks:
        return replace(best, code=ReasonCode.CHOSEN_BY_COACH_LOCKED)
    if player.key in pins:
        return replace(best, code=ReasonCode.CHOSEN_BY_COACH_PINNED)
    if rating is None:
        return replace(best, code=ReasonCode.OUT_OF_POSITION)
    # Team-mates rated higher for this slot, by how their own slot compares.
    elsewhere: list[tuple[int, int, int, str, int]] = []  # (class, -rating, number, key, slot)
    partners: list[tuple[int, int, str, int]] = []
    for t, other in enumerate(chosen):
        if other is None or t == s:
            continue
        theirs = slot_rating(other, slot)
        if theirs is None or theirs <= rating:
            continue
        if slots[t].position == slot.position:
            partners.append((-theirs, other.number, other.key, t))
            continue
        if other.key in locks:
            kind = 2
        else:
            # The swap's change in total rating; never positive for an optimal lineup.
            delta = (
                theirs
                + (slot_rating(player, slots[t]) or 0)
                - rating
                - (slot_rating(other, slots[t]) or 0)
            )
            kind = 0 if delta < 0 else 1
        elsewhere.append((kind, -theirs, other.number, other.key, t))
    if elsewhere:
        kind, minus, _number, _key, t = min(elsewhere)
        code = (
            ReasonCode.STRONGER_NEEDED_ELSEWHERE,
            ReasonCode.STRONGER_EQUAL_ELSEWHERE,
            ReasonCode.STRONGER_LOCKED_ELSEWHERE,
        )[kind]
        return replace(best, code=code, other=chosen[t], other_slot=slots[t], other_rating=-minus)
    if partners:
        minus, _number, _key, t = min(partners)
        return replace(
            best,
            code=ReasonCode.PARTNER_STRONGER,
            other=chosen[t],
            other_slot=slots[t],
            other_rating=-minus,
        )
    return best


def _runner_up(slot: Slot, bench: list[Player]) -> tuple[Player | None, int | None]:
    """The best bench player with a rating for ``slot`` (ties: canonical order)."""
    rated = [(r, p) for p in bench if (r := slot_rating(p, slot)) is not None]
    if not rated:
        return None, None
    rating, player = min(rated, key=lambda rp: (-rp[0], rp[1].number, rp[1].key))
    return player, rating


def swap_locks(lineup: Lineup, key_a: str, key_b: str) -> dict[str, int]:
    """The locks that realise the coach's "swap these two" on ``lineup``.

    Two starters swap slots (both locked, each to the other's slot). A starter
    and a bench player: the bench player is locked to the starter's slot and
    nothing else is pinned, so the starter goes to the bench or wherever the
    solver finds best. The caller replaces any locks it held for the two keys
    with these. :class:`ValueError` when neither is a starter, a key is not
    in the lineup, or the two keys are the same.
    """
    if key_a == key_b:
        raise ValueError("A swap needs two different players.")
    slot_of = {p.player.key: s for s, p in enumerate(lineup.picks) if p.player is not None}
    benched = {p.key for p in lineup.bench}
    for key in (key_a, key_b):
        if key not in slot_of and key not in benched:
            raise ValueError(f"Player {key!r} is neither starting nor on the bench.")
    if key_a in slot_of and key_b in slot_of:
        return {key_a: slot_of[key_b], key_b: slot_of[key_a]}
    if key_a in slot_of:
        return {key_b: slot_of[key_a]}
    if key_b in slot_of:
        return {key_a: slot_of[key_b]}
    raise ValueError("A swap needs at least one starter.")
