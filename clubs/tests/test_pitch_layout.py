"""Every shirt and name apart and inside the lines, for
every formation of every sport, with names that tell two players apart."""

from __future__ import annotations

import itertools
import math

import pytest

from clubs import pitch_layout
from clubs.lineups import short_names
from clubs.pitch_layout import BOUNDS, layout
from lineup.formations import FORMATIONS, formation_for

#: Long surnames of the demo club: the worst case for the names' boxes.
SURNAMES = ["Lindqvist", "Kowalski", "Ferreira", "Ibrahim", "O'Brien", "Müller", "Okafor"]


def cases() -> list[tuple[str, int, str | None]]:
    """(sport, size, formation key): each formation at its size, and every size up to 16
    the site accepts for the sport (open places added or slots left out)."""
    out: list[tuple[str, int, str | None]] = [
        (sport, f.size, f.key) for sport, formations in FORMATIONS.items() for f in formations
    ]
    out += [(sport, size, None) for sport in FORMATIONS for size in range(1, 17)]
    return out


def boxes(sport: str, size: int, key: str | None) -> tuple[list, list[str], list[str]]:
    formation = formation_for(sport, size, key)
    names = [SURNAMES[i % len(SURNAMES)] for i in range(size)]
    placed, drawn = layout([(s.x, s.y) for s in formation.slots], names)
    return placed, names, drawn


@pytest.mark.parametrize(("sport", "size", "key"), cases())
def test_no_shirt_or_name_overlaps_another_and_all_stay_inside_the_lines(sport, size, key):
    placed, _, drawn = boxes(sport, size, key)
    shirts = [(f"shirt {i}", p.circle) for i, p in enumerate(placed)]
    labels = [(f"name {drawn[i]!r}", p.label) for i, p in enumerate(placed)]
    for name, box in shirts + labels:
        assert box.inside(BOUNDS), f"{name} leaves the pitch: {box}"
    for (a, box_a), (b, box_b) in itertools.product(labels, shirts + labels):
        assert a == b or not box_a.intersects(box_b), f"{a} overlaps {b}"
    for a, b in itertools.combinations(placed, 2):  # circles: by the distance of centres
        assert math.dist((a.cx, a.cy), (b.cx, b.cy)) >= 2 * pitch_layout.RADIUS


@pytest.mark.parametrize(("sport", "key"), [(s, f.key) for s in FORMATIONS for f in FORMATIONS[s]])
def test_every_formation_of_its_own_size_shows_the_whole_names(sport, key):
    size = next(f.size for f in FORMATIONS[sport] if f.key == key)
    _, names, drawn = boxes(sport, size, key)
    assert drawn == names


def test_the_keepers_name_stays_inside_the_goal_line():
    placed, _, _ = boxes("football", 11, "4-4-2")
    keeper = placed[0]  # GK is the first slot
    assert keeper.label.y1 <= pitch_layout.LINES[3]
    assert keeper.label.y1 <= keeper.circle.y0  # above the shirt: the goal line is below


def test_two_shirts_on_one_spot_are_drawn_apart():
    placed, _ = layout([(50, 50), (50, 50), (50, 50)], ["Okafor", "Silva", "Walsh"])
    for a, b in itertools.combinations(placed, 2):
        assert math.dist((a.cx, a.cy), (b.cx, b.cy)) >= 2 * pitch_layout.RADIUS


def test_names_are_the_surname_unless_two_players_share_it():
    assert short_names(["Alex Okafor", "Sam Silva", "Jo Silva", "Lena Smith", "Lila Smith"]) == [
        "Okafor",
        "S. Silva",
        "J. Silva",
        "Lena S.",
        "Lila S.",
    ]


def test_a_name_already_shortened_for_privacy_stays_as_it_is():
    assert short_names(["Maya M.", "Ravi Müller"]) == ["Maya M.", "Müller"]
