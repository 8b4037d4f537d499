"""One persona per role, as pytest fixtures: a permission test costs one line per role.

Registered for the whole suite by the root ``conftest.py`` (``pytest_plugins``)::

    @pytest.mark.parametrize("role", ROLES)
    def test_only_editors_may_rename_the_team(client_as, people, role):
        response = client_as(role).post(f"/teams/{people.team.slug}/edit/", {...})
        assert response.status_code == (303 if role in EDITORS else ...)

``people`` is built around the ``team`` fixture; a module (or conftest) that needs a
particular team overrides ``team`` and gets the same personas around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, get_args

import pytest
from django.test import Client

from accounts.models import User
from clubs import services
from clubs.models import Club, Coach, CoachRole, Game, Player, Team
from tests.factories import make_club, make_game, make_player, make_team, make_user

Role = Literal[
    "club_admin",
    "head_coach",
    "assistant",
    "other_team_coach",
    "outsider",
    "parent",
    "anonymous",
]

#: Every persona, for ``@pytest.mark.parametrize("role", ROLES)``.
ROLES: tuple[Role, ...] = get_args(Role)
#: Who may change the team (``can_edit_team``); the others get 403 or the login page.
EDITORS: frozenset[Role] = frozenset({"club_admin", "head_coach", "assistant"})
#: Who belongs to the club, and so sees club-only teams and the team's history.
MEMBERS: frozenset[Role] = EDITORS | {"other_team_coach"}
#: Nobody signed in: the parent holds only an answer link, no account.
SIGNED_OUT: frozenset[Role] = frozenset({"parent", "anonymous"})


@dataclass
class People:
    """The personas around one team.

    - ``club_admin`` — admin of the team's club, with two-factor login set up
      (the site asks admins for it before they invite anyone);
    - ``head_coach``, ``assistant`` — the team's coaches;
    - ``other_team_coach`` — head coach of another team of the same club;
    - ``outsider`` — signed in, head coach of a team of another club;
    - ``parent`` — no account, only a personal answer link (``people.parent.link``);
    - ``anonymous`` — nobody.

    ``other_club_admin`` (admin of the outsider's club) is there for the tests
    that need two clubs with an admin each; it is not one of ``ROLES``.
    """

    team: Team
    club_admin: User
    head_coach: User
    assistant: User
    other_team_coach: User
    outsider: User
    other_club_admin: User
    sibling_team: Team = field(repr=False)
    other_team: Team = field(repr=False)

    @property
    def club(self) -> Club:
        return self.team.club

    @property
    def other_club(self) -> Club:
        return self.other_team.club

    def user(self, role: str) -> User | None:
        """The account behind ``role`` (or ``other_club_admin``); None for the two who are
        not signed in."""
        return None if role in SIGNED_OUT else getattr(self, role)

    def client(self, role: str) -> Client:
        """A test client signed in as ``role`` (``force_login``: no password, no 2FA)."""
        client = Client()
        user = self.user(role)
        if user is not None:
            client.force_login(user)
        return client

    @cached_property
    def parent(self) -> Parent:
        """The parent's personal answer link for the team's next game and its first
        player (both made if the team has none yet)."""
        player = self.team.players.order_by("number").first() or make_player(self.team, 99)
        game = self.team.next_game() or make_game(self.team)
        token = services.answer_link_create(player=player, game=game)
        return Parent(player=player, game=game, link=f"/a/{token}/")


@dataclass(frozen=True)
class Parent:
    """What a parent holds: no account, one link that answers for one player and game."""

    player: Player
    game: Game
    link: str


def make_people(team: Team) -> People:
    """Build the personas around ``team`` (once per test: the user names are fixed)."""
    club_admin = make_user("admin", totp=True)
    team.club.admins.add(club_admin)
    head_coach, assistant = make_user("head"), make_user("assistant")
    Coach.objects.create(user=head_coach, team=team, role=CoachRole.HEAD)
    Coach.objects.create(user=assistant, team=team, role=CoachRole.ASSISTANT)
    sibling_team = make_team(team.club, name=f"{team.name} Seconds")
    other_team_coach = make_user("other-coach")
    Coach.objects.create(user=other_team_coach, team=sibling_team, role=CoachRole.HEAD)
    other_team = make_team(make_club("Hillside"), name="Hillside Blues")
    outsider = make_user("outsider")
    Coach.objects.create(user=outsider, team=other_team, role=CoachRole.HEAD)
    other_club_admin = make_user("other-admin", totp=True)
    other_team.club.admins.add(other_club_admin)
    return People(
        team=team,
        club_admin=club_admin,
        head_coach=head_coach,
        assistant=assistant,
        other_team_coach=other_team_coach,
        outsider=outsider,
        other_club_admin=other_club_admin,
        sibling_team=sibling_team,
        other_team=other_team,
    )


@pytest.fixture
def team(db: None) -> Team:
    """The team the personas belong to; override it in a module for a particular squad."""
    return make_team(make_club("Riverside"), name="Riverside Reds", slug="riverside-reds")


@pytest.fixture
def people(team: Team) -> People:
    return make_people(team)


@pytest.fixture
def client_as(people: People) -> Callable[[str], Client]:
    """``client_as(role)``: a test client signed in as that persona."""
    return people.client
