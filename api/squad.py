"""/api/v1/ endpoints of a team's squad and season: the lineup, players, games, availability.

Same recipe as ``api/endpoints.py``, whose helpers these share.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Path, Query, Status

from clubs import presenters, services
from clubs.forms import TeamSizeForm
from clubs.lineups import squad_of, team_lineup
from clubs.models import Availability, Game, Player, Team
from clubs.permissions import can_edit_team
from web.refusals import Refusal

from . import schemas as s
from .endpoints import (
    PAGE,
    PAGE_SIZE,
    created_headers,
    editable_team_ids,
    invalid,
    team_for,
    visible_to_reader,
)
from .v1 import (
    WRITERS,
    Problem,
    api,
    check_preconditions,
    page_of,
    reader,
    version_of,
    with_version,
)

ItemId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
LineupTeam = Annotated[str, Path(max_length=60, examples=["riverside-u09"])]
LineupSize = Annotated[s.LineupSize, Path(examples=[7])]


# --- The lineup: computed, read-only ---------------------------------------------------------


@api.get("/lineups/{team}/{size}/", response=s.LineupOut, tags=["lineups"])
def get_lineup(
    request: HttpRequest,
    response: HttpResponse,
    team: LineupTeam,
    size: LineupSize,
) -> Any:
    """The best lineup of ``size`` for the team's next game (the same as /best/<team>/<size>/)."""
    found = team_for(request, team)
    squad = squad_of(found)
    if len(squad) > settings.TEAMCOACH_MAX_SQUAD:
        raise Problem(
            400,
            _("Squads of more than %(n)s players are not solved.")
            % {"n": settings.TEAMCOACH_MAX_SQUAD},
        )
    form = TeamSizeForm({"show": size}, team=found, squad=len(squad))
    if not form.is_valid():
        errors = [{"field": "size", "message": str(m)} for m in form.errors.get("show", [])]
        raise Problem(400, _("This team cannot field that many players."), errors)
    result = team_lineup(found, form.cleaned_data["show"], squad=squad)
    data = presenters.lineup_data(result)
    out = {
        **data,
        "team": found.slug,
        "game": game_out(result.game) if result.game else None,
        "formation": data["formation"]["name"],
    }
    response["ETag"] = version_of(data)
    changed = presenters.lineup_changed(result)
    if changed is not None:
        response["Last-Modified"] = http_date(int(changed.timestamp()))
    return out


# --- Players -----------------------------------------------------------------------------


def player_out(player: Player, editable: set[int] | None) -> dict[str, Any]:
    private = editable is None or player.team_id in editable
    return {
        "id": player.pk,
        "team": player.team.slug,
        "name": player.name,
        "number": player.number,
        "birth_year": player.birth_year if private else None,
        "fit": player.fit,
        "retired_at": player.retired_at,
        "positions": {
            p.position: p.rating for p in sorted(player.positions.all(), key=lambda p: p.position)
        },
        "updated_at": player.updated_at,
    }


def _player(request: HttpRequest, pk: int, *, edit: bool = False) -> Player:
    player = (
        Player.objects.select_related("team__club")
        .prefetch_related("positions")
        .filter(pk=pk)
        .first()
    )
    if player is None:
        raise Http404(_("There is no player %(id)s.") % {"id": pk})
    team_for(request, player.team.slug, edit=edit)
    return player


@api.get("/players/", response=s.Page[s.PlayerOut], tags=["players"])
def list_players(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
    team: str | None = Query(None, max_length=60),
    fit: bool | None = None,
) -> Any:
    """Players by team and shirt number. Filter with ?team=<slug>, ?fit=true|false."""
    players = (
        Player.objects.filter(team__in=visible_to_reader(request))
        .select_related("team")
        .prefetch_related("positions")
        .order_by("team__slug", "number", "pk")
    )
    if team:
        players = players.filter(team__slug=team)
    if fit is not None:
        players = players.filter(fit=fit)
    editable = editable_team_ids(reader(request))
    return page_of(request, players, page, page_size, lambda p: player_out(p, editable))


@api.post("/players/", response={201: s.PlayerOut}, auth=WRITERS, tags=["players"])
def create_player(request: HttpRequest, response: HttpResponse, payload: s.PlayerIn) -> Any:
    fields = payload.dict()
    team = Team.objects.filter(slug=fields.pop("team")).select_related("club").first()
    if team is None:
        raise invalid("team", _("There is no team with this URL name."))
    if not can_edit_team(request.user, team):
        raise Refusal(_("Only this team's coaches and its club's admins add players."))
    if team.active_players().count() >= settings.TEAMCOACH_MAX_SQUAD:
        raise invalid(
            "team", _("A squad has at most %(n)s players.") % {"n": settings.TEAMCOACH_MAX_SQUAD}
        )
    ratings = dict(sorted(fields.pop("positions").items()))
    player = services.player_create(team=team, data=fields, ratings=ratings, by=request.user)
    player = _player(request, player.pk)
    data = player_out(player, None)
    created_headers(response, f"/api/v1/players/{player.pk}/", data, player)
    return Status(201, data)


@api.get("/players/{pk}/", response=s.PlayerOut, tags=["players"])
def get_player(request: HttpRequest, response: HttpResponse, pk: ItemId) -> Any:
    player = _player(request, pk)
    data = player_out(player, editable_team_ids(reader(request)))
    with_version(response, data, player)
    return data


def _update_player(
    request: HttpRequest, response: HttpResponse, pk: int, changes: dict[str, Any]
) -> Any:
    with transaction.atomic():
        player = _player(request, pk, edit=True)
        check_preconditions(request, player_out(player, None), player)
        positions = changes.pop("positions", None)
        services.player_update(
            player=player,
            data=changes,
            ratings=dict(sorted(positions.items())) if positions is not None else None,
            version=player.version,
            by=request.user,
        )
    player = _player(request, pk)
    data = player_out(player, None)
    with_version(response, data, player)
    return data


@api.put("/players/{pk}/", response=s.PlayerOut, auth=WRITERS, tags=["players"])
def replace_player(
    request: HttpRequest, response: HttpResponse, pk: ItemId, payload: s.PlayerPut
) -> Any:
    return _update_player(request, response, pk, payload.dict())


@api.patch("/players/{pk}/", response=s.PlayerOut, auth=WRITERS, tags=["players"])
def update_player(
    request: HttpRequest, response: HttpResponse, pk: ItemId, payload: s.PlayerPatch
) -> Any:
    changes = payload.dict(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None or k == "birth_year"}
    return _update_player(request, response, pk, changes)


@api.delete("/players/{pk}/", response={204: None}, auth=WRITERS, tags=["players"])
def delete_player(request: HttpRequest, pk: ItemId) -> Any:
    with transaction.atomic():
        player = _player(request, pk, edit=True)
        check_preconditions(request, player_out(player, None), player)
        services.player_delete(player=player, version=player.version, by=request.user)
    return Status(204, None)


# --- Games ---------------------------------------------------------------------------------


def game_out(game: Game) -> dict[str, Any]:
    return {
        "id": game.pk,
        "team": game.team.slug,
        "opponent": game.opponent,
        "kickoff": game.kickoff,
        "venue": game.venue,
        "home_away": game.home_away,
        "updated_at": game.updated_at,
    }


def _game(request: HttpRequest, pk: int, *, edit: bool = False) -> Game:
    game = Game.objects.select_related("team__club").filter(pk=pk).first()
    if game is None:
        raise Http404(_("There is no game %(id)s.") % {"id": pk})
    team_for(request, game.team.slug, edit=edit)
    return game


@api.get("/games/", response=s.Page[s.GameOut], tags=["games"])
def list_games(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
    team: str | None = Query(None, max_length=60),
) -> Any:
    """Games by kick-off. Filter with ?team=<slug>."""
    games = (
        Game.objects.filter(team__in=visible_to_reader(request))
        .select_related("team")
        .order_by("kickoff", "pk")
    )
    if team:
        games = games.filter(team__slug=team)
    return page_of(request, games, page, page_size, game_out)


@api.post("/games/", response={201: s.GameOut}, auth=WRITERS, tags=["games"])
def create_game(request: HttpRequest, response: HttpResponse, payload: s.GameIn) -> Any:
    fields = payload.dict()
    team = Team.objects.filter(slug=fields.pop("team")).select_related("club").first()
    if team is None:
        raise invalid("team", _("There is no team with this URL name."))
    if not can_edit_team(request.user, team):
        raise Refusal(_("Only this team's coaches and its club's admins add games."))
    game = services.game_create(team=team, data=fields, by=request.user)
    data = game_out(game)
    created_headers(response, f"/api/v1/games/{game.pk}/", data, game)
    return Status(201, data)


@api.get("/games/{pk}/", response=s.GameOut, tags=["games"])
def get_game(request: HttpRequest, response: HttpResponse, pk: ItemId) -> Any:
    game = _game(request, pk)
    data = game_out(game)
    with_version(response, data, game)
    return data


def _update_game(
    request: HttpRequest, response: HttpResponse, pk: int, changes: dict[str, Any]
) -> Any:
    with transaction.atomic():
        game = _game(request, pk, edit=True)
        check_preconditions(request, game_out(game), game)
        game = services.game_update(game=game, data=changes, version=game.version, by=request.user)
    data = game_out(game)
    with_version(response, data, game)
    return data


@api.put("/games/{pk}/", response=s.GameOut, auth=WRITERS, tags=["games"])
def replace_game(
    request: HttpRequest, response: HttpResponse, pk: ItemId, payload: s.GamePut
) -> Any:
    return _update_game(request, response, pk, payload.dict())


@api.patch("/games/{pk}/", response=s.GameOut, auth=WRITERS, tags=["games"])
def update_game(
    request: HttpRequest, response: HttpResponse, pk: ItemId, payload: s.GamePatch
) -> Any:
    return _update_game(request, response, pk, payload.dict(exclude_unset=True, exclude_none=True))


@api.delete("/games/{pk}/", response={204: None}, auth=WRITERS, tags=["games"])
def delete_game(request: HttpRequest, pk: ItemId) -> Any:
    with transaction.atomic():
        game = _game(request, pk, edit=True)
        check_preconditions(request, game_out(game), game)
        services.game_delete(game=game, version=game.version, by=request.user)
    return Status(204, None)


# --- Availability ------------------------------------------------------------------------------


def availability_out(row: Availability) -> dict[str, Any]:
    return {
        "id": row.pk,
        "player": row.player_id,
        "game": row.game_id,
        "answer": row.answer,
        "updated_at": row.updated_at,
    }


def _availability(request: HttpRequest, pk: int, *, edit: bool = False) -> Availability:
    row = Availability.objects.select_related("game__team__club").filter(pk=pk).first()
    if row is None:
        raise Http404(_("There is no availability answer %(id)s.") % {"id": pk})
    team_for(request, row.game.team.slug, edit=edit)
    return row


@api.get("/availability/", response=s.Page[s.AvailabilityOut], tags=["availability"])
def list_availability(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
    game: int | None = Query(None, ge=1, le=s.MAX_ID),
    player: int | None = Query(None, ge=1, le=s.MAX_ID),
    team: str | None = Query(None, max_length=60),
) -> Any:
    """Answers by game kick-off and shirt number. Filter with ?game=, ?player=, ?team=."""
    rows = Availability.objects.filter(game__team__in=visible_to_reader(request)).order_by(
        "game__kickoff", "game_id", "player__number", "pk"
    )
    if game:
        rows = rows.filter(game_id=game)
    if player:
        rows = rows.filter(player_id=player)
    if team:
        rows = rows.filter(game__team__slug=team)
    return page_of(request, rows, page, page_size, availability_out)


@api.post("/availability/", response={201: s.AvailabilityOut}, auth=WRITERS, tags=["availability"])
def create_availability(
    request: HttpRequest, response: HttpResponse, payload: s.AvailabilityIn
) -> Any:
    """A player's answer for one game of their team."""
    game = Game.objects.select_related("team__club").filter(pk=payload.game).first()
    if game is None:
        raise invalid("game", _("There is no such game."))
    player = Player.objects.filter(pk=payload.player, team_id=game.team_id).first()
    if player is None:
        raise invalid("player", _("There is no such player in this game's team."))
    if not can_edit_team(request.user, game.team):
        raise Refusal(_("Only this team's coaches and its club's admins record answers."))
    if Availability.objects.filter(player=player, game=game).exists():
        # POST makes a new answer; changing one is a PUT or PATCH on its address.
        raise Problem(
            409,
            _("This player has already answered for this game."),
            [{"field": "player", "message": _("Change the answer at its own address.")}],
        )
    services.availability_set(game=game, player=player, answer=payload.answer, by=request.user)
    row = Availability.objects.get(player=player, game=game)
    data = availability_out(row)
    created_headers(response, f"/api/v1/availability/{row.pk}/", data, row)
    return Status(201, data)


@api.get("/availability/{pk}/", response=s.AvailabilityOut, tags=["availability"])
def get_availability(request: HttpRequest, response: HttpResponse, pk: ItemId) -> Any:
    row = _availability(request, pk)
    data = availability_out(row)
    with_version(response, data, row)
    return data


def _update_availability(request: HttpRequest, response: HttpResponse, pk: int, answer: str) -> Any:
    with transaction.atomic():
        row = _availability(request, pk, edit=True)
        check_preconditions(request, availability_out(row), row)
        services.availability_set(game=row.game, player=row.player, answer=answer, by=request.user)
        row.refresh_from_db()
    data = availability_out(row)
    with_version(response, data, row)
    return data


@api.put("/availability/{pk}/", response=s.AvailabilityOut, auth=WRITERS, tags=["availability"])
def replace_availability(
    request: HttpRequest, response: HttpResponse, pk: ItemId, payload: s.AvailabilityPut
) -> Any:
    return _update_availability(request, response, pk, payload.answer)


@api.patch("/availability/{pk}/", response=s.AvailabilityOut, auth=WRITERS, tags=["availability"])
def update_availability(
    request: HttpRequest, response: HttpResponse, pk: ItemId, payload: s.AvailabilityPut
) -> Any:
    return _update_availability(request, response, pk, payload.answer)


@api.delete("/availability/{pk}/", response={204: None}, auth=WRITERS, tags=["availability"])
def delete_availability(request: HttpRequest, pk: ItemId) -> Any:
    with transaction.atomic():
        row = _availability(request, pk, edit=True)
        check_preconditions(request, availability_out(row), row)
        services.availability_set(game=row.game, player=row.player, answer="", by=request.user)
    return Status(204, None)
