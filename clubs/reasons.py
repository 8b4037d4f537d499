"""The lineup solver's structured reasons, worded for people and translators.

``lineup.solver`` returns a :class:`~lineup.solver.Reason` per pick — a code and
the numbers and team-mates it cites — and never a sentence. This module words
them with gettext at call time (safe to call under any active language), with
named placeholders so a translation may reorder them. Each sentence says no
more than its code guarantees (``lineup/solver.py`` documents the codes, and
``lineup/tests/test_solver_reasons.py`` checks them against the assignment).

``with_ratings=False`` gives sentences without ratings or comparisons with
team-mates ("No. 7 plays centre back."), for pages where those must not show
(junior players seen from outside the club).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clubs.positions import position_name
from lineup.solver import ConstraintCode, LineupConstraintError, Pick, ReasonCode


def reason_sentence(pick: Pick, *, with_ratings: bool = True) -> str:
    """Why ``pick`` holds who it holds, in one or two sentences."""
    reason, player, slot = pick.reason, pick.player, position_name(pick.slot.label)
    if player is None:
        return _("Nobody is left to play %(slot)s.") % {"slot": slot}
    coach = reason.code in (ReasonCode.CHOSEN_BY_COACH_LOCKED, ReasonCode.CHOSEN_BY_COACH_PINNED)
    if not with_ratings:
        if coach:
            return _("No. %(number)s plays %(slot)s, chosen by the coach.") % {
                "number": player.number,
                "slot": slot,
            }
        return _("No. %(number)s plays %(slot)s.") % {"number": player.number, "slot": slot}
    values: dict[str, object] = {
        "number": player.number,
        "slot": slot,
        "rating": reason.rating,
        "other": reason.other.number if reason.other else "",
        "other_slot": position_name(reason.other_slot.label) if reason.other_slot else "",
        "other_rating": reason.other_rating,
    }
    text = _main_sentence(reason.code, reason.rating is None) % values
    if reason.runner_up is not None:
        text += " " + _("Next best on the bench: No. %(number)s, rated %(rating)s.") % {
            "number": reason.runner_up.number,
            "rating": reason.runner_up_rating,
        }
    return text


def _main_sentence(code: ReasonCode, out_of_position: bool) -> str:
    if code == ReasonCode.CHOSEN_BY_COACH_LOCKED:
        if out_of_position:
            return _("No. %(number)s: put at %(slot)s by the coach; plays out of position.")
        return _("No. %(number)s: put at %(slot)s by the coach; rated %(rating)s there.")
    if code == ReasonCode.CHOSEN_BY_COACH_PINNED:
        if out_of_position:
            return _("No. %(number)s: picked by the coach; plays %(slot)s out of position.")
        return _("No. %(number)s: picked by the coach; rated %(rating)s at %(slot)s.")
    if code == ReasonCode.OUT_OF_POSITION:
        return _("No. %(number)s: nobody better is free for %(slot)s; plays out of position.")
    if code == ReasonCode.PARTNER_STRONGER:
        return _(
            "No. %(number)s: rated %(rating)s at %(slot)s, alongside No. %(other)s "
            "(rated %(other_rating)s), who also plays %(slot)s."
        )
    if code == ReasonCode.STRONGER_NEEDED_ELSEWHERE:
        return _(
            "No. %(number)s: rated %(rating)s at %(slot)s; No. %(other)s is stronger here "
            "(%(other_rating)s) but needed more at %(other_slot)s."
        )
    if code == ReasonCode.STRONGER_EQUAL_ELSEWHERE:
        return _(
            "No. %(number)s: rated %(rating)s at %(slot)s; No. %(other)s is stronger here "
            "(%(other_rating)s) but plays %(other_slot)s: swapping the two would not raise "
            "the team's total rating."
        )
    if code == ReasonCode.STRONGER_LOCKED_ELSEWHERE:
        return _(
            "No. %(number)s: rated %(rating)s at %(slot)s; No. %(other)s is stronger here "
            "(%(other_rating)s) but the coach put them at %(other_slot)s."
        )
    return _("No. %(number)s: best %(slot)s available, rated %(rating)s.")


def reason_facts(pick: Pick, *, with_ratings: bool = True) -> dict[str, object]:
    """The numbers a reason cites, for JSON: shirt numbers, slot labels and ratings."""
    reason = pick.reason
    if not with_ratings:
        return {}
    return {
        "rating": reason.rating,
        "other": reason.other.number if reason.other else None,
        "other_slot": reason.other_slot.label if reason.other_slot else None,
        "other_rating": reason.other_rating,
        "runner_up": reason.runner_up.number if reason.runner_up else None,
        "runner_up_rating": reason.runner_up_rating,
    }


def reason_code(pick: Pick, *, with_ratings: bool = True) -> str:
    """The reason's code; without ratings only whether the coach chose, never a comparison."""
    code = pick.reason.code
    if with_ratings or code in (
        ReasonCode.EMPTY,
        ReasonCode.CHOSEN_BY_COACH_LOCKED,
        ReasonCode.CHOSEN_BY_COACH_PINNED,
    ):
        return code.value
    return "picked"


def constraint_message(error: LineupConstraintError, numbers: Mapping[str, int]) -> str:
    """Why the coach's pins, locks and exclusions cannot all hold, for the coach.

    ``numbers`` maps player keys to shirt numbers (unknown keys are shown as "?").
    """
    count = len(error.players)
    values: dict[str, object] = {
        "players": ", ".join(f"No. {numbers.get(k, '?')}" for k in error.players),
        "slot": "" if error.slot is None else error.slot + 1,
        "chosen": error.chosen,
        "places": error.places,
    }
    code = error.code
    if code == ConstraintCode.UNKNOWN_PLAYER:
        text = ngettext(
            "%(players)s is not in the squad.", "%(players)s are not in the squad.", count
        )
    elif code == ConstraintCode.EXCLUDED:
        text = ngettext(
            "%(players)s cannot be both chosen and left out.",
            "%(players)s cannot be both chosen and left out.",
            count,
        )
    elif code == ConstraintCode.UNFIT:
        text = ngettext(
            "%(players)s is injured or ill: mark them fit first.",
            "%(players)s are injured or ill: mark them fit first.",
            count,
        )
    elif code == ConstraintCode.UNAVAILABLE:
        text = ngettext(
            "%(players)s is not available for this game.",
            "%(players)s are not available for this game.",
            count,
        )
    elif code == ConstraintCode.SLOT_OUT_OF_RANGE:
        text = _("This formation has no place %(slot)s.")
    elif code == ConstraintCode.SLOT_LOCKED_TWICE:
        text = _("%(players)s cannot all be put at place %(slot)s.")
    else:
        text = _("%(chosen)s players are chosen to start, but there are only %(places)s places.")
    return text % values
