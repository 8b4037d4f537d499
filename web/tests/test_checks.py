"""One configuration for many hosts: a shared database needs the shared secret key."""

from __future__ import annotations

import pytest
from django.conf import settings as live

from web.checks import shared_secret_key


@pytest.fixture
def postgres(monkeypatch):
    """The check reads the engine only; no connection is made."""
    monkeypatch.setitem(live.DATABASES["default"], "ENGINE", "django.db.backends.postgresql")


def test_sqlite_may_keep_its_key_in_var(settings, monkeypatch):
    monkeypatch.setitem(live.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    settings.TEAMCOACH_SECRET_KEY_FROM_ENV = False
    assert shared_secret_key(None) == []


def test_a_shared_database_with_a_key_per_host_is_an_error(settings, postgres):
    settings.TEAMCOACH_SECRET_KEY_FROM_ENV = False
    [error] = shared_secret_key(None)
    assert error.id == "teamcoach.E001" and error.is_serious()
    assert "TEAMCOACH_SECRET_KEY" in error.msg and "docs/deploy.md" in error.hint


def test_a_shared_database_with_the_shared_key_is_fine(settings, postgres):
    settings.TEAMCOACH_SECRET_KEY_FROM_ENV = True
    assert shared_secret_key(None) == []
