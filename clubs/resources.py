"""Read-only resources: a team, its roster, its fixtures — as HTML, JSON or CSV.

Each view: fetch what the user may see (404/403 here), build the data once
(``clubs.presenters``), hand ``web.representation.representation`` one renderer per
format. Negotiation, ETag/304, Vary and Cache-Control happen there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from web.representation import csv_response, json_response, representation

from . import pdf, presenters
from .lineups import TeamLineup, squad_of
from .models import Team
from .permissions import can_view_team, team_for


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


@require_safe
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """GET /teams/<slug>/ — the team."""
    team = team_for(request.user, slug)
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
def team_roster(request: HttpRequest, slug: str) -> HttpResponse:
    """GET /teams/<slug>/roster/ — the active players with their positions."""
    team = team_for(request.user, slug)
    squad = squad_of(team)
    data = presenters.roster_data(team, squad)
    return representation(
        request,
        renderers=renderers(
            request,
            template="clubs/resources/roster.html",
            context={"team": team, "roster": data["players"]},
            data=data,
            filename=f"{team.slug}-roster.csv",
            header=presenters.ROSTER_CSV_HEADER,
            rows=presenters.roster_rows,
        ),
        version=data,
        last_modified=presenters.squad_changed(team, squad),
        public=is_public(team),
    )


@require_safe
def team_fixtures(request: HttpRequest, slug: str) -> HttpResponse:
    """GET /teams/<slug>/fixtures/ — the season's games, in kick-off order."""
    team = team_for(request.user, slug)
    games = list(team.games.order_by("kickoff", "pk"))
    data = presenters.fixtures_data(team, games)
    past = [g for g in reversed(games) if g.state() == "played"]
    to_come = [g for g in games if g.state() != "played"]
    return representation(
        request,
        renderers=renderers(
            request,
            template="clubs/resources/fixtures.html",
            context={"team": team, "games": to_come, "past": past},
            data=data,
            filename=f"{team.slug}-fixtures.csv",
            header=presenters.FIXTURES_CSV_HEADER,
            rows=presenters.fixtures_rows,
        ),
        version=data,
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
    (and, on a game's page, offers the coach's choices).
    """
    team = result.team
    data = presenters.lineup_data(result)
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
        "application/json": lambda: json_response(data),
        "text/csv": lambda: csv_response(
            f"{name}.csv", presenters.LINEUP_CSV_HEADER, presenters.lineup_rows(data)
        ),
        "application/pdf": lambda: pdf_response(request, result, name),
    }
    return representation(
        request,
        renderers={media: formats[media] for media in LINEUP_FORMATS},
        # Losing the right drops a cached link; the coach's forms carry the version.
        version=[data, paper(request), can_edit, game_page, context.get("version")],
        last_modified=presenters.lineup_changed(result),
        public=is_public(team),
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
    data = presenters.lineup_data(result)
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
        public=is_public(team),
    )
