"""/api/v1/players/: a team's squad. Birth years only for the team's coaches and admins."""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Status

from clubs import services
from clubs.models import Player
from clubs.permissions import (
    can_edit_team,
    editable_team_ids,
    member_club_ids,
    player_by_id,
    team_for,
    visible_teams,
)
from clubs.privacy import EVERYTHING, Audience, Audiences, audience, hidden_players

from . import schemas as s
from .items import PAGE, PAGE_SIZE, Items, page_of, referenced, register
from .router import WRITERS, Problem, api, reader

ItemId = Annotated[int, Path(ge=1, le=s.MAX_ID)]


def player_out(
    player: Player, private: bool, seen_by: Audience = EVERYTHING, member: bool = False
) -> dict[str, Any]:
    """``private``: the viewer coaches the team (birth year); ``seen_by``: what the viewer
    may see of junior players from outside the club (``clubs.privacy``); ``member``: any
    coach or admin of the club (who sees the contacts, to reach a family)."""
    if seen_by.hides(player):
        return {
            "id": player.pk,
            "team": player.team.slug,
            "name": seen_by.name(player),
            "number": player.number,
            "birth_year": None,
            "fit": None,
            "retired_at": player.retired_at,
            "positions": dict.fromkeys(sorted(p.position for p in player.positions.all())),
            "contacts": None,
            "updated_at": player.updated_at,
        }
    contacts = None
    if member or private:
        contacts = [
            {"name": c.name, "email": c.email, "phone": c.phone} for c in player.contacts.all()
        ]
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
        "contacts": contacts,
        "updated_at": player.updated_at,
    }


def _ratings(positions: dict[str, int] | None) -> dict[str, int] | None:
    return dict(sorted(positions.items())) if positions is not None else None


def _contacts(contacts: list[dict[str, str]] | None) -> list[services.Contact] | None:
    if contacts is None:
        return None
    return [
        services.Contact(c["name"].strip(), c["email"], c.get("phone", "").strip())
        for c in contacts
    ]


def _is_member(user: Any, player: Player) -> bool:
    return bool(getattr(user, "is_superuser", False)) or player.team.club_id in member_club_ids(
        user
    )


def _change(player: Player, changes: dict[str, Any], by: Any) -> Player:
    ratings = _ratings(changes.pop("positions", None))
    contacts = _contacts(changes.pop("contacts", None))
    return services.player_update(
        player=player,
        data=changes,
        ratings=ratings,
        contacts=contacts,
        version=player.version,
        by=by,
    )


PLAYERS = Items[Player](
    name="player",
    plural="players",
    path="/players/{pk}/",
    key="pk",
    key_type=ItemId,
    out=s.PlayerOut,
    put=s.PlayerPut,
    patch=s.PlayerPatch,
    find=lambda user, pk, edit: player_by_id(user, pk, edit=edit),
    show=lambda player, user: player_out(
        player,
        can_edit_team(user, player.team),
        audience(user, player.team),
        _is_member(user, player),
    ),
    change=_change,
    remove=lambda player, by: services.player_delete(player=player, version=player.version, by=by),
    clearable=frozenset({"birth_year"}),
    delete_doc="Delete a player with their positions and answers (the pages retire instead).",
)


@api.get("/players/", response=s.Page[s.PlayerOut], tags=["players"])
def list_players(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
    team: str | None = Query(None, max_length=60),
    fit: bool | None = None,
) -> Any:
    """Players by team and shirt number. Filter with ?team=<slug>, ?fit=true|false (which
    leaves out the junior players of other clubs: their fitness is not shown)."""
    user = reader(request)
    players = (
        Player.objects.filter(team__in=visible_teams(user))
        .select_related("team")
        .prefetch_related("positions", "contacts")
        .order_by("team__slug", "number", "pk")
    )
    if team:
        players = players.filter(team__slug=team)
    if fit is not None:
        players = players.filter(fit=fit).exclude(hidden_players(user))
    editable = editable_team_ids(user)
    private = lambda p: editable is None or p.team_id in editable  # noqa: E731
    seen_by = Audiences(user)
    clubs = member_club_ids(user)
    member = lambda p: editable is None or p.team.club_id in clubs  # noqa: E731
    return page_of(
        request,
        players,
        page,
        page_size,
        lambda p: player_out(p, private(p), seen_by.of(p.team), member(p)),
    )


@api.post("/players/", response={201: s.PlayerOut}, auth=WRITERS, tags=["players"])
def create_player(request: HttpRequest, response: HttpResponse, payload: s.PlayerIn) -> Status:
    """A new player in the squad of a team you coach."""
    fields = payload.dict()
    with referenced("team"):
        team = team_for(request.user, fields.pop("team"), edit=True)
    if team.active_players().count() >= settings.TEAMCOACH_MAX_SQUAD:
        limit = _("A squad has at most %(n)s players.") % {"n": settings.TEAMCOACH_MAX_SQUAD}
        raise Problem(
            422, _("Some values are not valid; see errors."), [{"field": "team", "message": limit}]
        )
    ratings = _ratings(fields.pop("positions")) or {}
    contacts = _contacts(fields.pop("contacts")) or []
    player = services.player_create(
        team=team, data=fields, ratings=ratings, contacts=contacts, by=request.user
    )
    return PLAYERS.created(response, player, request.user)


register(PLAYERS)  # after the list: the schema lists /players/ first
