"""/api/v1/clubs/: a club's name and address; its admins change it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Status

from clubs import services
from clubs.models import Club
from clubs.permissions import club_for, deleted_club_for

from . import schemas as s
from .items import PAGE, PAGE_SIZE, Items, page_of, register
from .router import WRITERS, api, reader


def club_out(club: Club, user: Any = None) -> dict[str, Any]:
    return {"slug": club.slug, "name": club.name, "created_at": club.created_at}


CLUBS = Items[Club](
    name="club",
    plural="clubs",
    path="/clubs/{slug}/",
    key="slug",
    key_type=str,
    out=s.ClubOut,
    put=s.ClubIn,
    patch=s.ClubPatch,
    find=lambda user, slug, edit: club_for(user, slug, admin=edit),
    show=club_out,
    change=lambda club, changes, by: services.club_update(club=club, data=changes, by=by),
    remove=lambda club, by: services.club_delete(club=club, by=by),
    if_match_to_delete=True,
    delete_doc=(
        "Delete a club and its teams (its admins only; send its ETag in If-Match, else 428). "
        "It is hidden at once and can be restored for 30 days (POST …/restore/); "
        "then it is purged. Its history stays."
    ),
    restore=lambda user, slug: services.club_restore(club=deleted_club_for(user, slug), by=user),
)


@api.get("/clubs/", response=s.Page[s.ClubOut], tags=["clubs"])
def list_clubs(request: HttpRequest, page: int = PAGE, page_size: int = PAGE_SIZE) -> Any:
    """Clubs, by name."""
    reader(request)
    return page_of(request, Club.objects.order_by("name", "pk"), page, page_size, club_out)


@api.post("/clubs/", response={201: s.ClubOut}, auth=WRITERS, tags=["clubs"])
def create_club(request: HttpRequest, response: HttpResponse, payload: s.ClubIn) -> Status:
    """A new club; whoever creates it becomes its first admin."""
    club = services.club_create(name=payload.name, slug=payload.slug, by=request.user)
    return CLUBS.created(response, club, request.user)


register(CLUBS)  # after the list: the schema lists /clubs/ first
