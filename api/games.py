"""/api/v1/games/: a team's fixtures; its coaches schedule and change them."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Status

from clubs import services
from clubs.models import Game
from clubs.permissions import game_by_id, team_for, visible_teams

from . import schemas as s
from .items import PAGE, PAGE_SIZE, Items, page_of, referenced, register
from .router import WRITERS, api, reader

ItemId = Annotated[int, Path(ge=1, le=s.MAX_ID)]


def game_out(game: Game, user: Any = None) -> dict[str, Any]:
    return {
        "id": game.pk,
        "team": game.team.slug,
        "opponent": game.opponent,
        "kickoff": game.kickoff,
        "venue": game.venue,
        "home_away": game.home_away,
        "meet_at": game.meet_at,
        "state": game.state(),
        "ends_at": game.ends_at,
        "updated_at": game.updated_at,
    }


GAMES = Items[Game](
    name="game",
    plural="games",
    path="/games/{pk}/",
    key="pk",
    key_type=ItemId,
    out=s.GameOut,
    put=s.GamePut,
    patch=s.GamePatch,
    find=lambda user, pk, edit: game_by_id(user, pk, edit=edit),
    show=game_out,
    change=lambda game, changes, by: services.game_update(
        game=game, data=changes, version=game.version, by=by
    ),
    remove=lambda game, by: services.game_delete(game=game, version=game.version, by=by),
    clearable=frozenset({"meet_at"}),
    delete_doc="Delete a game with its answers and rotation plans.",
)


@api.get("/games/", response=s.Page[s.GameOut], tags=["games"])
def list_games(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
    team: str | None = Query(None, max_length=60),
) -> Any:
    """Games by kick-off. Filter with ?team=<slug>."""
    games = Game.objects.filter(team__in=visible_teams(reader(request))).select_related("team")
    if team:
        games = games.filter(team__slug=team)
    return page_of(request, games.order_by("kickoff", "pk"), page, page_size, game_out)


@api.post("/games/", response={201: s.GameOut}, auth=WRITERS, tags=["games"])
def create_game(request: HttpRequest, response: HttpResponse, payload: s.GameIn) -> Status:
    """A new game of a team you coach."""
    fields = payload.dict()
    with referenced("team"):
        team = team_for(request.user, fields.pop("team"), edit=True)
    game = services.game_create(team=team, data=fields, by=request.user)
    return GAMES.created(response, game, request.user)


register(GAMES)  # after the list: the schema lists /games/ first
