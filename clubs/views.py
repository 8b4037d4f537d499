"""The lineup pages: step 3–5 of the request anatomy (URL → view → data → template).

Each view is the same short recipe: check the input, fetch, one domain call,
render. HEAD is answered like GET with no body (``require_safe``); every other
method gets 405 with an ``Allow`` header.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lineup.formations import FORMATION_SIZES
from web.ratelimit import rate_limit
from web.representation import problem_response, wants_problem_json
from web.validators import conditional

from .forms import LineupRequestForm, TeamSizeForm
from .lineups import squad_of, team_lineup
from .models import Team, TeamType
from .permissions import can_edit_team, team_for, visible_teams
from .resources import (
    CARD_FORMATS,
    LINEUP_FORMATS,
    card_representation,
    is_public,
    lineup_representation,
)
from .stamps import lineup_depends


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """GET / — what the site does, and the lineup form."""
    form = LineupRequestForm(user=request.user)
    context = {
        "form": form,
        "teams": form.fields["team"].queryset,
        "team_types": TeamType.choices,
        "sizes": FORMATION_SIZES,
    }
    return render(request, "clubs/home.html", context)


@require_safe
def best_form(request: HttpRequest) -> HttpResponse:
    """GET /best/ — the form; with ?team=&show= it sends the coach to the lineup's one URL."""
    if not request.GET:
        return _render_form(request, LineupRequestForm(user=request.user))
    form = LineupRequestForm(request.GET, user=request.user)
    if form.is_valid():
        return redirect(
            "clubs:best_lineup", form.cleaned_data["team"].slug, form.cleaned_data["show"]
        )
    status = 404 if form.unknown_team else 400
    return _render_form(request, form, status=status)


def _render_form(request: HttpRequest, form: LineupRequestForm, status: int = 200) -> HttpResponse:
    teams = form.fields["team"].queryset
    return render(
        request,
        "clubs/best_form.html",
        {
            "form": form,
            "teams": teams,
            "team_types": TeamType.choices,
            "sizes": FORMATION_SIZES,
        },
        status=status,
    )


@require_safe
def best_team_or_type(request: HttpRequest, team_or_type: str) -> HttpResponse:
    """GET /best/<type>/ lists the teams of a type; /best/<team>/ goes to its usual size."""
    if team_or_type in TeamType.values:
        teams = visible_teams(request.user).of_type(team_or_type).select_related("club")
        return render(
            request,
            "clubs/team_list.html",
            {
                "teams": teams,
                "team_type": TeamType(team_or_type),
                "team_types": TeamType.choices,
            },
        )
    return redirect(team_for(request.user, team_or_type))


@require_safe
def best_lineup(request: HttpRequest, slug: str, size: str, card: bool = False) -> HttpResponseBase:
    """GET /best/<team>/<n>/ — the best lineup of n for the team's next game.

    With ``card`` (``/best/<team>/<n>/card/``): the printable lineup card. A client that
    has the current version gets a 304, and a repeat visitor the page rendered before,
    before the squad is read or the solver runs (``web.validators.conditional``).
    """
    team = team_for(request.user, slug)
    now = timezone.now()
    depends, game = lineup_depends(team, now)
    return conditional(
        request,
        formats=CARD_FORMATS if card else LINEUP_FORMATS,
        depends=depends,
        public=is_public(team),
        build=lambda: _best_lineup(request, team, size, card, game, now),
    )


@rate_limit("lineup")  # the solver is the most expensive thing a visitor can ask for
def _best_lineup(
    request: HttpRequest, team: Team, size: str, card: bool, game: Any, now: dt.datetime
) -> HttpResponse:
    squad = squad_of(team)
    form = TeamSizeForm({"show": size}, team=team, squad=len(squad))
    if not form.is_valid():
        if wants_problem_json(request, CARD_FORMATS if card else LINEUP_FORMATS):
            return problem_response(400, _("Bad team size"), errors=form.errors.get_json_data())
        return render(
            request,
            "clubs/lineup_error.html",
            {
                "team": team,
                "form": form,
                "squad": squad,
            },
            status=400,
        )
    result = team_lineup(team, form.cleaned_data["show"], squad=squad, game=game, now=now)
    if card:
        return card_representation(request, result)
    can_edit = can_edit_team(request.user, team)
    return lineup_representation(request, result, form, can_edit=can_edit)
