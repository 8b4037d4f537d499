"""Personas and helpers for the accounts tests: one line per role in a permission test."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from clubs.models import Club, Coach, CoachRole, Team
from clubs.tests.factories import make_club, make_team

PASSWORD = "a long enough passphrase 42"


def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once per run — once per
    # hasher, since the security suite swaps in a fast one and a hash made under it
    # would not check under Argon2 (tests then failed by file order).
    return _hash_with(settings.PASSWORD_HASHERS[0])


@functools.cache
def _hash_with(hasher: str) -> str:
    return make_password(PASSWORD)


def make_user(username: str, *, email: str | None = None, totp: bool = False) -> User:
    """A confirmed account (its e-mail address verified), optionally with TOTP set up."""
    email = email or f"{username}@example.org"
    user = User.objects.create(username=username, email=email, password=_password_hash())
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp:
        TOTP.activate(user, generate_totp_secret())
    return user


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


class World:
    """Two clubs and a persona per role in the first one."""

    def __init__(self) -> None:
        self.club: Club = make_club("Riverside")
        self.team: Team = make_team(self.club, name="Riverside Reds")
        self.other_club: Club = make_club("Hillside")
        self.other_team: Team = make_team(self.other_club, name="Hillside Blues")
        self.admin = make_user("admin", totp=True)
        self.club.admins.add(self.admin)
        self.admin_without_totp = make_user("admin2")
        self.club.admins.add(self.admin_without_totp)
        self.head = make_user("head")
        Coach.objects.create(user=self.head, team=self.team, role=CoachRole.HEAD)
        self.assistant = make_user("assistant")
        Coach.objects.create(user=self.assistant, team=self.team, role=CoachRole.ASSISTANT)
        self.outsider = make_user("outsider")
        self.other_admin = make_user("otheradmin", totp=True)
        self.other_club.admins.add(self.other_admin)

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


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


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """allauth counts attempts in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture
def as_user(world: World) -> Callable[[str | None], Client]:
    def login(persona: str | None) -> Client:
        return world.client_for(getattr(world, persona) if persona else None)

    return login


__all__ = [
    "PASSWORD",
    "Authenticator",
    "World",
    "link_in",
    "make_user",
    "reauthenticated",
    "run_tasks",
    "signed_in",
]
