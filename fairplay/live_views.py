"""The live game screen, its clock and the changes recorded during the game.

Coaches only: it shows the squad by name and drives the game. Every POST
answers 303 (or, for a phone's script that asks for JSON, the message and the
clock as JSON with the same status), and a bad or stale request re-renders the
screen with the message and 400/409.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from clubs.audit import StaleEdit
from clubs.models import Game
from clubs.permissions import game_for
from results.models import EventKind, GameResult
from results.services import event_record, starters_set
from web.representation import json_response
from web.responses import see_other

from . import live
from .forms import ChangeForm
from .models import LiveClock
from .services import GameRotation, game_rotation, plan_save


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "live" or (
        request.accepts("application/json") and not request.accepts("text/html")
    )


def clock_json(clock: LiveClock, now: dt.datetime) -> dict[str, Any]:
    return {
        "state": clock.state,
        "period": clock.period,
        "seconds": clock.seconds(now),
        "version": clock.version,
        "server_time": now.isoformat(),
    }


def _context(request: HttpRequest, game: Game, rotation: GameRotation) -> dict[str, Any]:
    now = timezone.now()
    clock = live.clock_of(game)
    plan = rotation.plan
    context: dict[str, Any] = {
        "team": game.team,
        "game": game,
        "clock": clock,
        "plan": plan,
        "state": clock_json(clock, now),
        "change_key": uuid.uuid4().hex,
    }
    if plan is None:
        return context
    n = len(plan.period_minutes)
    period = min(clock.period, n)
    seconds = clock.seconds(now)
    players = rotation.players
    events = live.recorded_changes(game)
    recorded_keys = {e.key for e in events}
    periods = []
    for t in range(1, n + 1):
        field = live.field_now(live.on_field(plan, t, players), events, t)
        keys = {f.key for f in field}
        bench = [players[p.key] for p in plan.players if p.key not in keys and p.key in players]
        changes = [
            {
                "on": players.get(c.on),
                "off": players.get(c.off) if c.off else None,
                "place": c.place,
            }
            for c in live.planned_changes(plan, t)
        ]
        periods.append(
            {
                "number": t,
                "minutes": plan.period_minutes[t - 1],
                "start": live.start_minute(plan, t),
                "field": field,
                "bench": sorted(bench, key=lambda p: p.number),
                "changes": changes,
                "changes_recorded": all(
                    live.planned_key(t, c) in recorded_keys for c in live.planned_changes(plan, t)
                ),
                "current": t == period,
            }
        )
    starts = [live.played_seconds(plan, t, 0) for t in range(1, n + 1)]
    so_far = live.played_seconds(plan, period, seconds)
    played = []
    for p in sorted(plan.players, key=lambda p: (p.number, p.key)):
        player = players.get(p.key)
        played.append(
            {
                "player": player,
                "number": player.number if player else p.number,
                "name": player.name if player else p.name,
                "starts": ",".join(str(s[p.key]) for s in starts),
                "on": ",".join("1" if p.key in plan.grid[t] else "0" for t in range(n)),
                "minutes": so_far[p.key] // 60,
                "planned": plan.minutes[p.key],
            }
        )
    length = plan.period_minutes[period - 1] * 60
    context.update(
        {
            "periods": periods,
            "current": periods[period - 1],
            "next_period": period + 1 if period < n else None,
            "period_count": n,
            "period_length": length,
            "remaining": max(0, length - seconds),
            "remaining_minutes": max(0, -(-(length - seconds) // 60)),
            "played": played,
            "period_minutes": ",".join(str(m) for m in plan.period_minutes),
            "clock_text": live.clock_text(seconds),
            "length_text": live.clock_text(length),
            "saved": rotation.saved is not None,
            "events": events,
            **_buttons(clock.state, period < n),
            "change_form": ChangeForm(
                players=_squad(rotation),
                initial={
                    "minute": live.start_minute(plan, period) + seconds // 60,
                    "key": context["change_key"],
                },
            ),
        }
    )
    return context


def _buttons(state: str, more: bool) -> dict[str, bool]:
    """Which clock buttons a page without JavaScript shows (the script keeps them right)."""
    going = state in ("running", "paused")
    return {
        "going": going,
        "start_hidden": state != "ready",
        "pause_hidden": state != "running",
        "resume_hidden": state != "paused",
        "next_hidden": not (going and more),
        "end_hidden": not (going and not more),
        "early_end_hidden": not more,
    }


def _squad(rotation: GameRotation) -> list[Any]:
    """The players of the plan, by shirt number: those a change can bring on or take off."""
    plan = rotation.plan
    keys = [p.key for p in plan.players] if plan else []
    return sorted(
        (rotation.players[k] for k in keys if k in rotation.players), key=lambda p: p.number
    )


def _page(
    request: HttpRequest, game: Game, *, status: int = 200, error: str = "", **extra: Any
) -> HttpResponse:
    rotation = game_rotation(game.team, game)
    context = _context(request, game, rotation)
    context.update(error=error, **extra)
    response = render(request, "fairplay/live.html", context, status=status)
    response["Cache-Control"] = "no-cache, private"
    return response


@require_safe
@login_required
def live_screen(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    """The live screen: who is on, the clock, the next changes, minutes played so far."""
    game = game_for(request.user, slug, game_id, edit=True)
    return _page(request, game)


@require_safe
@login_required
@never_cache
def live_state(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    """The clock as JSON, for the phones that poll it every few seconds."""
    game = game_for(request.user, slug, game_id, edit=True)
    return json_response(clock_json(live.clock_of(game), timezone.now()))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _queued_at(value: str | None) -> dt.datetime | None:
    """A queued action's time: milliseconds since 1970, as a phone's ``Date.now()``."""
    ms = _int(value)
    if ms is None:
        return None
    try:
        return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _answer(
    request: HttpRequest, game: Game, *, status: int, message: str, **extra: Any
) -> HttpResponse:
    """A failed POST: the screen with the message (kept values in ``extra``), or JSON."""
    if _wants_json(request):
        clock = live.clock_of(game)
        body = {"message": message, "clock": clock_json(clock, timezone.now())}
        return json_response(body, status=status)
    return _page(request, game, status=status, error=message, **extra)


def _done(request: HttpRequest, game: Game, message: str) -> HttpResponse:
    if _wants_json(request):
        clock = live.clock_of(game)
        return json_response({"message": message, "clock": clock_json(clock, timezone.now())})
    messages.success(request, message)
    return see_other("fairplay:live", game.team.slug, game.pk)


@require_POST
@login_required
def clock_change(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    """Start, pause, resume, next period, end, or set the clock."""
    game = game_for(request.user, slug, game_id, edit=True)
    rotation = game_rotation(game.team, game)
    if rotation.plan is None:
        return _answer(request, game, status=409, message=_("There is no plan to run yet."))
    action = request.POST.get("action", "")
    minutes = request.POST.get("minutes", "").strip()
    seconds = None
    if action == "set":
        try:
            seconds = round(float(minutes.replace(",", ".")) * 60)
        except ValueError:
            return _answer(
                request,
                game,
                status=400,
                message=_("Give the minutes played in this period, e.g. 12 or 12.5."),
                typed_minutes=minutes,
            )
    try:
        if action == "start":
            _first_whistle(game, rotation, request.user)
        clock, changed = live.clock_change(
            game=game,
            action=action,
            periods=len(rotation.plan.period_minutes),
            version=_int(request.POST.get("version")),
            at=_queued_at(request.POST.get("at")),
            seconds=seconds,
            by=request.user,
        )
    except StaleEdit as stale:
        message = _(
            "%(who)s changed the clock meanwhile; nothing was changed. It now shows "
            "their time: check it and try again."
        ) % {"who": stale.changed_by}
        return _answer(request, game, status=409, message=message)
    except live.ClockError as error:
        return _answer(request, game, status=400, message=str(error), typed_minutes=minutes)
    if not changed:
        return _done(request, game, _("Another coach did that already."))
    message = {
        "start": _("The clock is running: period 1."),
        "pause": _("The clock is paused."),
        "resume": _("The clock is running again."),
        "next": _("Period %(n)s has started.") % {"n": clock.period},
        "end": _("The game has ended."),
        "set": _("The clock now shows %(time)s.")
        % {"time": live.clock_text(clock.seconds(timezone.now()))},
    }[action]
    return _done(request, game, message)


@require_POST
@login_required
def change_record(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    """Record the changes of a break as planned (``after``), or one different change."""
    game = game_for(request.user, slug, game_id, edit=True)
    rotation = game_rotation(game.team, game)
    if rotation.plan is None:
        return _answer(request, game, status=409, message=_("There is no plan to run yet."))
    if "after" in request.POST:
        after = _int(request.POST.get("after")) or 0
        try:
            events = live.planned_changes_record(
                game=game, plan=rotation.plan, after=after, by=request.user
            )
        except live.ClockError as error:
            return _answer(request, game, status=400, message=str(error))
        return _done(
            request,
            game,
            ngettext(
                "%(count)s change recorded as planned.",
                "%(count)s changes recorded as planned.",
                len(events),
            )
            % {"count": len(events)},
        )
    form = ChangeForm(request.POST, players=_squad(rotation))
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        if _wants_json(request):
            return _answer(request, game, status=400, message=message)
        return _page(request, game, status=400, change_form=form, change_open=True)
    data = form.cleaned_data
    on, off = form.players[data["on"]], form.players[data["off"]]
    period = _period_at(rotation, data["minute"])
    try:
        event = event_record(
            game=game,
            kind=EventKind.SUBSTITUTION,
            minute=data["minute"],
            period=period,
            player=on,
            player_off=off,
            key=data["key"],
            by=request.user,
        )
    except ValidationError as error:
        return _answer(request, game, status=422, message=" ".join(error.messages))
    if event.player_id != on.pk or event.player_off_id != off.pk:
        # The key was used for another change: an edit made elsewhere, shown, not dropped.
        message = _(
            "This change was already recorded differently: %(minute)s′, %(on)s on for %(off)s."
        ) % {"minute": event.minute, "on": event.player, "off": event.player_off}
        return _answer(request, game, status=409, message=message)
    message = _("Recorded: %(minute)s′, %(on)s on for %(off)s.") % {
        "minute": event.minute,
        "on": on,
        "off": off,
    }
    return _done(request, game, message)


def _first_whistle(game: Game, rotation: GameRotation, by: Any) -> None:
    """Before the clock first starts: keep the plan shown (every phone then runs the same
    one) and record its first period as the starters, so the minutes played follow from
    the starters and the changes recorded (``results.minutes``)."""
    plan = rotation.plan
    assert plan is not None
    if rotation.saved is None:
        plan_save(game=game, plan=plan, by=by)
    if live.clock_of(game).state == LiveClock.State.READY and not _has_starters(game):
        keys = {int(k) for k in plan.grid[0]}
        starters_set(game=game, players=game.team.players.filter(pk__in=keys), by=by)


def _has_starters(game: Game) -> bool:
    return GameResult.objects.filter(game=game, starters__isnull=False).exists()


def _period_at(rotation: GameRotation, minute: int) -> int:
    """The period a game minute falls in (the last one for added time)."""
    plan = rotation.plan
    assert plan is not None
    end = 0
    for t, length in enumerate(plan.period_minutes, start=1):
        end += length
        if minute < end:
            return t
    return len(plan.period_minutes)
