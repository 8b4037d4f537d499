"""The rotation pages: settings, plan, print card, compliance report, season ledger.

Each view: fetch (404/403 here), one domain call, render or redirect. Reads are
public like the lineup pages; every write needs a coach of the team
(``clubs.permissions.can_edit_team``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clubs.models import Game, Team
from clubs.permissions import can_edit_team, game_for, team_for
from clubs.privacy import audience, shown_player
from clubs.resources import is_public
from clubs.stamps import lineup_depends, team_depends
from lineup.rotation import Plan, compliance
from web.representation import csv_response, json_response, representation
from web.responses import see_other
from web.validators import conditional

from . import presenters as show
from . import wording
from .forms import ReplanForm, RotationSettingsForm
from .live import in_live_window, is_live
from .models import RotationSettings
from .played import plan_played
from .services import (
    GameRotation,
    ReplanError,
    game_rotation,
    newest_plan,
    plan_replan,
    plan_save,
    rotation_settings_save,
    season_ledger,
    team_games,
)


def _public(request: HttpRequest, team: Team) -> bool:
    """Whether a shared cache may keep the answer: a public team, seen signed out."""
    return is_public(team) and not request.user.is_authenticated


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's periods and rules; coaches only."""
    team = team_for(request.user, slug, edit=True)
    instance = RotationSettings.for_team(team)
    if request.method == "POST":
        form = RotationSettingsForm(request.POST, instance=instance, team=team)
        if form.is_valid():
            rotation_settings_save(settings=form.save(commit=False), by=request.user)
            messages.success(request, _("Rotation settings saved."))
            return see_other("fairplay:settings", team.slug)
        return render(request, "fairplay/settings.html", {"team": team, "form": form}, status=400)
    form = RotationSettingsForm(instance=instance, team=team)
    return render(request, "fairplay/settings.html", {"team": team, "form": form})


def _formats(
    request: HttpRequest,
    team: Team,
    page: tuple[str, dict[str, object]],
    data: object,
    csv: Callable[[], HttpResponse],
    version: object,
) -> HttpResponse:
    """A rotation page as HTML (``page``: template and context), JSON (``data``) or CSV."""
    template, context = page
    renderers = {
        "text/html": lambda: render(request, template, context),
        "application/json": lambda: json_response(data),
        "text/csv": csv,
    }
    public = _public(request, team)
    return representation(
        request, renderers=renderers, version=version, last_modified=None, public=public
    )


#: The rotation pages' formats, the browser's default first.
FORMATS = ["text/html", "application/json", "text/csv"]


def _validated(
    request: HttpRequest,
    slug: str,
    game_id: int,
    formats: list[str],
    page: Callable[[HttpRequest, Game], HttpResponse],
) -> HttpResponseBase:
    """A game's rotation page: 404/403, then 304 or the kept page before any planning.

    The plan depends on the team's stamp (squad, answers, rules, saved plans of the
    season: every one bumps it) and the game.
    """
    game = game_for(request.user, slug, game_id)
    return conditional(
        request,
        formats=formats,
        # The time matters too: the live link and "played as planned" come with kick-off
        # (a started clock is a write, which bumps the team's stamp).
        depends=[
            *team_depends(game.team),
            game.pk,
            game.version,
            game.state(),
            in_live_window(game),
        ],
        public=_public(request, game.team),
        build=lambda: page(request, game),
    )


def _rotation_page(request: HttpRequest, game: Game) -> tuple[GameRotation, dict[str, object]]:
    """The game's rotation and its pages' context (``game`` fetched through ``game_for``)."""
    rotation = _as_seen(request, game_rotation(game.team, game))
    return rotation, _plan_context(request, rotation)


def _as_seen(request: HttpRequest, rotation: GameRotation) -> GameRotation:
    """Seen from outside the club: junior players by their shown names, and no reasons
    for being out (``clubs.privacy``)."""
    seen_by = audience(request.user, rotation.team, squad=rotation.players.values())
    if not seen_by.private:
        return rotation
    players = {key: shown_player(p, seen_by) for key, p in rotation.players.items()}
    return replace(
        rotation,
        players=players,
        left_out=tuple((shown_player(p, seen_by), "") for p, _why in rotation.left_out),
        squad=tuple(players[str(p.pk)] for p in rotation.squad),
    )


def _plan_context(request: HttpRequest, rotation: GameRotation) -> dict[str, object]:
    result = rotation.result
    diagnosis = result.diagnosis if result is not None else None
    plan = rotation.plan or (diagnosis.closest if diagnosis else None)
    rows = show.grid_rows(plan, rotation.players) if plan else []
    return {
        "team": rotation.team,
        "game": rotation.game,
        "rotation": rotation,
        "plan": plan,
        "rows": rows,
        "breaks": show.break_rows(plan, rows) if plan else [],
        "periods": range(1, len(plan.period_minutes) + 1) if plan else [],
        "sentence": wording.certificate_sentence(plan) if plan else "",
        "keeper_sentence": show.keeper_text(plan, rotation.players) if plan else "",
        "substitutions_sentence": wording.substitutions_sentence(plan) if plan else "",
        "moves_sentence": wording.moves_sentence(plan) if plan else "",
        "diagnosis": diagnosis,
        "diagnosis_rule": wording.rule_label(diagnosis.rule) if diagnosis else "",
        "diagnosis_reason": show.diagnosis_reason(diagnosis, rotation.players) if diagnosis else "",
        "rules": show.rules_summary(rotation.rules, sum(plan.period_minutes) if plan else 0),
        "can_edit": can_edit_team(request.user, rotation.team),
        "kicked_off": rotation.game.kickoff <= timezone.now(),
        "live_now": can_edit_team(request.user, rotation.team) and is_live(rotation.game),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def plan(request: HttpRequest, slug: str, game_id: int) -> HttpResponseBase:
    """GET: the game's rotation (saved, or a proposal). POST (coaches): save it, or a fresh one."""
    if request.method == "POST":
        return _plan_save(request, slug, game_id)
    return _validated(request, slug, game_id, FORMATS, _plan_page)


def _plan_page(request: HttpRequest, game: Game) -> HttpResponse:
    rotation, context = _rotation_page(request, game)
    team = rotation.team
    data = show.plan_json(rotation)
    if context["plan"] is not None and rotation.plan is not None and context["can_edit"]:
        squad = rotation.squad
        in_plan = [p for p in squad if str(p.pk) in {q.key for q in rotation.plan.players}]
        others = [p for p in squad if p not in in_plan and p.fit]
        context["replan_form"] = ReplanForm(
            periods=len(rotation.plan.period_minutes), in_plan=in_plan, others=others
        )

    def as_csv() -> HttpResponse:
        name = f"rotation-{team.slug}-{game.pk}.csv"
        if context["plan"] is None:
            return csv_response(name, [_("number"), _("name")], [])
        header, body = show.plan_csv_rows(context["plan"], context["rows"], rotation.players)  # type: ignore[arg-type]
        return csv_response(name, header, body)

    page = ("fairplay/plan.html", context)
    return _formats(request, team, page, data, as_csv, _page_version(request, rotation, data))


@login_required
def _plan_save(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    """POST (coaches): save the shown plan, or compute a fresh one and save it."""
    game = game_for(request.user, slug, game_id, edit=True)
    fresh = request.POST.get("action") == "fresh"
    rotation = game_rotation(game.team, game, fresh=fresh)
    if rotation.plan is None:
        messages.error(request, _("There is no plan that keeps every rule to save."))
    elif rotation.saved is None:
        plan_save(game=game, plan=rotation.plan, by=request.user)
        messages.success(request, _("Rotation plan saved."))
    else:
        messages.info(request, _("This plan is already saved."))
    return see_other("fairplay:plan", game.team.slug, game.pk)


def _page_version(request: HttpRequest, rotation: GameRotation, data: object) -> object:
    """Everything the plan's pages show besides the plan: changes of it change the ETag."""
    return [
        data,
        [(p.pk, p.number, p.name, p.fit) for p in rotation.players.values()],
        [(p.pk, why) for p, why in rotation.left_out],
        show.rules_summary(rotation.rules, 0),
        rotation.error,
        can_edit_team(request.user, rotation.team),
        is_live(rotation.game),  # the link to the live screen comes and goes with the game
        rotation.game.updated_at,
        rotation.team.updated_at,
        rotation.game.kickoff <= timezone.now(),
    ]


@require_POST
@login_required
def replan(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    """Late arrival or injury: re-plan the later periods, keeping the earlier ones."""
    game = game_for(request.user, slug, game_id, edit=True)
    team = game.team
    rotation = game_rotation(team, game)
    if rotation.plan is None:
        messages.error(request, _("There is no plan to change yet."))
        return see_other("fairplay:plan", team.slug, game.pk)
    squad = rotation.squad
    keys = {q.key for q in rotation.plan.players}
    in_plan = [p for p in squad if str(p.pk) in keys]
    others = [p for p in squad if str(p.pk) not in keys and p.fit]
    form = ReplanForm(
        request.POST,
        periods=len(rotation.plan.period_minutes),
        in_plan=in_plan,
        others=others,
    )
    if not form.is_valid():
        context = _plan_context(request, rotation)
        context["replan_form"] = form
        return render(request, "fairplay/plan.html", context, status=400)
    try:
        saved, result = plan_replan(
            game=game,
            from_period=form.cleaned_data["from_period"],
            out=set(form.cleaned_data["out"]),
            arrived=set(form.cleaned_data["arrived"]),
            by=request.user,
        )
    except ReplanError as error:
        messages.error(request, str(error))
        return see_other("fairplay:plan", team.slug, game.pk)
    if saved is None and result.diagnosis is not None:
        messages.error(
            request,
            _("No new plan keeps every rule: %(reason)s")
            % {"reason": show.diagnosis_reason(result.diagnosis, rotation.players)},
        )
    else:
        messages.success(request, _("The remaining periods are re-planned."))
    return see_other("fairplay:plan", team.slug, game.pk)


@require_safe
def card(request: HttpRequest, slug: str, game_id: int) -> HttpResponseBase:
    """The one-page printable card for the bench and the scorer's table."""
    return _validated(request, slug, game_id, ["text/html"], _card_page)


def _card_page(request: HttpRequest, game: Game) -> HttpResponse:
    rotation, context = _rotation_page(request, game)
    team = rotation.team
    return representation(
        request,
        renderers={"text/html": lambda: render(request, "fairplay/card.html", context)},
        version=_page_version(request, rotation, show.plan_json(rotation)),
        last_modified=None,
        public=_public(request, team),
    )


@require_safe
def compliance_report(request: HttpRequest, slug: str, game_id: int) -> HttpResponseBase:
    """Each player's minutes against the team's rules, pass or fail."""
    return _validated(request, slug, game_id, FORMATS, _compliance_page)


def _compliance_page(request: HttpRequest, game: Game) -> HttpResponse:
    rotation, context = _rotation_page(request, game)
    game, team = rotation.game, rotation.team
    # With a diagnosis, the closest plan is checked: the report shows the rule it breaks.
    plan = context["plan"]
    report = compliance(plan, rotation.rules) if isinstance(plan, Plan) else ()
    rows = show.compliance_rows(report, context["rows"])  # type: ignore[arg-type]
    context["compliance"] = rows
    data = show.compliance_json(rotation, rows)
    header, body = show.compliance_csv_rows(rows)
    page = ("fairplay/compliance.html", context)
    name = f"compliance-{team.slug}-{game.pk}.csv"
    csv = partial(csv_response, name, header, body)
    return _formats(request, team, page, data, csv, _page_version(request, rotation, data))


@require_safe
def ledger(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The season so far: minutes, starts, bench periods and positions per player."""
    team = team_for(request.user, slug)
    # A game counts from its kick-off, which is no write: the clock is a dependency too.
    depends, _game = lineup_depends(team, timezone.now())
    return conditional(
        request,
        formats=FORMATS,
        depends=depends,
        public=_public(request, team),
        build=lambda: _ledger_page(request, team),
    )


def _ledger_page(request: HttpRequest, team: Team) -> HttpResponse:
    games = team_games(team)
    rows = season_ledger(team, games=games)
    seen_by = audience(request.user, team, squad=[r.player for r in rows])
    rows = [replace(r, player=shown_player(r.player, seen_by)) for r in rows]
    data = show.ledger_json(team.slug, rows)
    header, body = show.ledger_csv_rows(rows)
    bars, height = show.ledger_bars(rows)
    context = {
        "team": team,
        "rows": rows,
        "bars": bars,
        "chart_height": height,
        "bar_height": show.BAR_HEIGHT,
        "games": games,
        "can_edit": can_edit_team(request.user, team),
    }
    version = [data, [(g.pk, g.opponent, g.kickoff) for g in games], team.updated_at]
    csv = partial(csv_response, f"fairness-{team.slug}.csv", header, body)
    return _formats(request, team, ("fairplay/ledger.html", context), data, csv, version)


@require_POST
@login_required
def played(request: HttpRequest, slug: str, game_id: int) -> HttpResponse:
    """“Played as planned”: record the saved plan as what happened, then show the result
    page, where the coach adjusts anything that went differently."""
    game = game_for(request.user, slug, game_id, edit=True)
    saved = newest_plan(game)
    if saved is None:
        messages.error(request, _("Save a rotation plan first: “Played as planned” records it."))
        return see_other("fairplay:plan", game.team.slug, game.pk)
    if game.kickoff > timezone.now():
        messages.error(request, _("This game has not kicked off yet: nothing was recorded."))
        return see_other("fairplay:plan", game.team.slug, game.pk)
    changes = plan_played(game=game, plan=saved, by=request.user)
    messages.success(
        request,
        ngettext(
            "Recorded as planned: the starters of period 1 and %(n)s substitution. "
            "Change below whatever went differently.",
            "Recorded as planned: the starters of period 1 and %(n)s substitutions. "
            "Change below whatever went differently.",
            changes,
        )
        % {"n": changes},
    )
    return see_other("results:result", game.team.slug, game.pk)
