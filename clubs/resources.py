"""Read-only resources: a team, its roster, its fixtures — as HTML, JSON or CSV.

Each view: fetch what the user may see (404/403 here), build the data once
(``clubs.presenters``), hand ``web.representation.representation`` one renderer per
format. Negotiation, ETag/304, Vary and Cache-Control happen there.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from web.representation import csv_response, json_response, representation
from web.validators import conditional

from . import pdf, presenters, privacy
from .lineups import TeamLineup, squad_of
from .models import Team
from .permissions import can_edit_team, can_view_team, team_for
from .stamps import lineup_depends, team_depends

#: The team, roster and fixtures formats, the browser's default first.
RESOURCE_FORMATS = ["text/html", "application/json", "text/csv"]


def is_public(team: Team) -> bool:
    """Whether anyone, signed in or not, sees the same page (a shared cache may keep it)."""
    return can_view_team(AnonymousUser(), team)


def renderers(
    request: HttpRequest,
    *,
    template: str,
    context: dict[str, Any],
    data: dict[str, Any],
    filename: str,
    header: list[str],
    rows: Callable[[dict[str, Any]], list[list[object]]],
) -> dict[str, Callable[[], HttpResponse]]:
    """HTML, JSON and CSV renderers of one resource (HTML first: the browser's default)."""
    context = {**context, "formats": [("json", "application/json"), ("csv", "text/csv")]}
    return {
        "text/html": lambda: render(request, template, context),
        "application/json": lambda: json_response(data),
        "text/csv": lambda: csv_response(filename, header, rows(data)),
    }


def team_resource(
    request: HttpRequest,
    slug: str,
    build: Callable[[HttpRequest, Team], HttpResponse],
    *,
    shows_the_current_game: bool,
) -> HttpResponseBase:
    """The validated path of a team's page: the one lookup, then ``conditional``. A page
    that says which game is being played or comes next depends on the clock too
    (``lineup_depends``): kick-off and the final whistle change it with no write."""
    team = team_for(request.user, slug)
    if shows_the_current_game:
        depends, _game = lineup_depends(team, timezone.now())
    else:
        depends = team_depends(team)
    return conditional(
        request,
        formats=RESOURCE_FORMATS,
        depends=depends,
        public=is_public(team),
        build=lambda: build(request, team),
    )


@require_safe
def team_detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    """GET /teams/<slug>/ — the team, with its current or next game."""
    return team_resource(request, slug, _team_detail, shows_the_current_game=True)


def _team_detail(request: HttpRequest, team: Team) -> HttpResponse:
    data = presenters.team_data(team)
    game = team.current_or_next_game()
    return representation(
        request,
        renderers=renderers(
            request,
            template="clubs/resources/team.html",
            context={"team": team, "game": game},
            data=data,
            filename=f"{team.slug}.csv",
            header=presenters.TEAM_CSV_HEADER,
            rows=presenters.team_rows,
        ),
        version=[data, game and (game.pk, game.state())],
        last_modified=team.updated_at,
        public=is_public(team),
    )


@require_safe
def team_roster(request: HttpRequest, slug: str) -> HttpResponseBase:
    """GET /teams/<slug>/roster/ — the active players with their positions."""
    return team_resource(request, slug, _team_roster, shows_the_current_game=False)


def _team_roster(request: HttpRequest, team: Team) -> HttpResponse:
    squad = squad_of(team)
    seen_by = privacy.audience(request.user, team, squad=squad)
    data = presenters.roster_data(team, squad, seen_by)
    return representation(
        request,
        renderers=renderers(
            request,
            template="clubs/resources/roster.html",
            context={"team": team, "roster": data["players"], "private": seen_by.private},
            data=data,
            filename=f"{team.slug}-roster.csv",
            header=presenters.ROSTER_CSV_HEADER,
            rows=presenters.roster_rows,
        ),
        version=data,
        last_modified=presenters.squad_changed(team, squad),
        public=is_public(team) and seen_by.shared,
    )


@require_safe
def team_fixtures(request: HttpRequest, slug: str) -> HttpResponseBase:
    """GET /teams/<slug>/fixtures/ — the season's games, in kick-off order (the one being
    played marked, the ones over under "past")."""
    return team_resource(request, slug, _team_fixtures, shows_the_current_game=True)


def _team_fixtures(request: HttpRequest, team: Team) -> HttpResponse:
    # The results app (above this one) adds each game's ``result``: the page shows
    # the score of played games, and links coaches to the result page.
    games = list(team.games.select_related("result").order_by("kickoff", "pk"))
    data = presenters.fixtures_data(team, games)
    can_edit = can_edit_team(request.user, team)
    scores = [(g.pk, getattr(getattr(g, "result", None), "score", "")) for g in games]
    past = [g for g in reversed(games) if g.state() == "played"]
    to_come = [g for g in games if g.state() != "played"]
    return representation(
        request,
        renderers=renderers(
            request,
            template="clubs/resources/fixtures.html",
            context={"team": team, "games": to_come, "past": past, "can_edit": can_edit},
            data=data,
            filename=f"{team.slug}-fixtures.csv",
            header=presenters.FIXTURES_CSV_HEADER,
            rows=presenters.fixtures_rows,
        ),
        version=[data, scores, can_edit, [g.state() for g in games]],
        last_modified=presenters.games_changed(team, games),
        public=is_public(team),
    )


#: The lineup's formats, the browser's default first.
LINEUP_FORMATS = ["text/html", "application/json", "text/csv", "application/pdf"]


def lineup_file_name(result: TeamLineup, game_page: bool) -> str:
    if game_page and result.game is not None:
        return f"{result.team.slug}-game-{result.game.pk}-lineup"
    return f"{result.team.slug}-best-{result.size}"


def lineup_representation(
    request: HttpRequest,
    result: TeamLineup,
    form: Any,
    *,
    can_edit: bool = False,
    game_page: bool = False,
) -> HttpResponse:
    """The lineup (``/best/<team>/<n>/``, or one game's: ``game_page``) as HTML, JSON,
    CSV or a PDF lineup card.

    ``can_edit``: the viewer may manage the team, so the page links to its management
    (and, on a game's page, offers the coach's choices). Seen from outside the club,
    junior players are redacted (``clubs.privacy``).
    """
    team = result.team
    seen_by = privacy.audience(request.user, team, squad=result.players.values())
    result = privacy.redact_lineup(result, seen_by)
    # The data of the JSON and CSV forms, built when one of them is asked for (the HTML
    # page's ETag comes from web.validators, not from the data).
    data = functools.cache(lambda: presenters.lineup_data(result))
    name = lineup_file_name(result, game_page)
    context = {
        "team": team,
        "lineup": result,
        "form": form,
        "can_edit": can_edit,
        "game_page": game_page,
    }
    if can_edit and game_page:
        context["version"] = result.choice.version if result.choice else 0
    formats: dict[str, Callable[[], HttpResponse]] = {
        "text/html": lambda: render(request, "clubs/lineup.html", context),
        "application/json": lambda: json_response(data()),
        "text/csv": lambda: csv_response(
            f"{name}.csv", presenters.LINEUP_CSV_HEADER, presenters.lineup_rows(data())
        ),
        "application/pdf": lambda: pdf_response(request, result, name),
    }
    return representation(
        request,
        renderers={media: formats[media] for media in LINEUP_FORMATS},
        # Losing the right drops a cached link; the coach's forms carry the version.
        version=lambda: [data(), paper(request), can_edit, game_page, context.get("version")],
        last_modified=presenters.lineup_changed(result),
        public=is_public(team) and seen_by.shared,
    )


def paper(request: HttpRequest) -> str:
    """``?paper=letter`` for US Letter; A4 otherwise."""
    return "letter" if request.GET.get("paper") == "letter" else "a4"


def pdf_response(request: HttpRequest, result: TeamLineup, name: str) -> HttpResponse:
    response = HttpResponse(
        pdf.lineup_pdf(result, paper=paper(request)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


#: The printable card's formats: the print page, or the same card as a PDF.
CARD_FORMATS = ["text/html", "application/pdf"]


def card_representation(
    request: HttpRequest, result: TeamLineup, *, game_page: bool = False
) -> HttpResponse:
    """The lineup card (``/best/<team>/<n>/card/``, or a game's ``…/lineup/card/``): one
    sheet, to print or as a PDF."""
    team = result.team
    seen_by = privacy.audience(request.user, team, squad=result.players.values())
    result = privacy.redact_lineup(result, seen_by)
    # The data of the JSON and CSV forms, built when one of them is asked for (the HTML
    # page's ETag comes from web.validators, not from the data).
    data = functools.cache(lambda: presenters.lineup_data(result))
    name = lineup_file_name(result, game_page)
    formats: dict[str, Callable[[], HttpResponse]] = {
        "text/html": lambda: render(
            request, "clubs/print_card.html", {"team": team, "lineup": result}
        ),
        "application/pdf": lambda: pdf_response(request, result, name),
    }
    return representation(
        request,
        renderers=formats,
        version=[data, paper(request), "card", game_page],
        last_modified=presenters.lineup_changed(result),
        public=is_public(team) and seen_by.shared,
    )
