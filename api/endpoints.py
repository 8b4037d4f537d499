"""/api/v1/ endpoints: clubs, teams, players, games, availability, and the computed lineup.

Every endpoint is the same recipe: who is asking (``reader`` or ninja's auth for
writes), fetch with the permission check (404/403 here), check If-Match on
writes (412), then one call to ``clubs.services`` — the same write path as the
HTML forms: one transaction, the model's own rules (a ValidationError becomes 422
or 409 in ``api/v1.py``), a version check (409) and an audit event.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Status

from clubs import services
from clubs.models import Club, Team
from clubs.permissions import can_edit_team, can_view_team, coached_team_ids, is_club_admin
from clubs.permissions import visible_teams as visible_teams_of
from web.refusals import Refusal

from . import schemas as s
from .v1 import (
    WRITERS,
    Problem,
    api,
    check_preconditions,
    page_of,
    reader,
    with_version,
)

PAGE = Query(1, ge=1, le=100_000, description="Page number, from 1.")
PAGE_SIZE = Query(20, ge=1, le=100, description="Items per page (at most 100).")


def created_headers(
    response: HttpResponse, location: str, data: dict[str, Any], obj: Model
) -> None:
    response["Location"] = location
    with_version(response, data, obj)


def invalid(field: str, message: str) -> Problem:
    return Problem(
        422, _("Some values are not valid; see errors."), [{"field": field, "message": message}]
    )


def editable_team_ids(user: Any) -> set[int] | None:
    """The teams whose private fields the user sees; ``None`` means all (superusers)."""
    if getattr(user, "is_superuser", False):
        return None
    if not getattr(user, "is_authenticated", False):
        return set()
    admin_of = set(Team.objects.filter(club__admins=user).values_list("pk", flat=True))
    return coached_team_ids(user) | admin_of


def visible_to_reader(request: HttpRequest) -> Any:
    return visible_teams_of(reader(request))


# --- Clubs ---------------------------------------------------------------------------


def club_out(club: Club) -> dict[str, Any]:
    return {"slug": club.slug, "name": club.name, "created_at": club.created_at}


def _club(slug: str) -> Club:
    club = Club.objects.filter(slug=slug).first()
    if club is None:
        raise Http404(_("There is no club with this URL name."))
    return club


def _admin_club(request: HttpRequest, slug: str) -> Club:
    club = _club(slug)
    if not (request.user.is_superuser or is_club_admin(request.user, club)):
        raise Refusal(_("Only the club's admins change the club."))
    return club


@api.get("/clubs/", response=s.Page[s.ClubOut], tags=["clubs"])
def list_clubs(request: HttpRequest, page: int = PAGE, page_size: int = PAGE_SIZE) -> Any:
    """Clubs, by name."""
    reader(request)
    return page_of(request, Club.objects.order_by("name", "pk"), page, page_size, club_out)


@api.post("/clubs/", response={201: s.ClubOut}, auth=WRITERS, tags=["clubs"])
def create_club(request: HttpRequest, response: HttpResponse, payload: s.ClubIn) -> Any:
    """A new club; whoever creates it becomes its first admin."""
    club = services.club_create(name=payload.name, slug=payload.slug, by=request.user)
    data = club_out(club)
    created_headers(response, f"/api/v1/clubs/{club.slug}/", data, club)
    return Status(201, data)


@api.get("/clubs/{slug}/", response=s.ClubOut, tags=["clubs"])
def get_club(request: HttpRequest, response: HttpResponse, slug: str) -> Any:
    reader(request)
    club = _club(slug)
    data = club_out(club)
    with_version(response, data, club)
    return data


def _update_club(
    request: HttpRequest, response: HttpResponse, slug: str, changes: dict[str, Any]
) -> Any:
    with transaction.atomic():
        club = _admin_club(request, slug)
        check_preconditions(request, club_out(club), club)
        club = services.club_update(club=club, data=changes, by=request.user)
    data = club_out(club)
    with_version(response, data, club)
    return data


@api.put("/clubs/{slug}/", response=s.ClubOut, auth=WRITERS, tags=["clubs"])
def replace_club(request: HttpRequest, response: HttpResponse, slug: str, payload: s.ClubIn) -> Any:
    return _update_club(request, response, slug, payload.dict())


@api.patch("/clubs/{slug}/", response=s.ClubOut, auth=WRITERS, tags=["clubs"])
def update_club(
    request: HttpRequest, response: HttpResponse, slug: str, payload: s.ClubPatch
) -> Any:
    return _update_club(
        request, response, slug, payload.dict(exclude_unset=True, exclude_none=True)
    )


@api.delete("/clubs/{slug}/", response={204: None}, auth=WRITERS, tags=["clubs"])
def delete_club(request: HttpRequest, slug: str) -> Any:
    """Delete a club with all its teams, players and games."""
    with transaction.atomic():
        club = _admin_club(request, slug)
        check_preconditions(request, club_out(club), club)
        services.club_delete(club=club, by=request.user)
    return Status(204, None)


# --- Teams ---------------------------------------------------------------------------

TEAM_FIELDS = [
    "slug",
    "name",
    "team_type",
    "age_group",
    "sport",
    "team_size",
    "formation",
    "count_maybe",
]


def team_out(team: Team) -> dict[str, Any]:
    data = {field: getattr(team, field) for field in TEAM_FIELDS}
    return {**data, "club": team.club.slug, "updated_at": team.updated_at}


def team_for(request: HttpRequest, slug: str, *, edit: bool = False) -> Team:
    team = Team.objects.select_related("club").filter(slug=slug).first()
    if team is None:
        raise Http404(_("There is no team with this URL name."))
    user = request.user if edit else reader(request)
    if edit and not can_edit_team(user, team):
        raise Refusal(_("Only this team's coaches and its club's admins change it."))
    if not can_view_team(user, team):
        raise Refusal(_("This team is visible to its club only."))
    return team


@api.get("/teams/", response=s.Page[s.TeamOut], tags=["teams"])
def list_teams(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
    team_type: s.TeamTypeValue | None = None,  # type: ignore[valid-type]
    sport: s.SportValue | None = None,  # type: ignore[valid-type]
    club: str | None = Query(None, max_length=60),
) -> Any:
    """Teams, by club, type, age group and name. Filter with ?team_type=, ?sport=, ?club=."""
    teams = (
        visible_to_reader(request)
        .select_related("club")
        .order_by("club__name", "team_type", "age_group", "name", "pk")
    )
    if team_type:
        teams = teams.of_type(team_type)
    if sport:
        teams = teams.filter(sport=sport)
    if club:
        teams = teams.filter(club__slug=club)
    return page_of(request, teams, page, page_size, team_out)


@api.post("/teams/", response={201: s.TeamOut}, auth=WRITERS, tags=["teams"])
def create_team(request: HttpRequest, response: HttpResponse, payload: s.TeamIn) -> Any:
    """A new team in a club you administer."""
    fields = payload.dict()
    club = Club.objects.filter(slug=fields.pop("club")).first()
    if club is None:
        raise invalid("club", _("There is no club with this URL name."))
    if not (request.user.is_superuser or is_club_admin(request.user, club)):
        raise Refusal(_("Only the club's admins add teams to it."))
    team = services.team_create(club=club, data=fields, by=request.user)
    data = team_out(team)
    created_headers(response, f"/api/v1/teams/{team.slug}/", data, team)
    return Status(201, data)


@api.get("/teams/{slug}/", response=s.TeamOut, tags=["teams"])
def get_team(request: HttpRequest, response: HttpResponse, slug: str) -> Any:
    team = team_for(request, slug)
    data = team_out(team)
    with_version(response, data, team)
    return data


def _update_team(
    request: HttpRequest, response: HttpResponse, slug: str, changes: dict[str, Any]
) -> Any:
    with transaction.atomic():
        team = team_for(request, slug, edit=True)
        check_preconditions(request, team_out(team), team)
        changes.pop("club", None)  # a team stays in its club
        team = services.team_update(team=team, data=changes, version=team.version, by=request.user)
    data = team_out(team)
    with_version(response, data, team)
    return data


@api.put("/teams/{slug}/", response=s.TeamOut, auth=WRITERS, tags=["teams"])
def replace_team(request: HttpRequest, response: HttpResponse, slug: str, payload: s.TeamIn) -> Any:
    """Replace the team's fields (``club`` must be its current club)."""
    team = team_for(request, slug, edit=True)
    if payload.club != team.club.slug:
        raise Problem(
            409,
            _("A team cannot move to another club."),
            [{"field": "club", "message": _("Not this team's club.")}],
        )
    return _update_team(request, response, slug, payload.dict())


@api.patch("/teams/{slug}/", response=s.TeamOut, auth=WRITERS, tags=["teams"])
def update_team(
    request: HttpRequest, response: HttpResponse, slug: str, payload: s.TeamPatch
) -> Any:
    return _update_team(
        request, response, slug, payload.dict(exclude_unset=True, exclude_none=True)
    )


@api.delete("/teams/{slug}/", response={204: None}, auth=WRITERS, tags=["teams"])
def delete_team(request: HttpRequest, slug: str) -> Any:
    """Delete a team with its players and games (club admins only)."""
    with transaction.atomic():
        team = team_for(request, slug, edit=True)
        if not (request.user.is_superuser or is_club_admin(request.user, team.club)):
            raise Refusal(_("Only the club's admins delete a team."))
        check_preconditions(request, team_out(team), team)
        services.team_delete(team=team, version=team.version, by=request.user)
    return Status(204, None)
