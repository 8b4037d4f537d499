"""One game's lineup: ``/teams/<slug>/games/<id>/lineup/`` and the coach's choices on it.

GET is the lineup page of that game, in the same formats (HTML, JSON, CSV, PDF,
card) as ``/best/<team>/<n>/``. POST (the team's coaches) changes the coach's
choices — pin, lock, leave out, swap — or saves the lineup, through
``clubs.services``, and answers 303 back to the page. No JavaScript needed: each
choice is a small form with one button.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lineup.solver import LineupConstraintError, swap_locks
from web.ratelimit import rate_limit
from web.representation import problem_response, wants_problem_json
from web.responses import see_other

from . import services
from .audit import StaleEdit
from .forms import TeamSizeForm
from .lineups import TeamLineup, coach_choices, game_lineup_of, squad_of, team_lineup
from .models import Game
from .permissions import can_edit_team, game_for
from .reasons import constraint_message
from .resources import CARD_FORMATS, LINEUP_FORMATS, card_representation, lineup_representation

#: What the page's buttons may ask for.
ACTIONS = frozenset(
    {"pin", "unpin", "lock", "unlock", "out", "in", "swap", "clear", "save", "resuggest"}
)


@require_http_methods(["GET", "HEAD", "POST"])
def game_lineup(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET: the game's lineup (saved, or suggested); POST: a coach's choice about it."""
    if request.method == "POST":
        return _choose(request, slug, pk)
    return _show(request, slug, pk, card=False)


@require_safe
def game_lineup_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The game's printable lineup card (HTML to print, or PDF)."""
    return _show(request, slug, pk, card=True)


@rate_limit("lineup")  # the solver is the most expensive thing a visitor can ask for
def _show(request: HttpRequest, slug: str, pk: int, *, card: bool) -> HttpResponse:
    game = game_for(request.user, slug, pk)
    team = game.team
    squad = squad_of(team)
    result = game_lineup_of(game, squad)
    if result is None:
        form = TeamSizeForm({"show": team.team_size}, team=team, squad=len(squad))
        form.is_valid()
        if wants_problem_json(request, CARD_FORMATS if card else LINEUP_FORMATS):
            return problem_response(400, _("Bad team size"), errors=form.errors.get_json_data())
        context = {"team": team, "form": form, "squad": squad}
        return render(request, "clubs/lineup_error.html", context, status=400)
    if card:
        return card_representation(request, result, game_page=True)
    can_edit = can_edit_team(request.user, team)
    return lineup_representation(request, result, None, can_edit=can_edit, game_page=True)


@login_required
def _choose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One of the coach's choices (``action``, ``player``, ``other``), then 303 to the page."""
    game = game_for(request.user, slug, pk, edit=True)
    squad = squad_of(game.team)
    current = game_lineup_of(game, squad)
    action = request.POST.get("action", "")
    if current is None or action not in ACTIONS:
        return _refuse(request, game, current, _("That is not a choice this page offers."))
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        return _refuse(request, game, current, _("Reload the page and choose again."))
    by_key = {str(p.pk): p for p in squad}
    key, other = request.POST.get("player", ""), request.POST.get("other", "")
    needs = {"pin", "unpin", "lock", "unlock", "out", "in", "swap"}
    if action in needs and key not in by_key:
        return _refuse(request, game, current, _("Choose a player of the squad."))
    if action == "swap" and (other not in by_key or other == key):
        return _refuse(request, game, current, _("Choose two different players to swap."))
    pinned, locked, excluded = coach_choices(current)
    formation = current.result.formation
    slot_of = {p.player.key: s for s, p in enumerate(current.result.picks) if p.player}
    name = str(by_key.get(key, ""))
    if action == "pin":
        pinned, excluded = pinned | {key}, excluded - {key}
        summary = _("picked %(player)s to start v %(opponent)s")
    elif action == "unpin":
        pinned = pinned - {key}
        locked.pop(key, None)
        summary = _("let the lineup choose for %(player)s v %(opponent)s")
    elif action == "lock":
        if key not in slot_of:
            return _refuse(request, game, current, _("Only a starting player can be locked."))
        locked[key], pinned = slot_of[key], pinned - {key}
        summary = _("locked %(player)s in place v %(opponent)s")
    elif action == "unlock":
        locked.pop(key, None)
        summary = _("unlocked %(player)s v %(opponent)s")
    elif action == "out":
        pinned, excluded = pinned - {key}, excluded | {key}
        locked.pop(key, None)
        summary = _("left %(player)s out v %(opponent)s")
    elif action == "in":
        excluded = excluded - {key}
        summary = _("brought %(player)s back v %(opponent)s")
    elif action == "swap":
        try:
            new = swap_locks(current.result, key, other)
        except ValueError:
            message = _("Swap a starting player with another starter or a bench player.")
            return _refuse(request, game, current, message)
        for k in (key, other):
            locked.pop(k, None)
        pinned = pinned - {key, other}
        taken = set(new.values())
        locked = {k: s for k, s in locked.items() if s not in taken} | new
        name = _("%(a)s and %(b)s") % {"a": by_key[key], "b": by_key[other]}
        summary = _("swapped %(player)s v %(opponent)s")
    elif action == "clear":
        pinned, locked, excluded = frozenset(), {}, frozenset()
        summary = _("cleared the coach's choices v %(opponent)s")
    try:
        if action in ("save", "resuggest"):
            return _save(request, game, current, squad, version, resuggest=action == "resuggest")
        try:
            # The solver checks the choices can all hold before anything is stored.
            team_lineup(
                game.team,
                current.size,
                squad=squad,
                game=game,
                pinned=pinned,
                locked=locked,
                excluded=excluded,
                use_choice=False,
            )
        except LineupConstraintError as error:
            numbers = {k: p.number for k, p in by_key.items()}
            return _refuse(request, game, current, constraint_message(error, numbers))
        services.lineup_choose(
            game=game,
            pinned=pinned,
            locked=locked,
            excluded=excluded,
            formation=formation.key,
            version=version,
            by=request.user,
            summary=summary % {"player": name, "opponent": game.opponent},
        )
    except StaleEdit as stale:
        return _refuse(request, game, current, _stale_text(stale), status=409)
    messages.success(request, _done(action, name))
    return see_other("clubs:game_lineup", game.team.slug, game.pk)


def _save(
    request: HttpRequest,
    game: Game,
    current: TeamLineup,
    squad: list,  # type: ignore[type-arg]
    version: int,
    *,
    resuggest: bool,
) -> HttpResponse:
    """Save the lineup shown — or, for "re-suggest", the new suggestion without the stale
    choices of players who said no, are injured or left — as the game's lineup."""
    choices: dict[str, object] = {}
    result = current
    if resuggest:
        pinned, locked, excluded = coach_choices(current)
        gone = {str(p.pk) for p, _why in current.stale if p is not None}
        pinned = frozenset(pinned - gone)
        locked = {k: s for k, s in locked.items() if k not in gone}
        choices = {"pinned": pinned, "locked": locked, "excluded": excluded}
        result = team_lineup(
            game.team,
            game.team.team_size,
            squad=squad,
            game=game,
            pinned=pinned,
            locked=locked,
            excluded=excluded,
            use_choice=False,
        )
    starters = [int(p.player.key) if p.player else None for p in result.result.picks]
    try:
        services.lineup_save(
            game=game,
            starters=starters,
            formation=result.result.formation.key,
            version=version,
            by=request.user,
            **choices,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        return _refuse(request, game, current, " ".join(error.messages))
    messages.success(request, _("The lineup is saved: everyone who opens it now sees this one."))
    return see_other("clubs:game_lineup", game.team.slug, game.pk)


def _refuse(
    request: HttpRequest, game: Game, current: TeamLineup | None, message: str, status: int = 400
) -> HttpResponse:
    """The page again with the reason nothing was changed (400, or 409 for a stale page)."""
    if current is None:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    context = {
        "team": game.team,
        "lineup": current,
        "form": None,
        "can_edit": True,
        "game_page": True,
        "error": message,
        "version": current.choice.version if current.choice else 0,
    }
    return render(request, "clubs/lineup.html", context, status=status)


def _stale_text(stale: StaleEdit) -> str:
    return _(
        "%(who)s changed this lineup meanwhile. Nothing was changed: here is their version; "
        "make your choice again if it still applies."
    ) % {"who": stale.changed_by}


def _done(action: str, name: str) -> str:
    texts = {
        "pin": _("%(player)s starts."),
        "unpin": _("%(player)s is no longer pinned."),
        "lock": _("%(player)s is locked in place."),
        "unlock": _("%(player)s is unlocked."),
        "out": _("%(player)s is left out."),
        "in": _("%(player)s is back in the squad for this game."),
        "swap": _("%(player)s swapped places."),
        "clear": _("The coach's choices are cleared."),
    }
    return texts[action] % {"player": name} + " " + _("Save the lineup when it suits you.")


@require_POST
@login_required
def game_finish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark the game finished (``action=finish``) or not finished (``action=reopen``)."""
    game = game_for(request.user, slug, pk, edit=True)
    if request.POST.get("action") == "reopen":
        services.game_reopen(game=game, by=request.user)
        messages.success(request, _("%(game)s is running again.") % {"game": game})
    else:
        try:
            services.game_finish(game=game, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(game)s is marked as finished.") % {"game": game})
    if request.POST.get("next") == "manage":
        return see_other("clubs:team_manage", game.team.slug)
    return see_other(game.get_absolute_url())
