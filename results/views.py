"""The result page: the coach records the score, the starters and what happened.

The same recipe as the other write pages: one permission-aware fetch (404 or 403),
one service call, 303 back to the page with a message. A form with a mistake comes
back with the typed values and 400 (409 when another phone saved the score first).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from clubs.audit import StaleEdit
from clubs.models import Game, Player
from clubs.permissions import game_for
from web.responses import see_other

from . import services
from .forms import EventForm, ScoreForm, StartersForm
from .minutes import game_periods, played_minutes
from .models import EventKind, GameResult, MatchEvent
from .starters import default_starters

#: The event forms the page shows, each with its own heading.
EVENT_FORMS = (EventKind.GOAL, EventKind.YELLOW, EventKind.SUBSTITUTION)


def _url(game: Game) -> str:
    return reverse("results:result", args=[game.team.slug, game.pk])


def _squad(game: Game) -> QuerySet[Player]:
    """Who may appear in the game: the active squad, and anyone already recorded in it."""
    team = game.team
    recorded = MatchEvent.objects.filter(game=game).values("player")
    return team.players.filter(retired_at__isnull=True) | team.players.filter(pk__in=recorded)


def _stale_message(stale: StaleEdit) -> str:
    when = date_format(timezone.localtime(stale.changed_at), "j M H:i") if stale.changed_at else ""
    return _(
        "%(who)s changed the score meanwhile (%(when)s). Nothing was saved: the page shows "
        "their score now; make your change again if it still needs one."
    ) % {"who": stale.changed_by, "when": when}


def _page(
    request: HttpRequest, game: Game, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The page with every form; ``bound`` replaces one of them with the one sent."""
    bound = bound or {}
    result = GameResult.objects.filter(game=game).first()
    players = _squad(game).order_by("number")
    periods = game_periods(game)
    starters = list(result.starters.all()) if result else []
    score = bound.get("score") or ScoreForm(
        initial={
            "goals_for": result.goals_for if result else None,
            "goals_against": result.goals_against if result else None,
            "version": result.version if result else 0,
        }
    )
    defaults, saved = ([], False) if starters else default_starters(game)
    starters_form = bound.get("starters") or StartersForm(
        players=players,
        initial={"starters": [p.pk for p in starters or defaults]},
    )
    event_forms = [
        bound.get(kind) or EventForm(players=players, periods=periods, kind=kind)
        for kind in EVENT_FORMS
    ]
    events = list(MatchEvent.objects.filter(game=game).select_related("player", "player_off"))
    minutes = played_minutes(game, periods=periods)
    played = []
    if minutes is not None:
        by_pk = {p.pk: p for p in players}
        played = sorted(
            ((by_pk[pk], n) for pk, n in minutes.items() if pk in by_pk),
            key=lambda row: (-row[1], row[0].number),
        )
    context = {
        "team": game.team,
        "game": game,
        "result": result,
        "score_form": score,
        "starters_form": starters_form,
        "starters_recorded": bool(starters),
        "starters_saved_lineup": saved,
        "event_forms": event_forms,
        "events": events,
        "played": played,
        "length": sum(periods),
        "periods": len(periods),
        "has_plan": game.rotation_plans.exists(),
    }
    return render(request, "results/result.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def result(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    """GET: the page. POST: the score (with the version it was read at)."""
    game = game_for(request.user, slug, game_id, edit=True)
    if request.method != "POST":
        return _page(request, game)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        return _page(request, game, {"score": form}, status=400)
    data = form.cleaned_data
    try:
        saved = services.result_save(
            game=game,
            goals_for=data["goals_for"],
            goals_against=data["goals_against"],
            version=data["version"],
            by=request.user,
        )
    except StaleEdit as stale:
        messages.error(request, _stale_message(stale))
        # The typed score stays in the form; the version moves on, so saving again
        # (after a look at theirs) is a deliberate overwrite.
        current = stale.obj
        assert isinstance(current, GameResult)
        retyped = ScoreForm(initial={**data, "version": current.version})
        return _page(request, game, {"score": retyped}, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, game, {"score": form}, status=400)
    messages.success(
        request,
        _("Result saved: %(score)s against %(opponent)s.")
        % {"score": saved.score, "opponent": game.opponent},
    )
    return see_other(_url(game))


@require_POST
@login_required
def starters(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    game = game_for(request.user, slug, game_id, edit=True)
    form = StartersForm(request.POST, players=_squad(game))
    if not form.is_valid():
        return _page(request, game, {"starters": form}, status=400)
    chosen = list(form.cleaned_data["starters"])
    services.starters_set(game=game, players=chosen, by=request.user)
    messages.success(request, _("Starters saved: %(n)s players.") % {"n": len(chosen)})
    return see_other(_url(game) + "#starters")


@require_POST
@login_required
def event_add(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    game = game_for(request.user, slug, game_id, edit=True)
    kind = request.POST.get("kind", "")
    shown = kind if kind in EVENT_FORMS else (EventKind.YELLOW if kind == EventKind.RED else "")
    form = EventForm(
        request.POST, players=_squad(game), periods=game_periods(game), kind=shown or "goal"
    )
    if not form.is_valid():
        return _page(request, game, {shown or EventKind.GOAL: form}, status=400)
    data = form.cleaned_data
    try:
        event = services.event_record(
            game=game,
            kind=data["kind"],
            minute=data["minute"],
            period=data["period"],
            player=data["player"],
            player_off=data["player_off"] if data["kind"] == EventKind.SUBSTITUTION else None,
            key=data["key"],
            by=request.user,
        )
        if data["kind"] == EventKind.GOAL and data["assist"] is not None:
            services.event_record(
                game=game,
                kind=EventKind.ASSIST,
                minute=event.minute,
                period=event.period,
                player=data["assist"],
                key=f"{data['key']}:assist",
                by=request.user,
            )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return _page(request, game, {shown: form}, status=422)
    messages.success(request, _("Recorded: %(event)s.") % {"event": describe(event)})
    return see_other(_url(game) + "#events")


@require_POST
@login_required
def event_remove(request: HttpRequest, slug: str, game_id: int, event_id: int) -> HttpResponse:
    game = game_for(request.user, slug, game_id, edit=True)
    event = MatchEvent.objects.filter(game=game, pk=event_id).first()
    if event is None:
        raise Http404(_("No such event in this game: it may have been removed already."))
    text = describe(event)
    services.event_delete(event=event, by=request.user)
    messages.success(request, _("Removed: %(event)s.") % {"event": text})
    return see_other(_url(game) + "#events")


def describe(event: MatchEvent) -> str:
    """The event as the page lists it: "27' Goal: No. 9 Sid Striker"."""
    minute = f"{event.minute}'"
    if event.kind == EventKind.SUBSTITUTION:
        if event.player and event.player_off:
            who = _("%(on)s on for %(off)s") % {"on": event.player, "off": event.player_off}
        elif event.player:
            who = _("%(on)s on") % {"on": event.player}
        else:
            who = _("%(off)s off") % {"off": event.player_off}
    elif event.player is None:
        who = _("own goal of the other side")
    else:
        who = str(event.player)
    return f"{minute} {event.get_kind_display()}: {who}"
