"""/api/v1/availability/: players' answers for their team's games; coaches record them."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Status

from clubs import services
from clubs.models import Availability
from clubs.permissions import availability_by_id, game_by_id, player_for, visible_teams
from clubs.privacy import audience, hidden_players
from web.refusals import Refusal

from . import schemas as s
from .items import PAGE, PAGE_SIZE, Items, page_of, referenced, register
from .router import WRITERS, Problem, api, reader

ItemId = Annotated[int, Path(ge=1, le=s.MAX_ID)]


def availability_out(row: Availability, user: Any = None) -> dict[str, Any]:
    return {
        "id": row.pk,
        "player": row.player_id,
        "game": row.game_id,
        "answer": row.answer,
        "updated_at": row.updated_at,
    }


def _find(user: Any, pk: int, edit: bool) -> Availability:
    row = availability_by_id(user, pk, edit=edit)
    if audience(user, row.game.team).hides(row.player_id):
        # Whether a child plays, and why not, is the club's business (clubs.privacy).
        raise Refusal(
            _("The answers of junior players are for the coaches and admins of %(club)s.")
            % {"club": row.game.team.club.name}
        )
    return row


def _answer(row: Availability, answer: str, by: Any) -> Availability:
    services.availability_set(game=row.game, player=row.player, answer=answer, by=by)
    if answer:
        row.refresh_from_db()
    return row


ANSWERS = Items[Availability](
    name="availability",
    plural="availability",
    path="/availability/{pk}/",
    key="pk",
    key_type=ItemId,
    out=s.AvailabilityOut,
    put=s.AvailabilityPut,
    patch=s.AvailabilityPut,
    find=_find,
    show=availability_out,
    change=lambda row, changes, by: _answer(row, changes["answer"], by),
    remove=lambda row, by: _answer(row, "", by) and None,
    delete_doc="Clear the answer (the player has not answered any more).",
)


@api.get("/availability/", response=s.Page[s.AvailabilityOut], tags=["availability"])
def list_availability(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
    game: int | None = Query(None, ge=1, le=s.MAX_ID),
    player: int | None = Query(None, ge=1, le=s.MAX_ID),
    team: str | None = Query(None, max_length=60),
) -> Any:
    """Answers by game kick-off and shirt number. Filter with ?game=, ?player=, ?team=.

    The answers of junior players show only to their club's coaches and admins."""
    user = reader(request)
    rows = Availability.objects.filter(game__team__in=visible_teams(user))
    rows = rows.exclude(hidden_players(user, via="player__"))
    if game:
        rows = rows.filter(game_id=game)
    if player:
        rows = rows.filter(player_id=player)
    if team:
        rows = rows.filter(game__team__slug=team)
    rows = rows.order_by("game__kickoff", "game_id", "player__number", "pk")
    return page_of(request, rows, page, page_size, availability_out)


@api.post("/availability/", response={201: s.AvailabilityOut}, auth=WRITERS, tags=["availability"])
def create_availability(
    request: HttpRequest, response: HttpResponse, payload: s.AvailabilityIn
) -> Status:
    """A player's answer for one game of their team."""
    with referenced("game"):
        game = game_by_id(request.user, payload.game, edit=True)
    with referenced("player"):
        player = player_for(request.user, game.team.slug, payload.player)
    if Availability.objects.filter(player=player, game=game).exists():
        # POST makes a new answer; changing one is a PUT or PATCH on its address.
        raise Problem(
            409,
            _("This player has already answered for this game."),
            [{"field": "player", "message": _("Change the answer at its own address.")}],
        )
    services.availability_set(game=game, player=player, answer=payload.answer, by=request.user)
    row = Availability.objects.get(player=player, game=game)
    return ANSWERS.created(response, row, request.user)


register(ANSWERS)  # after the list: the schema lists /availability/ first
