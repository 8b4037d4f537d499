"""Shared pytest set-up.

Tests that need something outside Python (PostgreSQL, Chromium, the web server)
skip with the reason where it is missing — except under CI (``CI=true``), where
a missing tier is a failure: CI must run every tier.
"""

from __future__ import annotations

import os

import pytest


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when a test's outside tool is missing."""
    if condition:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI must run this tier, but: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: pytest.FixtureRequest) -> None:
    """Unit tests render templates without running collectstatic first.

    The hashed manifest storage is exercised for real by the server tests, which
    collect static files and start granian.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache() -> object:
    """Rate-limit counters and cached plans live in the cache: each test starts empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_rate_limit_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """One fixed instant mid-window for web.ratelimit, so a fixed-window boundary
    cannot fall between the requests of a rate-limit test (slow Argon2 logins made that
    happen under load)."""
    from types import SimpleNamespace

    from web import ratelimit

    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_020.0))
