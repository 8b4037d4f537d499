"""Who may see and change what: the one place every view and the API ask.

Keep the rules here, as plain functions of (user, object), so the HTML views,
the JSON API and the tests all share them. A view that refuses answers 403
with a page that says why (``PermissionDenied`` with a message).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from .models import Club, Coach, Team

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


def can_view_team(user: User, team: Team) -> bool:
    """Every team's lineup pages are public until per-team visibility lands (issue 3)."""
    return True


def visible_teams(user: User) -> QuerySet[Team]:
    """The teams the user may see, for lists and the /best/ form."""
    return Team.objects.all()
