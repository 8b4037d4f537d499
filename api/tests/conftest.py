"""The API tests' team (Hawks, four rated players, a game) and their names for two personas."""

import pytest

from tests.factories import make_club, make_game, make_player, make_team


@pytest.fixture
def team(db):
    """Overrides tests.personas' team: ``people`` are built around this one."""
    team = make_team(slug="hawks", name="Hawks", sport="generic", team_size=3)
    for number, rating in [(1, 60), (2, 90), (3, 70), (4, 80)]:
        make_player(team, number, f"Player {number}", ratings={"ANY": rating})
    make_game(team, opponent="Hillside Rovers", venue="Riverside Park")
    return team


@pytest.fixture
def coach(people):
    """The token holder of most API tests: the team's head coach."""
    return people.head_coach


@pytest.fixture
def outsider(people):
    return people.outsider


@pytest.fixture
def other_team(db):
    other = make_team(club=make_club("Far Away FC"), slug="far", name="Far")
    make_player(other, 1, "Far Player", ratings={"ANY": 50})
    return other
