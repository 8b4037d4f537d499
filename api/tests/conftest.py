import pytest
from django.contrib.auth import get_user_model

from clubs.models import Coach, CoachRole
from clubs.tests.factories import make_club, make_game, make_player, make_team


def make_user(name: str):
    return get_user_model().objects.create_user(name, f"{name}@example.org", "x" * 12)


@pytest.fixture
def team(db):
    team = make_team(slug="hawks", name="Hawks", sport="generic", team_size=3)
    for number, rating in [(1, 60), (2, 90), (3, 70), (4, 80)]:
        make_player(team, number, f"Player {number}", ratings={"ANY": rating})
    make_game(team, opponent="Hillside Rovers", venue="Riverside Park")
    return team


@pytest.fixture
def coach(team):
    user = make_user("coach")
    Coach.objects.create(user=user, team=team, role=CoachRole.HEAD)
    return user


@pytest.fixture
def outsider(db):
    return make_user("outsider")


@pytest.fixture
def other_team(db):
    other = make_team(club=make_club("Far Away FC"), slug="far", name="Far")
    make_player(other, 1, "Far Player", ratings={"ANY": 50})
    return other
