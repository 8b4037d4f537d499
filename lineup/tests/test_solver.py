"""The lineup solver: exact, deterministic, explained."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineup.formations import formation_for
from lineup.model import Formation, Player, Slot
from lineup.solver import MAX_PLAYERS, Reason, ReasonCode, best_lineup, slot_rating


def player(number: int, **ratings: int) -> Player:
    return Player(key=f"p{number}", name=f"Player {number}", number=number, ratings=ratings)


def small_formation(*positions: str | None) -> Formation:
    return Formation(
        key="t",
        sport="test",
        name="test",
        slots=tuple(
            Slot(position=p, label=p or "any position", x=50, y=10 * i)
            for i, p in enumerate(positions)
        ),
    )


def brute_force(squad: list[Player], formation: Formation) -> tuple[int, int]:
    """(filled slots, total rating) of the best lineup, by trying every assignment."""
    best = (0, 0)
    slots = formation.slots
    for k in range(min(len(squad), len(slots)) + 1):
        for chosen_slots in itertools.combinations(range(len(slots)), k):
            for players in itertools.permutations(squad, k):
                total = sum(
                    slot_rating(p, slots[s]) or 0
                    for p, s in zip(players, chosen_slots, strict=True)
                )
                best = max(best, (k, total))
    return best


POSITIONS = ["GK", "CB", "ST"]
ratings = st.dictionaries(st.sampled_from(POSITIONS), st.integers(0, 100), max_size=3)
squads = st.lists(ratings, min_size=0, max_size=6).map(
    lambda rs: [player(i + 1, **r) for i, r in enumerate(rs)]
)
formations = st.lists(st.sampled_from([*POSITIONS, None]), min_size=1, max_size=4).map(
    lambda ps: small_formation(*ps)
)


@settings(max_examples=300, deadline=None)
@given(squad=squads, formation=formations)
def test_the_total_rating_equals_brute_force_on_small_squads(squad, formation):
    result = best_lineup(squad, formation)
    filled = formation.size - result.shortfall
    assert (filled, result.total_rating) == brute_force(squad, formation)


@settings(max_examples=200, deadline=None)
@given(squad=squads, formation=formations, seed=st.integers(0, 10**6))
def test_the_same_squad_in_any_order_gives_the_same_lineup(squad, formation, seed):
    shuffled = squad[:]
    random.Random(seed).shuffle(shuffled)
    a, b = best_lineup(squad, formation), best_lineup(shuffled, formation)
    assert [p.player for p in a.picks] == [p.player for p in b.picks]
    assert a.bench == b.bench


@settings(max_examples=200, deadline=None)
@given(squad=squads, formation=formations)
def test_every_available_player_is_picked_or_on_the_bench_exactly_once(squad, formation):
    result = best_lineup(squad, formation)
    starters = [p.key for p in result.starters]
    assert len(starters) == len(set(starters))
    assert sorted(starters + [p.key for p in result.bench]) == sorted(p.key for p in squad)
    assert result.shortfall == max(0, formation.size - len(squad))


def test_it_is_not_greedy():
    # Greedy would give the keeper slot to No. 1 (best overall) and leave a weak striker.
    squad = [player(1, GK=90, ST=95), player(2, GK=85), player(3, ST=40)]
    result = best_lineup(squad, small_formation("GK", "ST"))
    assert [p.player.number for p in result.picks] == [2, 1]
    assert result.total_rating == 180


def test_ties_go_to_the_lower_shirt_number():
    squad = [player(9, ST=70), player(3, ST=70), player(7, ST=70)]
    result = best_lineup(squad, small_formation("ST", "ST"))
    assert sorted(p.player.number for p in result.picks) == [3, 7]
    assert [p.number for p in result.bench] == [9]


def test_the_lower_number_takes_the_more_important_slot_when_all_else_is_equal():
    squad = [player(8, CB=70), player(4, CB=70)]
    result = best_lineup(squad, small_formation("CB", "CB"))
    assert [p.player.number for p in result.picks] == [4, 8]


def test_the_bench_is_ordered_by_best_rating_then_shirt_number():
    squad = [player(1, GK=99), player(5, CB=60), player(2, ST=80), player(4, GK=60, CB=10)]
    result = best_lineup(squad, small_formation("GK"))
    assert [p.number for p in result.bench] == [2, 4, 5]


def test_unavailable_and_unfit_players_are_never_picked():
    squad = [
        player(1, GK=99),
        player(2, GK=50),
        Player(key="p3", name="Hurt", number=3, ratings={"GK": 98}, fit=False),
    ]
    result = best_lineup(squad, small_formation("GK"), available={"p2", "p3"})
    assert result.picks[0].player.number == 2
    assert result.bench == ()
    assert result.candidates == 1


def test_a_player_out_of_position_fills_a_slot_rather_than_leaving_it_empty():
    squad = [player(1, ST=80), player(2, ST=70)]
    result = best_lineup(squad, small_formation("GK", "ST"))
    assert result.shortfall == 0
    keeper = result.picks[0]
    assert keeper.player.number == 2 and keeper.out_of_position
    assert keeper.reason.code == ReasonCode.OUT_OF_POSITION


def test_too_few_players_leaves_the_least_important_slots_empty_and_says_so():
    result = best_lineup([player(1, GK=80)], small_formation("GK", "ST"))
    assert result.shortfall == 1
    assert result.picks[1].player is None
    assert result.picks[1].reason == Reason(ReasonCode.EMPTY)


def test_each_pick_explains_itself_with_the_next_best():
    squad = [player(4, LB=84), player(7, LB=71), player(9, LB=30)]
    result = best_lineup(squad, Formation("t", "test", "t", (Slot("LB", "left back", 10, 20),)))
    assert result.picks[0].reason == Reason(
        ReasonCode.BEST_AVAILABLE, rating=84, runner_up=squad[1], runner_up_rating=71
    )


def test_a_stronger_player_needed_elsewhere_is_named():
    squad = [player(1, GK=90, CB=85), player(2, GK=80), player(3, CB=50)]
    result = best_lineup(squad, small_formation("GK", "CB"))
    # 1 in goal + 3 at CB = 140; 2 in goal + 1 at CB = 165.
    assert [p.player.number for p in result.picks] == [2, 1]
    reason = result.picks[0].reason
    assert reason.code == ReasonCode.STRONGER_NEEDED_ELSEWHERE
    assert (reason.other, reason.other_slot, reason.other_rating) == (
        squad[0],
        result.picks[1].slot,
        90,
    )


def test_a_stronger_team_mate_at_the_same_position_is_not_needed_elsewhere():
    # Issue 14: "No. 26 is stronger here but needed more elsewhere" when No. 26
    # plays the other centre-back slot. Both are centre backs: say that instead.
    squad = [player(26, CB=85), player(28, CB=77), player(30, CB=60)]
    result = best_lineup(squad, small_formation("CB", "CB"))
    second = result.picks[1]
    assert second.player.number == 28
    assert second.reason.code == ReasonCode.PARTNER_STRONGER
    assert second.reason.other.number == 26 and second.reason.other_rating == 85
    assert second.reason.other_slot == result.picks[0].slot
    assert second.reason.runner_up.number == 30


def test_a_stronger_player_whose_swap_changes_nothing_is_not_called_needed_elsewhere():
    # The swap ties: 1 up front and 2 at the back make 70 + 70, the other way 80 + 60.
    squad = [player(1, CB=80, ST=70), player(2, CB=70, ST=60)]
    result = best_lineup(squad, small_formation("ST", "CB"))
    by_number = {p.player.number: p for p in result.picks}
    assert result.total_rating == 140
    weaker = next(p for p in result.picks if p.reason.code != ReasonCode.BEST_AVAILABLE)
    assert weaker.reason.code == ReasonCode.STRONGER_EQUAL_ELSEWHERE
    assert weaker.reason.other.number in by_number


def test_an_eleven_from_a_realistic_squad_uses_every_slot_once():
    rng = random.Random(7)
    formation = formation_for("football", 11)
    codes = sorted({s.position for s in formation.slots if s.position})
    squad = [
        player(n, **{c: rng.randint(30, 95) for c in rng.sample(codes, 3)}) for n in range(1, 23)
    ]
    result = best_lineup(squad, formation)
    assert result.shortfall == 0 and len(result.bench) == 11
    assert len({p.player.key for p in result.picks}) == 11


def test_squads_past_the_bound_are_refused():
    squad = [player(n) for n in range(MAX_PLAYERS + 1)]
    with pytest.raises(ValueError, match="more than 200"):
        best_lineup(squad, small_formation("GK"))


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError, match="distinct key"):
        best_lineup([player(1), player(1)], small_formation("GK"))
