"""Formations per sport, and the rule for sizes that have none."""

import pytest

from lineup.formations import FORMATION_SIZES, formation_for, formations_for, positions_for


@pytest.mark.parametrize(
    ("sport", "size"),
    [
        ("football", 11),
        ("football", 9),
        ("football", 7),
        ("football", 5),
        ("futsal", 5),
        ("basketball", 5),
        ("volleyball", 6),
        ("ice_hockey", 6),
    ],
)
def test_each_sport_has_its_formation(sport, size):
    formation = formation_for(sport, size)
    assert formation.size == size
    assert all(slot.position in positions_for(sport) for slot in formation.slots)
    assert all(0 <= slot.x <= 100 and 0 <= slot.y <= 100 for slot in formation.slots)


def test_every_formation_has_one_keeper_where_the_sport_has_keepers():
    for sport, keeper in [("football", "GK"), ("futsal", "GK"), ("ice_hockey", "G")]:
        for formation in formations_for(sport):
            assert [s.position for s in formation.slots].count(keeper) == 1
            assert formation.slots[0].position == keeper


def test_a_chosen_formation_is_used_when_it_has_the_size():
    assert formation_for("football", 11, key="4-3-3").key == "4-3-3"
    assert formation_for("football", 11).key == "4-4-2"
    assert formation_for("football", 9, key="4-3-3").key == "3-3-2"


def test_a_size_between_formations_adds_open_slots_to_the_nearest_smaller_one():
    formation = formation_for("football", 8)
    assert formation.size == 8
    assert [s.position for s in formation.slots[:7]] == [
        s.position for s in formation_for("football", 7).slots
    ]
    assert formation.slots[7].position is None


def test_a_size_below_every_formation_takes_its_most_important_slots():
    formation = formation_for("basketball", 3)
    assert [s.position for s in formation.slots] == ["PG", "C", "SF"]


def test_a_sport_without_positions_has_only_open_slots():
    formation = formation_for("generic", 7)
    assert formation.size == 7
    assert {s.position for s in formation.slots} == {None}
    assert positions_for("generic") == {}


def test_sizes_with_their_own_formation_are_listed():
    assert FORMATION_SIZES["football"] == (5, 7, 9, 11)
    assert FORMATION_SIZES["generic"] == ()


@pytest.mark.parametrize(("sport", "size"), [("quidditch", 7), ("football", 0)])
def test_unknown_sports_and_empty_teams_are_refused(sport, size):
    with pytest.raises(ValueError):
        formation_for(sport, size)
