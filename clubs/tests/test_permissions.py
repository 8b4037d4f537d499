"""Who may change a team: its coaches and its club's admins, nobody else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from clubs.permissions import can_edit_team, is_club_admin
from tests.personas import EDITORS, ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_only_the_teams_coaches_and_its_clubs_admins_may_edit_it(people, role):
    user = people.user(role) or AnonymousUser()
    assert can_edit_team(user, people.team) == (role in EDITORS)


def test_a_coach_may_edit_their_own_team_but_not_another_of_the_club(people):
    assert can_edit_team(people.head_coach, people.team)
    assert not can_edit_team(people.head_coach, people.sibling_team)


def test_club_admin_may_edit_every_team_of_their_club_only(people):
    assert is_club_admin(people.club_admin, people.club)
    assert can_edit_team(people.club_admin, people.sibling_team)
    assert not can_edit_team(people.club_admin, people.other_team)
    assert not is_club_admin(AnonymousUser(), people.club)
