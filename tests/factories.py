"""The one place tests build data: users, clubs, teams, players, games, answers.

Explicit arguments, sensible defaults, no magic. Every test account has the same
password, ``PASSWORD``; the personas built from these live in ``tests/personas.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any
from unittest import mock

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from clubs.models import Answer, Availability, Club, Game, Player, PlayerPosition, Team

#: The password of every test account (long enough for the site's validators).
PASSWORD = "a long enough passphrase 42"

_counter = itertools.count(1)


def make_user(
    username: str,
    *,
    email: str | None = None,
    verified: bool = True,
    totp: bool = False,
    **fields: Any,
) -> User:
    """An account with ``PASSWORD``; its e-mail address confirmed unless ``verified=False``
    (allauth refuses to sign in an unconfirmed one), optionally with TOTP set up.

    ``fields`` go to the model (``is_staff=True``, ``display_name=…``).
    """
    email = email or f"{username}@example.org"
    user: User = get_user_model().objects.create_user(username, email, PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if totp:
        TOTP.activate(user, generate_totp_secret())
    return user


def make_club(name: str = "Test Club") -> Club:
    n = next(_counter)
    return Club.objects.create(name=name, slug=f"club-{n}")


def make_team(
    club: Club | None = None,
    *,
    slug: str | None = None,
    name: str | None = None,
    team_type: str = "senior",
    sport: str = "football",
    team_size: int = 5,
    age_group: str = "",
    **fields: object,
) -> Team:
    n = next(_counter)
    return Team.objects.create(
        club=club or make_club(),
        name=name or f"Team {n}",
        slug=slug or f"team-{n}",
        team_type=team_type,
        sport=sport,
        team_size=team_size,
        age_group=age_group,
        **fields,
    )


def make_player(
    team: Team,
    number: int,
    name: str | None = None,
    *,
    ratings: dict[str, int] | None = None,
    fit: bool = True,
) -> Player:
    player = Player.objects.create(
        team=team, number=number, name=name or f"Player {number}", fit=fit
    )
    for position, rating in (ratings or {}).items():
        PlayerPosition.objects.create(player=player, position=position, rating=rating)
    return player


def make_game(
    team: Team, *, days: float = 3, opponent: str = "Hillside Rovers", **fields: object
) -> Game:
    return Game.objects.create(
        team=team, opponent=opponent, kickoff=timezone.now() + dt.timedelta(days=days), **fields
    )


def answer(player: Player, game: Game, value: str) -> Availability:
    return Availability.objects.create(player=player, game=game, answer=Answer(value))


def five_a_side(team: Team) -> dict[str, Player]:
    """A full 5-a-side squad, one natural player per position, plus two on the bench."""
    return {
        "keeper": make_player(team, 1, "Gina Keeper", ratings={"GK": 90}),
        "back_l": make_player(team, 2, "Dana Back", ratings={"CB": 80, "LB": 70}),
        "back_r": make_player(team, 3, "Erin Back", ratings={"CB": 78, "RB": 75}),
        "mid": make_player(team, 8, "Mo Mid", ratings={"CM": 85}),
        "striker": make_player(team, 9, "Sid Striker", ratings={"ST": 88}),
        "sub_keeper": make_player(team, 13, "Kim Reserve", ratings={"GK": 60}),
        "sub_mid": make_player(team, 14, "Pat Spare", ratings={"CM": 65, "ST": 60}),
    }


def run_tasks() -> None:
    """Run every queued background task, as the worker beside the web server would.

    The worker closes "old" connections between tasks; inside a test's transaction
    that would close the test's own connection (PostgreSQL), so that step is skipped.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def link_in(message: mail.EmailMessage, path_part: str) -> str:
    """The first http(s) link in a message's text whose path contains ``path_part``."""
    for url in re.findall(r"https?://\S+", str(message.body)):
        if path_part in url:
            return url
    raise AssertionError(f"no link with {path_part!r} in:\n{message.body}")


def signed_in(user: User) -> Client:
    """A client that signed in through the login form (allauth records when)."""
    client = Client()
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def reauthenticated(user: User) -> Client:
    """Signed in, and the password entered again just now (allauth asks before MFA changes)."""
    client = signed_in(user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content
    return client
