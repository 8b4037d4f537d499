"""/api/v1/games/{id}/result/ and /events/: a game's score, starters and what happened.

Reads as the team's other data (anyone who may see the team); writes by its coaches,
through the same ``results.services`` as the result page, so each has its audit line.
The score is versioned: replacing one that exists needs ``If-Match`` (428 without,
412 when it changed since). Events are idempotent: the ``Idempotency-Key`` header or
the body's ``key`` names one event, and sending it again answers the stored one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Schema, Status
from pydantic import Field, StringConstraints

from clubs.models import Game, Player
from clubs.permissions import game_by_id
from results import services
from results.models import MAX_GOALS, MAX_MINUTE, EventKind, GameResult, MatchEvent

from .items import PAGE, PAGE_SIZE, check_preconditions, invalid, page_of, with_version
from .router import WRITERS, Problem, api, reader
from .schemas import MAX_ID, Id, Page

ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
Goals = Annotated[int, Field(strict=True, ge=0, le=MAX_GOALS)]
Minute = Annotated[int, Field(strict=True, ge=0, le=MAX_MINUTE)]
Period = Annotated[int, Field(strict=True, ge=1, le=16)]
Key = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100)]
KindValue = Literal["goal", "assist", "yellow", "red", "substitution"]
TAGS = ["results"]


class ResultOut(Schema):
    game: int
    goals_for: int | None
    goals_against: int | None
    outcome: str
    starters: list[int]
    updated_at: dt.datetime | None


class ResultPut(Schema):
    goals_for: Goals
    goals_against: Goals
    #: Player ids; leave out to keep the recorded starters.
    starters: list[Id] | None = Field(None, max_length=30)


class EventOut(Schema):
    id: int
    game: int
    kind: str
    minute: int
    period: int | None
    player: int | None
    player_off: int | None
    key: str
    created_at: dt.datetime


class EventIn(Schema):
    kind: KindValue
    minute: Minute
    period: Period | None = None
    player: Id | None = None
    player_off: Id | None = None
    key: Key | None = None


def result_out(game: Game, result: GameResult | None) -> dict[str, Any]:
    return {
        "game": game.pk,
        "goals_for": result.goals_for if result else None,
        "goals_against": result.goals_against if result else None,
        "outcome": result.outcome if result else "",
        "starters": sorted(result.starters.values_list("pk", flat=True)) if result else [],
        "updated_at": result.updated_at if result else None,
    }


def event_out(event: MatchEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "game": event.game_id,
        "kind": event.kind,
        "minute": event.minute,
        "period": event.period,
        "player": event.player_id,
        "player_off": event.player_off_id,
        "key": event.key,
        "created_at": event.created_at,
    }


def _answer(response: HttpResponse, game: Game) -> dict[str, Any]:
    result = GameResult.objects.filter(game=game).first()
    data = result_out(game, result)
    with_version(response, data, result or game)
    return data


IF_MATCH_DOC = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": "The ETag of a GET of the result; needed to replace a recorded score.",
    "schema": {"type": "string"},
}
PRECONDITION_REQUIRED = {
    "description": "Replacing a recorded score needs If-Match: GET it first, send its ETag.",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


@api.get("/games/{pk}/result/", response=ResultOut, tags=TAGS)
def get_result(request: HttpRequest, response: HttpResponse, pk: ItemId) -> Any:
    """The game's score and starters (nulls and [] until recorded), with its ETag."""
    return _answer(response, game_by_id(reader(request), pk))


@api.put(
    "/games/{pk}/result/",
    response=ResultOut,
    auth=WRITERS,
    tags=TAGS,
    openapi_extra={"parameters": [IF_MATCH_DOC], "responses": {428: PRECONDITION_REQUIRED}},
)
def replace_result(
    request: HttpRequest, response: HttpResponse, pk: ItemId, payload: ResultPut
) -> Any:
    """Record or correct the score (and, if sent, the starters) of a game you coach."""
    with transaction.atomic():
        game = game_by_id(request.user, pk, edit=True)
        result = GameResult.objects.filter(game=game).first()
        if result is not None and result.has_score and not request.headers.get("If-Match"):
            raise Problem(
                428,
                _(
                    "This game's score is recorded already. GET the result, then send its "
                    "ETag in If-Match, so that you replace what you read."
                ),
            )
        check_preconditions(request, result_out(game, result), result or game)
        starters = None
        if payload.starters is not None:
            chosen = set(payload.starters)
            starters = list(Player.objects.filter(team=game.team, pk__in=chosen))
            if len(starters) != len(chosen):
                raise invalid("starters", _("Every starter must be a player of this team."))
        services.result_save(
            game=game,
            goals_for=payload.goals_for,
            goals_against=payload.goals_against,
            version=result.version if result is not None and result.has_score else 0,
            by=request.user,
        )
        if starters is not None:
            services.starters_set(game=game, players=starters, by=request.user)
    return _answer(response, game)


@api.get("/games/{pk}/events/", response=Page[EventOut], tags=TAGS)
def list_events(
    request: HttpRequest, pk: ItemId, page: int = PAGE, page_size: int = PAGE_SIZE
) -> Any:
    """What happened in the game, by minute: goals, assists, cards, substitutions made."""
    game = game_by_id(reader(request), pk)
    events = MatchEvent.objects.filter(game=game).order_by("minute", "pk")
    return page_of(request, events, page, page_size, event_out)


def _player(game: Game, field: str, pk: int | None) -> Player | None:
    if pk is None:
        return None
    player = Player.objects.filter(team=game.team, pk=pk).first()
    if player is None:
        raise invalid(field, _("%(team)s has no player %(id)s.") % {"team": game.team, "id": pk})
    return player


IDEMPOTENCY_DOC = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Names this event: sending it again answers the stored one (or use `key`).",
    "schema": {"type": "string", "maxLength": 100},
}


@api.post(
    "/games/{pk}/events/",
    response={200: EventOut, 201: EventOut},
    auth=WRITERS,
    tags=TAGS,
    openapi_extra={"parameters": [IDEMPOTENCY_DOC]},
)
def create_event(
    request: HttpRequest, response: HttpResponse, pk: ItemId, payload: EventIn
) -> Status:
    """Record an event: 201 when new, 200 with the stored event when its key was used."""
    header = request.headers.get("Idempotency-Key", "").strip()
    if header and payload.key and header != payload.key:
        raise invalid("key", _("The key and the Idempotency-Key header differ; send one."))
    if len(header) > 100:
        raise invalid("key", _("An Idempotency-Key has at most 100 characters."))
    key = header or payload.key or uuid.uuid4().hex
    with transaction.atomic():
        game = game_by_id(request.user, pk, edit=True)
        player = _player(game, "player", payload.player)
        player_off = _player(game, "player_off", payload.player_off)
        if payload.kind != EventKind.SUBSTITUTION and player_off is not None:
            raise invalid("player_off", _("Only a substitution takes a player off."))
        stored = MatchEvent.objects.filter(game=game, key=key).first()
        event = services.event_record(
            game=game,
            kind=payload.kind,
            minute=payload.minute,
            period=payload.period,
            player=player,
            player_off=player_off,
            key=key,
            by=request.user,
        )
    if stored is not None and (
        (stored.kind, stored.minute, stored.period, stored.player_id, stored.player_off_id)
        != (payload.kind, payload.minute, payload.period, payload.player, payload.player_off)
    ):
        raise Problem(
            409,
            _("This key names another event of this game already; use a new key."),
            [{"field": "key", "message": _("Already used for another event.")}],
        )
    data = event_out(event)
    with_version(response, data, event)
    response["Location"] = f"/api/v1/games/{game.pk}/events/{event.pk}/"
    return Status(200 if stored is not None else 201, data)


def _event(user: Any, pk: int, event_id: int, *, edit: bool) -> MatchEvent:
    game = game_by_id(user, pk, edit=edit)
    event = MatchEvent.objects.filter(game=game, pk=event_id).first()
    if event is None:
        raise Http404(_("Game %(game)s has no event %(id)s.") % {"game": pk, "id": event_id})
    return event


@api.get("/games/{pk}/events/{event_id}/", response=EventOut, tags=TAGS)
def get_event(request: HttpRequest, response: HttpResponse, pk: ItemId, event_id: ItemId) -> Any:
    """One event, with its ETag."""
    event = _event(reader(request), pk, event_id, edit=False)
    data = event_out(event)
    with_version(response, data, event)
    return data


@api.delete("/games/{pk}/events/{event_id}/", response={204: None}, auth=WRITERS, tags=TAGS)
def delete_event(request: HttpRequest, pk: ItemId, event_id: ItemId) -> Status:
    """Remove an event recorded by mistake."""
    with transaction.atomic():
        event = _event(request.user, pk, event_id, edit=True)
        check_preconditions(request, event_out(event), event)
        services.event_delete(event=event, by=request.user)
    return Status(204, None)
