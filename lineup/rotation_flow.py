"""The stages after the spread, inside one band of minutes.

``best_in_band`` runs the path program (:mod:`lineup.rotation_program`) in the
team's priority order. A game whose network passes ``MAX_PATH_ARCS`` gets the
strongest plan on the place variables, then fewer changes a window of periods
at a time (not proven). A search that cannot finish in half the time left
gets the strongest plan alone. The certificate says what was not proven.
"""

from __future__ import annotations

import time

import numpy as np

from .rotation_data import Priority
from .rotation_model import PlaceModel
from .rotation_paths import BandPlan, BandTimeout, Network, changes_of
from .rotation_program import PathProgram, fewer_moves, left

__all__ = ["MAX_PATH_ARCS", "WINDOW", "WINDOW_SECONDS", "BandPlan", "BandTimeout", "best_in_band"]

#: Games whose paths need more arcs than this skip the path program: past it,
#: HiGHS's search for a first plan grows from tenths of a second to several
#: seconds (``docs/rotation.md``, the figures).
MAX_PATH_ARCS = 2500


def best_in_band(
    model: PlaceModel,
    band: tuple[int, int],
    score: np.ndarray,
    deadline: float,
    priority: Priority,
) -> BandPlan | None:
    """The best plan with every minute total in ``band`` (or played in full), or
    ``None`` when no plan has one. ``score`` is the score per place variable.

    The path program gets half the time left; a game too large for it
    (``MAX_PATH_ARCS``) gets the strongest plan improved window by window, and
    a search it cannot finish in time the strongest plan alone, which does not
    depend on how far a cut-short search got.
    """
    if model.nx == 0:
        return None  # nobody may fill any place
    net = Network(model, band)
    if net.n <= MAX_PATH_ARCS:
        now = time.perf_counter()
        try:
            return _with_paths(model, net, score, now + (deadline - now) / 2, priority)
        except BandTimeout:
            return _strongest(model, band, score, deadline, priority)
    # A large game: the strongest plan, then fewer changes window by window,
    # whatever the priority — finding the fewest changes first takes seconds here.
    strongest = _strongest(model, band, score, deadline, "strongest_first")
    if strongest is None:
        return None
    return _better_in_windows(model, band, score, strongest)


#: Periods re-planned at a time for games too large for the path program (windows
#: overlap by half). 6 gave the fewest substitutions per second on the bench cases.
WINDOW = 6
#: Each window's own time limit: only a safety net, so that the result does not
#: depend on the machine's load (a window takes 0.1–0.3 s here).
WINDOW_SECONDS = 2.0


def _better_in_windows(
    model: PlaceModel, band: tuple[int, int], score: np.ndarray, plan: BandPlan
) -> BandPlan:
    """Fewer changes for the strongest plan of a large game, a window of periods at a time.

    Every period outside the window keeps its places; inside it the path
    program finds the fewest keeper changes and substitutions among plans as
    strong. Windows overlap by half and each starts from the last one's plan,
    so the changes only go down. Then the field positions are re-dealt, score
    first, to keep players where they were (:func:`fewer_moves`). Not proven
    fewest overall. The windows do not share the caller's deadline but have
    their own safety limit each, so the answer is the same on a busy machine
    (the time limit can be overrun by them).
    """
    nx, n_periods = model.nx, model.n_periods
    x = np.round(plan.x)
    last = max(0, n_periods - WINDOW)
    for start in sorted({*range(0, last + 1, max(1, WINDOW // 2)), last}):
        deadline = time.perf_counter() + WINDOW_SECONDS
        inside = range(start, start + WINDOW)
        lb, ub = model.bounds.lb[:nx].copy(), model.bounds.ub[:nx].copy()
        for v, (_i, _s, t) in enumerate(model.x):
            if t not in inside:
                lb[v] = ub[v] = x[v]
        program = PathProgram(model, Network(model, band, lb, ub), score[:nx])
        try:
            found = program.fewer_changes_as_strong(deadline)
        except BandTimeout:
            continue
        if found is not None:
            x = np.round(found.x)
    x = fewer_moves(model, x, score[:nx], score_first=True)
    return BandPlan(
        x=x,
        score=round(float(score[:nx] @ x)),
        changes=changes_of(model, x),
        fewest=False,
        fewest_moves=False,
        strongest=True,
    )


def _strongest(
    model: PlaceModel,
    band: tuple[int, int],
    score: np.ndarray,
    deadline: float,
    priority: Priority,
) -> BandPlan | None:
    """The best score in ``band``, on the place variables, without the changes."""
    best = model.solve(-score, left(deadline), band)
    if best.status == 2:
        return None
    if best.status != 0:
        raise BandTimeout
    x = np.round(best.x[: model.nx])
    return BandPlan(
        x=x,
        score=round(float(score[: model.nx] @ x)),
        changes=changes_of(model, x),
        fewest=False,
        fewest_moves=False,
        strongest=priority == "strongest_first",
    )


def _with_paths(
    model: PlaceModel, net: Network, score: np.ndarray, deadline: float, priority: Priority
) -> BandPlan | None:
    return PathProgram(model, net, score[: model.nx]).lexicographic(priority, deadline)
