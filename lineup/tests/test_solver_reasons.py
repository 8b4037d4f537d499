"""Every reason is true as its code states, for every formation of every sport.

Hypothesis builds squads (with unfit and unavailable players) and feasible coach
constraints for each formation — including those with a position twice or
three times (CB CB, CM CM, ST ST, OH OH, MB MB, ALA ALA) — solves, and checks
each pick's reason against the ratings and the assignment. On small
formations the constrained optimum is compared with brute force.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from lineup.formations import FORMATIONS, POSITIONS, formation_for
from lineup.model import Formation, Player, Slot
from lineup.solver import Lineup, ReasonCode, best_lineup, slot_rating

EVERY_FORMATION: list[Formation] = [
    *(f for formations in FORMATIONS.values() for f in formations),
    formation_for("football", 8),  # open slots on top of 2-3-1
    formation_for("basketball", 3),  # the first slots of the smallest
    formation_for("generic", 4),  # open slots only
]
#: Small enough for brute force, with positions repeated.
SMALL_FORMATIONS: list[Formation] = [
    formation_for("football", 3),  # GK CB CB
    formation_for("volleyball", 4),  # S OPP OH OH
    formation_for("futsal", 4),
    formation_for("generic", 2),
    Formation(
        "cm-st",
        "football",
        "CM CM ST ST",
        tuple(Slot(code, POSITIONS["football"][code], 50, 50) for code in ("CM", "CM", "ST", "ST")),
    ),
    Formation(
        "gk-open",
        "football",
        "GK + open",
        (Slot("GK", "goalkeeper", 50, 3), Slot(None, "any position", 50, 50)),
    ),
]


@dataclass(frozen=True)
class Case:
    squad: list[Player]
    formation: Formation
    available: frozenset[str] | None
    pinned: frozenset[str]
    locked: dict[str, int]
    excluded: frozenset[str]

    def solve(self, squad: list[Player] | None = None) -> Lineup:
        return best_lineup(
            self.squad if squad is None else squad,
            self.formation,
            self.available,
            pinned=self.pinned,
            locked=self.locked,
            excluded=self.excluded,
        )


@st.composite
def cases(draw: st.DrawFn, formations: list[Formation], most: int) -> Case:
    formation = draw(st.sampled_from(formations))
    codes = sorted(POSITIONS[formation.sport]) or ["X"]
    # Few positions per player and ratings on a coarse scale, so ties and
    # stronger-elsewhere situations come up often.
    ratings = st.dictionaries(
        st.sampled_from(codes),
        st.integers(0, 10).map(lambda r: r * 10) | st.integers(0, 100),
        max_size=3,
    )
    size = draw(st.integers(0, most))
    numbers = draw(st.lists(st.integers(1, 99), min_size=size, max_size=size, unique=True))
    squad = [
        Player(
            key=f"k{n}",
            name=f"Player {n}",
            number=n,
            ratings=draw(ratings),
            fit=draw(st.booleans().map(lambda b: b or draw(st.booleans()))),
        )
        for n in numbers
    ]
    available = draw(st.none() | st.frozensets(st.sampled_from([p.key for p in squad] or ["-"])))
    eligible = [p.key for p in squad if p.fit and (available is None or p.key in available)]
    order = draw(st.permutations(eligible))
    places = formation.size
    n_locked = draw(st.integers(0, min(3, places, len(order))))
    lock_slots = draw(st.permutations(range(places)))[:n_locked]
    locked = dict(zip(order[:n_locked], lock_slots, strict=True))
    n_pinned = draw(st.integers(0, min(3, places - n_locked, len(order) - n_locked)))
    pinned = frozenset(order[n_locked : n_locked + n_pinned])
    rest = order[n_locked + n_pinned :]
    excluded = frozenset(draw(st.lists(st.sampled_from(rest), max_size=3)) if rest else [])
    return Case(squad, formation, available, pinned, locked, excluded)


def rating_or_zero(player: Player, slot: Slot) -> int:
    return slot_rating(player, slot) or 0


def check_reasons(case: Case, lineup: Lineup) -> None:
    """Each pick's reason, checked against the ratings and the assignment."""
    slots = case.formation.slots
    starters = {p.player.key: s for s, p in enumerate(lineup.picks) if p.player is not None}
    bench = list(lineup.bench)
    for s, pick in enumerate(lineup.picks):
        slot, player, reason = pick.slot, pick.player, pick.reason
        assert slot is slots[s]
        if player is None:
            assert reason.code == ReasonCode.EMPTY
            assert lineup.candidates < case.formation.size
            continue
        rating = slot_rating(player, slot)
        assert pick.rating == reason.rating == rating
        # The runner-up: on the bench, rated as cited here, nobody on the bench rated higher.
        bench_here = [r for p in bench if (r := slot_rating(p, slot)) is not None]
        if reason.runner_up is None:
            assert bench_here == []
        else:
            assert reason.runner_up in bench
            assert reason.runner_up_rating == slot_rating(reason.runner_up, slot)
            assert reason.runner_up_rating == max(bench_here)
        code = reason.code
        if code == ReasonCode.CHOSEN_BY_COACH_LOCKED:
            assert case.locked[player.key] == s
            continue
        if code == ReasonCode.CHOSEN_BY_COACH_PINNED:
            assert player.key in case.pinned and player.key not in case.locked
            continue
        assert player.key not in case.pinned and player.key not in case.locked
        if code == ReasonCode.OUT_OF_POSITION:
            # "Nobody better is free": no bench player is rated above 0 here.
            assert rating is None
            assert all(r == 0 for r in bench_here)
            continue
        assert rating is not None
        # Nobody on the bench is rated higher here, whatever the code.
        assert all(r <= rating for r in bench_here)
        stronger_elsewhere = [
            p
            for p in lineup.starters
            if slots[starters[p.key]].position != slot.position
            and (slot_rating(p, slot) or -1) > rating
        ]
        if code in (ReasonCode.BEST_AVAILABLE, ReasonCode.PARTNER_STRONGER):
            assert stronger_elsewhere == []
        if code == ReasonCode.BEST_AVAILABLE:
            continue
        other, where = reason.other, reason.other_slot
        assert other is not None and where is not None
        t = starters[other.key]
        assert slots[t] is where and lineup.picks[t].player == other
        assert reason.other_rating == slot_rating(other, slot)
        assert reason.other_rating is not None and reason.other_rating > rating
        if code == ReasonCode.PARTNER_STRONGER:
            assert where.position == slot.position  # the other slot of the same position
            continue
        # The three "stronger elsewhere" codes: a *different* position.
        assert where.position != slot.position
        swap = (
            reason.other_rating
            + rating_or_zero(player, where)
            - rating
            - rating_or_zero(other, where)
        )
        if code == ReasonCode.STRONGER_LOCKED_ELSEWHERE:
            assert case.locked.get(other.key) == t
        elif code == ReasonCode.STRONGER_NEEDED_ELSEWHERE:
            assert other.key not in case.locked
            assert swap < 0  # swapping them would lower the total
        else:
            assert code == ReasonCode.STRONGER_EQUAL_ELSEWHERE
            assert other.key not in case.locked
            assert swap == 0


def check_constraints(case: Case, lineup: Lineup) -> None:
    where = {p.player.key: s for s, p in enumerate(lineup.picks) if p.player is not None}
    for key, s in case.locked.items():
        assert where[key] == s
    assert case.pinned <= where.keys()
    assert not case.excluded & where.keys()
    assert not case.excluded & {p.key for p in lineup.bench}
    for player in case.squad:
        if not player.fit or (case.available is not None and player.key not in case.available):
            assert player.key not in where


@settings(max_examples=400, deadline=None)
@given(case=cases(EVERY_FORMATION, most=16))
def test_every_reason_is_true_as_worded_for_every_formation(case):
    lineup = case.solve()
    check_constraints(case, lineup)
    check_reasons(case, lineup)


def _brute_total(case: Case, at: dict[str, int]) -> int:
    by_key = {p.key: p for p in case.squad}
    return sum(rating_or_zero(by_key[k], case.formation.slots[s]) for k, s in at.items())


def brute_force(case: Case) -> tuple[int, int]:
    """(filled slots, total rating) of the best lineup that respects the constraints."""
    slots = case.formation.slots
    pool = [
        p.key
        for p in case.squad
        if p.fit
        and (case.available is None or p.key in case.available)
        and p.key not in case.excluded
    ]
    best = (-1, -1)
    for k in range(min(len(pool), len(slots)) + 1):
        for chosen_slots in itertools.combinations(range(len(slots)), k):
            for keys in itertools.permutations(pool, k):
                at = dict(zip(keys, chosen_slots, strict=True))
                if any(at.get(key) != s for key, s in case.locked.items()):
                    continue
                if not case.pinned <= at.keys():
                    continue
                best = max(best, (k, _brute_total(case, at)))
    return best


@settings(max_examples=300, deadline=None)
@given(case=cases(SMALL_FORMATIONS, most=6))
def test_the_constrained_optimum_equals_brute_force_on_small_squads(case):
    lineup = case.solve()
    check_constraints(case, lineup)
    check_reasons(case, lineup)
    filled = case.formation.size - lineup.shortfall
    assert (filled, lineup.total_rating) == brute_force(case)


@settings(max_examples=200, deadline=None)
@given(case=cases(EVERY_FORMATION, most=12), seed=st.integers(0, 10**6))
def test_the_same_squad_and_constraints_in_any_order_give_the_same_lineup(case, seed):
    shuffled = case.squad[:]
    random.Random(seed).shuffle(shuffled)
    a, b = case.solve(), case.solve(shuffled)
    assert a == b
