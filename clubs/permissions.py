"""Who may see and change what: the one place every view and the API ask.

Keep the rules here, as plain functions of (user, object), so the HTML views,
the JSON API and the tests all share them. A view that refuses answers 403
with a page that says why (``PermissionDenied`` with a message).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import Club, Coach, Team, Visibility

User = object  # any user object Django hands us, anonymous included


def coached_team_ids(user: User) -> set[int]:
    """The teams the user holds a coaching role on."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return set()
    return set(Coach.objects.filter(user=user).values_list("team_id", flat=True))


def is_club_admin(user: User, club: Club) -> bool:
    """Club admins manage every team of their club."""
    if not getattr(user, "is_authenticated", False):
        return False
    return club.admins.filter(pk=user.pk).exists()  # type: ignore[attr-defined]


def can_edit_team(user: User, team: Team) -> bool:
    """Head and assistant coaches of the team, its club's admins (and site superusers)."""
    if getattr(user, "is_superuser", False):
        return True
    return team.pk in coached_team_ids(user) or is_club_admin(user, team.club)


def member_club_ids(user: User) -> set[int]:
    """Clubs the user belongs to: as a coach of any of its teams, or as an admin."""
    if not getattr(user, "is_authenticated", False):
        return set()
    coached = Coach.objects.filter(user=user).values_list("team__club_id", flat=True)
    administered = Club.objects.filter(admins=user).values_list("pk", flat=True)
    return set(coached) | set(administered)


def can_view_team(user: User, team: Team) -> bool:
    """Public teams: everyone. Club-only teams: the club's coaches and admins."""
    if team.is_public or getattr(user, "is_superuser", False):
        return True
    return team.club_id in member_club_ids(user)


def can_view_history(user: User, team: Team) -> bool:
    """The audit trail is for the club's coaches and admins, whatever the team's visibility."""
    if getattr(user, "is_superuser", False):
        return True
    return team.club_id in member_club_ids(user)


def visible_teams(user: User) -> QuerySet[Team]:
    """The teams the user may see, for lists and the /best/ form."""
    if getattr(user, "is_superuser", False):
        return Team.objects.all()
    return Team.objects.filter(
        Q(visibility=Visibility.PUBLIC) | Q(club_id__in=member_club_ids(user))
    )


def can_create_team(user: User, club: Club) -> bool:
    """Only a club's admins add teams to it."""
    return getattr(user, "is_superuser", False) or is_club_admin(user, club)


def clubs_for_new_team(user: User) -> QuerySet[Club]:
    if getattr(user, "is_superuser", False):
        return Club.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Club.objects.none()
    return Club.objects.filter(admins=user)


class TeamHidden(PermissionDenied):
    """A club-only team's page, asked for by someone outside the club."""

    def __init__(self, team: Team) -> None:
        super().__init__(
            _("%(team)s shares its lineup pages with %(club)s's coaches only.")
            % {"team": team.name, "club": team.club.name}
        )


def explains_refusal(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn PermissionDenied into a 403 page that says why, with a login link for visitors.

    An anonymous visitor to a write form is sent to log in instead (302), since
    logging in is all they need to do.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            message = str(refusal) or _("You may not do that here.")
            return render(
                request,
                "clubs/manage/forbidden.html",
                {"message": message, "login_url": settings.LOGIN_URL},
                status=403,
            )

    return wrapper


def login_then(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like login_required, but keeps the page the visitor wanted (GET only); POSTs get 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method in {"GET", "HEAD"}:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            raise PermissionDenied(_("Log in as one of the team's coaches to make changes."))
        return view(request, *args, **kwargs)

    return wrapper
