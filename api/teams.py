"""/api/v1/teams/: a club's teams; their coaches change them, the club's admins add and
delete them (``clubs.permissions.can_create_team``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Status

from clubs import services
from clubs.models import Team
from clubs.permissions import club_for_new_team, deleted_team_for, team_for, visible_teams
from clubs.stamps import team_list_depends

from . import schemas as s
from .items import PAGE, PAGE_SIZE, Items, page_of, referenced, register
from .protocol import answered_before, counted_when_working
from .router import WRITERS, Problem, api, reader

#: What a team shows besides its club: the schema's own fields.
TEAM_FIELDS = [name for name in s.TeamOut.model_fields if name not in {"club", "updated_at"}]


def team_out(team: Team, user: Any = None) -> dict[str, Any]:
    data = {field: getattr(team, field) for field in TEAM_FIELDS}
    return {**data, "club": team.club.slug, "updated_at": team.updated_at}


def _change(team: Team, changes: dict[str, Any], by: Any) -> Team:
    club = changes.pop("club", None)  # a PUT names the club: it must be the team's own
    if club is not None and club != team.club.slug:
        raise Problem(
            409,
            _("A team cannot move to another club."),
            [{"field": "club", "message": _("Not this team's club.")}],
        )
    return services.team_update(team=team, data=changes, version=team.version, by=by)


TEAMS = Items[Team](
    name="team",
    plural="teams",
    path="/teams/{slug}/",
    key="slug",
    key_type=str,
    out=s.TeamOut,
    put=s.TeamIn,
    patch=s.TeamPatch,
    find=lambda user, slug, edit: team_for(user, slug, edit=edit),
    find_to_delete=lambda user, slug: team_for(user, slug, admin=True),
    show=team_out,
    change=_change,
    remove=lambda team, by: services.team_delete(team=team, version=team.version, by=by),
    if_match_to_delete=True,
    delete_doc=(
        "Delete a team with its players and games (the club's admins only; send its ETag in "
        "If-Match, else 428). It is hidden at once and can be restored for 30 days "
        "(POST …/restore/); then it is purged. Its history stays."
    ),
    restore=lambda user, slug: services.team_restore(team=deleted_team_for(user, slug), by=user),
)


@api.get("/teams/", response=s.Page[s.TeamOut], tags=["teams"])
@counted_when_working
def list_teams(
    request: HttpRequest,
    response: HttpResponse,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
    team_type: s.TeamTypeValue | None = None,  # type: ignore[valid-type]
    sport: s.SportValue | None = None,  # type: ignore[valid-type]
    club: str | None = Query(None, max_length=60),
) -> Any:
    """Teams, by club, type, age group and name. Filter with ?team_type=, ?sport=, ?club=."""
    user = reader(request)
    # As for the lineup: 304, or the bytes answered for the same teams, clubs and
    # memberships (clubs.stamps.TEAMS_KEY) and the same query.
    query = request.META.get("QUERY_STRING", "")
    etag, answered = answered_before(request, "api-teams", team_list_depends(user), query)
    if answered is not None:
        return answered
    response["ETag"] = etag
    teams = (
        visible_teams(user)
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
def create_team(request: HttpRequest, response: HttpResponse, payload: s.TeamIn) -> Status:
    """A new team in a club you administer."""
    fields = payload.dict()
    with referenced("club"):
        club = club_for_new_team(request.user, fields.pop("club"))
    team = services.team_create(club=club, data=fields, by=request.user)
    return TEAMS.created(response, team, request.user)


register(TEAMS)  # after the list: the schema lists /teams/ first
