"""Shared pytest set-up.

Tests that need something outside Python (PostgreSQL, Chromium, the web server)
skip with the reason where it is missing — except under CI (``CI=true``), where
a missing tier is a failure: CI must run every tier.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper

# The persona fixtures (people, client_as, team) for every test of every app.
pytest_plugins = ["tests.personas"]


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when a test's outside tool is missing."""
    if condition:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI must run this tier, but: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: SettingsWrapper) -> None:
    """Unit tests render templates without running collectstatic first.

    The hashed manifest storage is exercised for real by the server tests, which
    collect static files and start granian.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest, settings: SettingsWrapper) -> None:
    """Argon2 is slow on purpose; tests hash with MD5 unless hashing is what they test.

    Mark those ``@pytest.mark.real_password_hashing``: they keep the site's hashers.
    The live server (tests/, bench/) runs the real settings in its own process.
    """
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters, cached plans and kept pages live in the caches: each test
    starts empty (a rolled-back database starts its stamps again, so a page kept by an
    earlier test could match)."""
    from django.core.cache import caches

    for alias in ("default", "kept"):
        caches[alias].clear()
    yield
    for alias in ("default", "kept"):
        caches[alias].clear()


@pytest.fixture
def frozen_rate_limit_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """One fixed instant mid-window for web.ratelimit, so a fixed-window boundary
    cannot fall between the requests of a rate-limit test (on a busy machine it can,
    however fast each request is)."""
    from types import SimpleNamespace

    from web import ratelimit

    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_020.0))


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues(django_test_environment: None) -> None:
    """The translations as the server reads them: locale/*.mo from the committed .po files
    (compiled only when a .po is newer; the .mo files are not kept in git)."""
    import shutil

    from teamcoach import catalogues

    if shutil.which("msgfmt") is None:
        # CI fails here; elsewhere the pages stay English and the catalogue tests skip.
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI must compile the translations, but msgfmt (gettext) is missing")
        return
    catalogues.compile_all()
