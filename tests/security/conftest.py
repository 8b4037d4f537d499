"""Fixtures for the attack suite: a small club with every kind of object, personas."""

from __future__ import annotations

import pytest

from tests.factories import answer, make_club, make_game, make_player, make_team, make_user


@pytest.fixture
def no_rate_limits(settings):
    """For attacks that post the same form hundreds of times: the payload, not the
    flood, is under test here (tests/security/test_rate_limits.py tests the flood)."""
    settings.TEAMCOACH_RATE_LIMITS = {
        scope: "1000000/m" for scope in settings.TEAMCOACH_RATE_LIMITS
    }
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def club_data(db):
    """A club with a team of five, a game and answers: something behind every URL."""
    club = make_club("Hawks Club")
    team = make_team(club, slug="hawks", name="Hawks", sport="generic", team_size=5)
    players = [make_player(team, n, f"Player {n}", ratings={"ANY": 50 + n}) for n in range(1, 8)]
    game = make_game(team)
    answer(players[0], game, "yes")
    return {"club": club, "team": team, "players": players, "game": game}


@pytest.fixture
def samples(club_data) -> dict[str, str]:
    """Values for path parameters, by name (tests/security/urls.py)."""
    team = club_data["team"]
    return {
        "slug": team.slug,
        "team": team.slug,
        "club": club_data["club"].slug,
        "team_or_type": "senior",
        "size": "5",
        "number": "1",
        "pk": str(club_data["game"].pk),
        "id": str(club_data["game"].pk),
    }


@pytest.fixture
def superuser(db):
    """Site staff, with the confirmed address allauth's login (the admin's door) asks for."""
    return make_user("root", is_staff=True, is_superuser=True)
