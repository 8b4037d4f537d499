"""The season page: results, and per player appearances, starts, minutes, goals,
assists, cards and attendance — as HTML (a table and a chart), JSON and CSV.

Everyone who may see the team sees the results; the player rows of a junior team
are for the club's coaches and admins only (children's data stays in the club).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from clubs.models import Answer, AuditEvent, Availability, Game, Team, TeamType
from clubs.permissions import can_edit_team, can_view_history, team_for
from clubs.resources import is_public
from web.representation import csv_response, json_response, representation

from .minutes import season_minutes
from .models import EventKind, GameResult, MatchEvent


@dataclass(frozen=True)
class GameRow:
    id: int
    kickoff: str
    opponent: str
    home_away: str
    goals_for: int | None
    goals_against: int | None
    outcome: str
    minutes_recorded: bool


@dataclass
class PlayerRow:
    number: int
    name: str
    appearances: int = 0
    starts: int = 0
    minutes: int = 0
    goals: int = 0
    assists: int = 0
    yellow_cards: int = 0
    red_cards: int = 0
    answered_yes: int = 0


def season_games(team: Team, now: dt.datetime | None = None) -> list[Game]:
    """The games that count: kicked off already, or with a result recorded."""
    now = now or timezone.now()
    with_result = GameResult.objects.filter(game__team=team).values("game")
    games = team.games.filter(kickoff__lt=now) | team.games.filter(pk__in=with_result)
    return list(games.select_related("team").order_by("kickoff", "pk"))


def season_data(team: Team, games: list[Game], *, with_players: bool) -> dict[str, Any]:
    """The whole page as plain data: the JSON body, and what the ETag is made of."""
    results = {r.game_id: r for r in GameResult.objects.filter(game__in=games)}
    minutes = season_minutes(games)
    rows = [
        GameRow(
            id=game.pk,
            kickoff=game.kickoff.isoformat(),
            opponent=game.opponent,
            home_away=game.home_away,
            goals_for=results[game.pk].goals_for if game.pk in results else None,
            goals_against=results[game.pk].goals_against if game.pk in results else None,
            outcome=results[game.pk].outcome if game.pk in results else "",
            minutes_recorded=game.pk in minutes,
        )
        for game in games
    ]
    outcomes = Counter(row.outcome for row in rows if row.outcome)
    scored = [row for row in rows if row.outcome]
    record = {
        "played": len(scored),
        "won": outcomes["W"],
        "drawn": outcomes["D"],
        "lost": outcomes["L"],
        "goals_for": sum(row.goals_for or 0 for row in scored),
        "goals_against": sum(row.goals_against or 0 for row in scored),
    }
    data: dict[str, Any] = {
        "team": team.slug,
        "record": record,
        "games": [asdict(row) for row in rows],
        "minutes_recorded_games": len(minutes),
    }
    if with_players:
        data["players"] = [asdict(row) for row in player_rows(team, games, minutes)]
    return data


def player_rows(
    team: Team, games: list[Game], minutes: dict[int, dict[int, int]]
) -> list[PlayerRow]:
    """Per player: the squad, and anyone who left it after playing this season."""
    ids = [game.pk for game in games]
    squad = list(team.players.order_by("number", "pk"))
    rows = {p.pk: PlayerRow(number=p.number, name=p.name) for p in squad}
    for game_minutes in minutes.values():
        for pk, played in game_minutes.items():
            if pk in rows:
                rows[pk].appearances += 1
                rows[pk].minutes += played
    starts = GameResult.starters.through.objects.filter(gameresult__game_id__in=ids)
    for pk in starts.values_list("player_id", flat=True):
        if pk in rows:
            rows[pk].starts += 1
    field = {
        EventKind.GOAL: "goals",
        EventKind.ASSIST: "assists",
        EventKind.YELLOW: "yellow_cards",
        EventKind.RED: "red_cards",
    }
    events = MatchEvent.objects.filter(game_id__in=ids, kind__in=list(field), player__isnull=False)
    for kind, pk in events.values_list("kind", "player_id"):
        if pk in rows:
            row = rows[pk]
            setattr(row, field[EventKind(kind)], getattr(row, field[EventKind(kind)]) + 1)
    yes = Availability.objects.filter(game_id__in=ids, answer=Answer.YES)
    for pk in yes.values_list("player_id", flat=True):
        if pk in rows:
            rows[pk].answered_yes += 1
    retired = {p.pk for p in squad if p.retired_at is not None}
    return [
        row for pk, row in rows.items() if pk not in retired or row.appearances or row.answered_yes
    ]


CSV_HEADER = [
    "number",
    "name",
    "appearances",
    "starts",
    "minutes",
    "goals",
    "assists",
    "yellow_cards",
    "red_cards",
    "answered_yes",
]
RESULTS_CSV_HEADER = ["kickoff", "opponent", "home_away", "goals_for", "goals_against", "outcome"]


def csv_rows(data: dict[str, Any]) -> tuple[list[str], list[list[object]]]:
    """One row per player; without player rows (outsiders, junior team), one per game."""
    if "players" in data:
        return CSV_HEADER, [[row[k] for k in CSV_HEADER] for row in data["players"]]
    games = [row for row in data["games"] if row["outcome"]]
    return RESULTS_CSV_HEADER, [[row[k] for k in RESULTS_CSV_HEADER] for row in games]


# --- the chart: minutes per player as horizontal bars (SVG, readable at 390 px) ---------

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 18, 6, 130, 360


@dataclass(frozen=True)
class Bar:
    y: int
    text_y: float
    width: float
    label: str
    value: str


def minute_bars(players: list[dict[str, Any]]) -> tuple[list[Bar], int]:
    """One bar per player who played, longest first, with minutes and goals as text."""
    played = sorted(
        (p for p in players if p["appearances"]), key=lambda p: (-p["minutes"], p["number"])
    )
    most = max((p["minutes"] for p in played), default=0) or 1
    bars = []
    for i, p in enumerate(played):
        y = i * (BAR_HEIGHT + BAR_GAP)
        name = p["name"] if len(p["name"]) <= 14 else p["name"][:13] + "…"
        value = str(p["minutes"])
        if p["goals"]:
            value += " · " + _("%(n)s G") % {"n": p["goals"]}
        bars.append(
            Bar(
                y=y,
                text_y=y + BAR_HEIGHT * 0.72,
                width=round((CHART_WIDTH - LABEL_WIDTH - 60) * p["minutes"] / most, 1),
                label=f"{p['number']} {name}",
                value=value,
            )
        )
    return bars, max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)


@require_safe
def season(request: HttpRequest, slug: str) -> HttpResponse:
    """GET /teams/<slug>/season/ — the season so far, as HTML, JSON or CSV."""
    team = team_for(request.user, slug)
    with_players = team.team_type != TeamType.JUNIOR or can_view_history(request.user, team)
    games = season_games(team)
    data = season_data(team, games, with_players=with_players)
    can_edit = can_edit_team(request.user, team)
    bars, height = minute_bars(data.get("players", []))
    context = {
        "team": team,
        "data": data,
        "games": list(zip(games, data["games"], strict=True)),
        "players": data.get("players"),
        "with_players": with_players,
        "can_edit": can_edit,
        "bars": bars,
        "chart_height": height,
        "chart_width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "formats": [("json", "application/json"), ("csv", "text/csv")],
    }
    header, body = csv_rows(data)
    renderers: dict[str, Callable[[], HttpResponse]] = {
        "text/html": lambda: render(request, "results/season.html", context),
        "application/json": lambda: json_response(data),
        "text/csv": partial(csv_response, f"season-{team.slug}.csv", header, body),
    }
    version = [data, can_edit, team.name]
    public = is_public(team) and not request.user.is_authenticated
    return representation(
        request,
        renderers=renderers,
        version=version,
        last_modified=last_changed(team, games),
        public=public,
    )


def last_changed(team: Team, games: list[Game]) -> dt.datetime | None:
    """The newest change the page shows: a result or event written or removed (the audit
    trail has each), an answer, a player, a game or the team."""
    recorded = AuditEvent.objects.filter(
        team=team, object_type__in=["gameresult", "matchevent"]
    ).aggregate(at=Max("at"))["at"]
    stamps = [
        recorded,
        team.updated_at,
        team.players.aggregate(at=Max("updated_at"))["at"],
        Availability.objects.filter(game__in=games).aggregate(at=Max("updated_at"))["at"],
        max((game.updated_at for game in games), default=None),
    ]
    return max((at for at in stamps if at is not None), default=None)
