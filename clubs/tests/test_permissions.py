"""Who may change a team: its coaches and its club's admins, nobody else."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from clubs.models import Coach, CoachRole
from clubs.permissions import can_edit_team, is_club_admin

from .factories import make_club, make_team

pytestmark = pytest.mark.django_db


def user(name: str):
    return get_user_model().objects.create_user(name, f"{name}@example.org", "x" * 12)


def test_head_coach_may_edit_own_team_but_not_another():
    team, other = make_team(), make_team(name="Other", slug="other")
    coach = user("coach")
    Coach.objects.create(user=coach, team=team, role=CoachRole.HEAD)
    assert can_edit_team(coach, team)
    assert not can_edit_team(coach, other)


def test_club_admin_may_edit_every_team_of_their_club_only():
    team = make_team()
    foreign = make_team(club=make_club("Far Away FC"), name="Far", slug="far")
    admin = user("admin")
    team.club.admins.add(admin)
    assert is_club_admin(admin, team.club)
    assert can_edit_team(admin, team)
    assert not can_edit_team(admin, foreign)


def test_anonymous_and_outsiders_may_edit_nothing():
    team = make_team()
    assert not can_edit_team(AnonymousUser(), team)
    assert not is_club_admin(AnonymousUser(), team.club)
    assert not can_edit_team(user("stranger"), team)
