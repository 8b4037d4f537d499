"""The API tests' team (Hawks, four rated players, a game) and their names for two personas;
a public junior team for the privacy and kept-answer tests."""

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


@pytest.fixture
def junior_team(db):
    """Riverside U09: public, five a side, six rated players with full names."""
    team = make_team(
        make_club("Riverside"),
        slug="riverside-u09",
        team_type="junior",
        age_group="U09",
        visibility="public",
        team_size=5,
    )
    names = ["Emma Johnson", "Noah Smith", "Ada Brown", "Liam Chen", "Mia Rossi", "Zoe Khan"]
    for number, name in enumerate(names, start=1):
        make_player(team, number, name, ratings={"GK": 70 + number, "CB": 60})
    return team
