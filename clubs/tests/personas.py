"""One persona per role, so a permission test costs one line each.

``personas(team)`` gives a club admin, the head coach, an assistant, a coach of
another team of the same club, an outsider (coach at another club) and nobody
(anonymous: ``None``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from clubs.models import Coach, CoachRole, Team

from .factories import make_club, make_team

PASSWORD = "correct horse battery staple"  # test accounts only


def make_user(username: str, **fields: object):
    return get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, **fields
    )


def personas(team: Team) -> dict[str, object]:
    admin = make_user(f"admin-{team.slug}")
    team.club.admins.add(admin)
    head, assistant = make_user(f"head-{team.slug}"), make_user(f"assistant-{team.slug}")
    Coach.objects.create(user=head, team=team, role=CoachRole.HEAD)
    Coach.objects.create(user=assistant, team=team, role=CoachRole.ASSISTANT)
    sibling = make_team(team.club, name=f"Sibling of {team.name}")
    other_coach = make_user(f"other-coach-{team.slug}")
    Coach.objects.create(user=other_coach, team=sibling, role=CoachRole.HEAD)
    outsider = make_user(f"outsider-{team.slug}")
    Coach.objects.create(user=outsider, team=make_team(make_club("Far Away FC")))
    return {
        "club_admin": admin,
        "head_coach": head,
        "assistant": assistant,
        "other_team_coach": other_coach,
        "outsider": outsider,
        "anonymous": None,
    }


#: Who may write to a team (can_edit_team) — the others get 403 (or the login page).
EDITORS = {"club_admin", "head_coach", "assistant"}
#: Who belongs to the club, and so sees club-only teams and the history.
MEMBERS = EDITORS | {"other_team_coach"}
ROLES = ("club_admin", "head_coach", "assistant", "other_team_coach", "outsider", "anonymous")
