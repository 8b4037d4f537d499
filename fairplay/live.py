"""The live game: the server-side clock and what the live screen shows.

The clock is one row per game (:class:`~fairplay.models.LiveClock`); every
change goes through :func:`clock_change` (one transaction, one audit line), so
two coaches' phones read the same state. What a phone shows between two reads
it computes itself from ``seconds`` and its own clock, also offline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.audit import lock_at_version, save_and_audit
from clubs.models import Game, Player
from lineup.rotation import Plan
from results.models import EventKind, MatchEvent
from results.services import event_record
from web.prepared import Prepared

from .models import LiveClock

#: What a coach can do with the clock.
ACTIONS = ("start", "pause", "resume", "next", "end", "set")

#: The state each action leads to: repeating it from a second phone changes nothing.
_TARGET = {"start": "running", "pause": "paused", "resume": "running", "end": "ended"}

#: How far back a queued action (sent when the phone is online again) may date itself.
QUEUE_WINDOW = dt.timedelta(hours=4)


class ClockError(ValueError):
    """An action the clock cannot take in its state; the message says why."""


#: The live screen is offered from an hour before kick-off until well after it.
LIVE_BEFORE = dt.timedelta(hours=1)


def in_live_window(game: Game, now: dt.datetime | None = None) -> bool:
    """From an hour before kick-off until the game's end: by the clock alone, no query."""
    now = now or timezone.now()
    return game.kickoff - LIVE_BEFORE <= now and game.state(now) != "played"


def is_live(game: Game, now: dt.datetime | None = None) -> bool:
    """Whether ``game`` is the one being played: from an hour before kick-off until the
    game's end (``Game.state``: its length, or the coach marked it finished), or while
    its clock runs."""
    if in_live_window(game, now):
        return True
    return bool(_CLOCK_GOING.rows(game_id=game.pk))


#: Whether the game's clock runs or is paused, compiled once (web.prepared): the plan
#: page asks on every first GET.
_CLOCK_GOING = Prepared(
    lambda game_id: LiveClock.objects.filter(
        game_id=game_id, state__in=[LiveClock.State.RUNNING, LiveClock.State.PAUSED]
    ).values_list("pk")[:1],
    game_id=LiveClock._meta.get_field("game"),
)


def clock_of(game: Game) -> LiveClock:
    """The game's clock, or an unsaved one that has not started."""
    try:
        return LiveClock.objects.get(game=game)
    except LiveClock.DoesNotExist:
        return LiveClock(game=game)


def _when(clock: LiveClock, at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """The moment an action counts from: now, or a queued action's own time.

    Never before the clock's last change (it cannot undo it), never in the future.
    """
    if at is None:
        return now
    last = clock.running_since or clock.updated_at or now
    floor = max(last, now - QUEUE_WINDOW)
    return min(max(at, floor), now)


@transaction.atomic
def clock_change(
    *,
    game: Game,
    action: str,
    periods: int,
    version: int | None = None,
    at: dt.datetime | None = None,
    seconds: int | None = None,
    by: Any,
) -> tuple[LiveClock, bool]:
    """Start, pause, resume, go to the next period, end, or set the clock (``set``).

    ``version`` is the clock's version the phone showed: if someone else changed
    the clock since, the same action (“pause” when it is paused) changes nothing
    and the rest raise :class:`~clubs.audit.StaleEdit`. ``at`` dates an action
    queued offline. Returns the clock and whether it changed.
    """
    if action not in ACTIONS:
        raise ClockError(_("Unknown clock action."))
    now = timezone.now()
    LiveClock.objects.get_or_create(game=game)
    clock = LiveClock.objects.select_for_update().get(game=game)
    if version is not None and clock.version != version:
        if _TARGET.get(action) == clock.state:
            return clock, False
        lock_at_version(LiveClock, clock.pk, version)  # raises StaleEdit, naming who
    when = _when(clock, at, now)
    state = LiveClock.State
    before = (clock.state, clock.period, clock.seconds(when))
    if action == "start":
        if clock.state != state.READY:
            raise ClockError(_("The clock has already started."))
        clock.state, clock.period, clock.elapsed_seconds = state.RUNNING, 1, 0
        clock.running_since = when
    elif action == "pause":
        if clock.state != state.RUNNING:
            raise ClockError(_("The clock is not running."))
        clock.elapsed_seconds, clock.running_since = clock.seconds(when), None
        clock.state = state.PAUSED
    elif action == "resume":
        if clock.state != state.PAUSED:
            raise ClockError(_("The clock is not paused."))
        clock.state, clock.running_since = state.RUNNING, when
    elif action == "next":
        if clock.state in (state.READY, state.ENDED):
            raise ClockError(_("Start the clock first."))
        if clock.period >= periods:
            raise ClockError(_("This is the last period: end the game instead."))
        clock.period += 1
        clock.state, clock.elapsed_seconds, clock.running_since = state.RUNNING, 0, when
    elif action == "end":
        if clock.state == state.ENDED:
            raise ClockError(_("The game has already ended."))
        clock.elapsed_seconds, clock.running_since = clock.seconds(when), None
        clock.state = state.ENDED
    else:  # set: the coach corrects the clock to the referee's
        if clock.state not in (state.RUNNING, state.PAUSED):
            raise ClockError(_("Start the clock first."))
        if seconds is None or not 0 <= seconds <= 90 * 60:
            raise ClockError(_("Give the minutes played in this period, from 0 to 90."))
        clock.elapsed_seconds = seconds
        clock.running_since = when if clock.state == state.RUNNING else None
    after = (clock.state, clock.period, clock.seconds(when))
    summary = _("%(action)s the clock of %(game)s (period %(period)s, %(time)s)") % {
        "action": action_label(action),
        "game": game,
        "period": clock.period,
        "time": clock_text(after[2]),
    }
    changes = {"state": [before[0], after[0]], "period": [before[1], after[1]]}
    save_and_audit(clock, action="update", summary=summary, by=by, changes=changes)
    return clock, True


def action_label(action: str) -> str:
    return {
        "start": _("started"),
        "pause": _("paused"),
        "resume": _("resumed"),
        "next": _("moved to the next period"),
        "end": _("ended"),
        "set": _("set"),
    }[action]


def clock_text(seconds: int) -> str:
    """``12:05``: minutes and seconds, as a referee's watch shows them."""
    return f"{seconds // 60}:{seconds % 60:02d}"


# --- what the screen shows ------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One planned substitution at a break: ``on`` takes ``off``'s place (or a free one)."""

    on: str
    off: str | None
    place: str


@dataclass(frozen=True)
class OnField:
    key: str
    number: int
    name: str
    place: str


def place_name(plan: Plan, s: int) -> str:
    slot = plan.slots[s]
    return slot.position or slot.label


def on_field(plan: Plan, period: int, players: dict[str, Player]) -> list[OnField]:
    """Who plays where in ``period`` (1-based), in the formation's order."""
    row = plan.grid[period - 1]
    out = []
    for s, key in enumerate(row):
        p = players.get(key)
        out.append(
            OnField(
                key=key,
                number=p.number if p else 0,
                name=p.name if p else "?",
                place=place_name(plan, s),
            )
        )
    return out


def planned_changes(plan: Plan, after: int) -> list[Change]:
    """The substitutions planned at the break after period ``after`` (1-based), in pairs.

    A player coming on is paired with the one going off from the same place
    when there is one, else with the next one going off.
    """
    if not 1 <= after < len(plan.period_minutes):
        return []
    brk = plan.breaks[after - 1]
    before = plan.grid[after - 1]
    off = [k for k in before if k not in plan.grid[after]]
    changes = []
    for key, s in brk.on:
        partner = before[s] if before[s] in off else (off[0] if off else None)
        if partner is not None:
            off.remove(partner)
        changes.append(Change(on=key, off=partner, place=place_name(plan, s)))
    return changes


def start_minute(plan: Plan, period: int) -> int:
    """The game minute ``period`` (1-based) starts at."""
    return sum(plan.period_minutes[: period - 1])


def played_seconds(plan: Plan, period: int, seconds: int) -> dict[str, int]:
    """Seconds each player has played by the plan, ``seconds`` into ``period``."""
    total = {p.key: 0 for p in plan.players}
    for t in range(period - 1):
        for key in plan.grid[t]:
            total[key] = total.get(key, 0) + plan.period_minutes[t] * 60
    for key in plan.grid[period - 1]:
        total[key] = total.get(key, 0) + seconds
    return total


# --- the changes made ---------------------------------------------------------------


def planned_key(after: int, change: Change) -> str:
    """The same planned change recorded from two phones (or sent twice) is one event."""
    return f"plan-{after + 1}-{change.on}-{change.off or 0}"


@transaction.atomic
def planned_changes_record(*, game: Game, plan: Plan, after: int, by: Any) -> list[MatchEvent]:
    """Record the substitutions planned at the break after period ``after`` as made.

    Each at the minute the next period starts, in that period; recording them
    again changes nothing (each has a key made from the plan).
    """
    changes = planned_changes(plan, after)
    if not changes:
        raise ClockError(_("No changes are planned after period %(n)s.") % {"n": after})
    players = {str(p.pk): p for p in Player.objects.filter(team=game.team)}
    minute = start_minute(plan, after + 1)
    return [
        event_record(
            game=game,
            kind=EventKind.SUBSTITUTION,
            minute=minute,
            period=after + 1,
            player=players.get(c.on),
            player_off=players.get(c.off) if c.off else None,
            key=planned_key(after, c),
            by=by,
        )
        for c in changes
    ]


def recorded_changes(game: Game) -> list[MatchEvent]:
    """The substitutions recorded for ``game``, in the order they were made."""
    return list(
        MatchEvent.objects.filter(game=game, kind=EventKind.SUBSTITUTION)
        .select_related("player", "player_off")
        .order_by("minute", "pk")
    )


def field_now(field: list[OnField], events: list[MatchEvent], period: int) -> list[OnField]:
    """Who is on in ``period`` once the different changes recorded in it are made."""
    out = list(field)
    for event in events:
        if event.period != period or event.key.startswith("plan-") or event.player is None:
            continue
        off = str(event.player_off_id) if event.player_off_id else None
        for i, f in enumerate(out):
            if f.key == off:
                p = event.player
                out[i] = OnField(key=str(p.pk), number=p.number, name=p.name, place=f.place)
                break
    return out
