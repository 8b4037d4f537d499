"""Where the shirts and their names go on the pitch drawing, so that none overlap.

Pure geometry over plain tuples, in the drawing's user units (a 68 × 105 portrait
pitch, own goal at the bottom). The formations of :mod:`lineup.formations` say where a
position plays; this module only makes that readable: it pushes apart shirts that would
touch, then gives each name the first free place around its shirt — below, above,
beside — inside the lines and clear of every other shirt and name. The boxes it returns
are what ``clubs/tests/test_pitch_layout.py`` checks for every formation of every sport.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: The pitch drawing and its lines (templates/clubs/includes/pitch.html).
WIDTH, HEIGHT, MARGIN = 68.0, 105.0, 6.0
LINES = (3.0, 3.0, 65.0, 102.0)
#: A shirt's circle and the name's type (static/css/site.css: .pitch .name).
RADIUS, FONT = 4.2, 3.2
#: Width of one character of the bold name, in font sizes: wider than the average
#: glyph of the common sans-serif faces, so the box holds the real text.
CHAR_WIDTH = 0.68
#: The name's outline (paint-order stroke) and a little air around every box.
PAD = 0.45
#: Centres at least this far apart: two shirts never touch, and a name fits between.
MIN_DISTANCE = 2 * RADIUS + 1.6


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


BOUNDS = Box(*LINES)


@dataclass(frozen=True)
class Placed:
    """One shirt: its centre, and its name's box and baseline start (absolute units)."""

    cx: float
    cy: float
    label_x: float
    label_y: float
    circle: Box
    label: Box


def circle_box(cx: float, cy: float) -> Box:
    return Box(cx - RADIUS, cy - RADIUS, cx + RADIUS, cy + RADIUS)


def text_width(text: str, font: float = FONT) -> float:
    return len(text) * CHAR_WIDTH * font


def _label_box(x: float, baseline: float, width: float) -> Box:
    """The box of a name starting at ``x`` on ``baseline``: accents above, descenders below."""
    return Box(x - PAD, baseline - 0.95 * FONT - PAD, x + width + PAD, baseline + 0.25 * FONT + PAD)


def to_drawing(x: float, y: float) -> tuple[float, float]:
    """A formation's 0–100 coordinates (y from own goal) to the drawing's units."""
    usable_w, usable_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    return MARGIN + x / 100 * usable_w, HEIGHT - MARGIN - y / 100 * usable_h


def spread(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Centres pushed apart until no two are closer than ``MIN_DISTANCE``, inside the lines.

    A few rounds of pairwise pushes; deterministic (ties part left-right by order).
    """
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    lo_x, hi_x = LINES[0] + RADIUS + 0.5, LINES[2] - RADIUS - 0.5
    lo_y, hi_y = LINES[1] + RADIUS + 0.5, LINES[3] - RADIUS - 0.5
    for _ in range(200):
        moved = False
        for i in range(len(xs)):
            for j in range(i + 1, len(xs)):
                dx, dy = xs[j] - xs[i], ys[j] - ys[i]
                distance = math.hypot(dx, dy)
                if distance >= MIN_DISTANCE - 1e-6:
                    continue
                if distance < 1e-6:
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (MIN_DISTANCE - distance) / 2 + 0.05
                ux, uy = dx / distance, dy / distance
                xs[i], ys[i] = xs[i] - ux * push, ys[i] - uy * push
                xs[j], ys[j] = xs[j] + ux * push, ys[j] + uy * push
                moved = True
        xs = [min(max(x, lo_x), hi_x) for x in xs]
        ys = [min(max(y, lo_y), hi_y) for y in ys]
        if not moved:
            break
    return [(round(x, 2), round(y, 2)) for x, y in zip(xs, ys, strict=True)]


def _candidates(cx: float, cy: float, width: float) -> list[tuple[float, float]]:
    """Where a name may start (x, baseline): below, above, then beside its shirt."""
    below = cy + RADIUS + 0.4 + 0.95 * FONT + PAD
    above = cy - RADIUS - 0.4 - 0.25 * FONT - PAD
    middle = cy + 0.35 * FONT
    out = []
    for baseline in (below, above):
        centred = cx - width / 2
        # Near a touchline the name slides inwards, still under (or over) its shirt.
        lo, hi = LINES[0] + PAD, LINES[2] - PAD - width
        out.append((min(max(centred, lo), hi), baseline))
        out += [(centred + shift * width, baseline) for shift in (-1 / 3, 1 / 3, -1 / 2, 1 / 2)]
    out += [(cx + RADIUS + 0.6 + PAD, middle), (cx - RADIUS - 0.6 - PAD - width, middle)]
    return out


def place(points: Sequence[tuple[float, float]], names: Sequence[str]) -> list[Placed] | None:
    """A place for every name, none overlapping a shirt or another name, all inside the
    lines; ``None`` if there is none (the caller shortens the names and tries again).

    A depth-first search over each name's candidate places, shirts in the given order
    (the keeper first), with a bound on the work.
    """
    circles = [circle_box(cx, cy) for cx, cy in points]
    options: list[list[tuple[float, float, Box]]] = []
    for (cx, cy), name in zip(points, names, strict=True):
        width = text_width(name)
        fits = []
        for x, baseline in _candidates(cx, cy, width):
            box = _label_box(x, baseline, width)
            if box.inside(BOUNDS) and not any(box.intersects(c) for c in circles):
                fits.append((x, baseline, box))
        if not fits:
            return None
        options.append(fits)
    # The most constrained names first, and a name is only tried where every name still
    # to come keeps a free place (forward checking): rarely any backtracking at all.
    order = sorted(range(len(options)), key=lambda k: (len(options[k]), k))
    chosen: dict[int, tuple[float, float, Box]] = {}
    budget = [2000]

    def search(depth: int) -> bool:
        if depth == len(order):
            return True
        k = order[depth]
        for option in options[k]:
            budget[0] -= 1
            if budget[0] < 0:
                return False
            if any(option[2].intersects(c[2]) for c in chosen.values()):
                continue
            chosen[k] = option
            rest_ok = all(
                any(
                    not o[2].intersects(option[2])
                    and not any(o[2].intersects(c[2]) for c in chosen.values())
                    for o in options[later]
                )
                for later in order[depth + 1 :]
            )
            if rest_ok and search(depth + 1):
                return True
            del chosen[k]
        return False

    if not search(0):
        return None
    return [
        Placed(
            cx=cx,
            cy=cy,
            label_x=round(x, 2),
            label_y=round(baseline, 2),
            circle=circle,
            label=box,
        )
        for (cx, cy), circle, (x, baseline, box) in zip(
            points, circles, (chosen[k] for k in range(len(points))), strict=True
        )
    ]


def layout(
    slots: Sequence[tuple[float, float]], names: Sequence[str]
) -> tuple[list[Placed], list[str]]:
    """Shirts and names for the formation's ``slots`` (0–100 coordinates).

    Returns the placed shirts and the names as drawn: cut shorter (with "…") only when
    the full names cannot all be placed.
    """
    points = spread([to_drawing(x, y) for x, y in slots])
    longest = max((len(n) for n in names), default=0)
    # The longest names give way first, a letter at a time, down to "Ok…".
    for most in range(longest, 2, -1):
        drawn = [n if len(n) <= most else n[: most - 1] + "…" for n in names]
        placed = place(points, drawn)
        if placed is not None:
            return placed, drawn
    drawn = ["" for _ in names]  # the shirt numbers alone; the list beside names them
    placed = place(points, drawn)
    assert placed is not None
    return placed, drawn
