"""Redis is optional at run time: stopped or hung, pages answer — no 5xx, no 5-second stall.

"Stopped" is a port where nothing listens (connection refused); "hung" is a server
that accepts the connection and never answers, as a SIGSTOPped Redis does. The
multinode tier (tests/multinode/) does the same to a real Redis under load.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches

from devtools.live import free_port
from tests.factories import PASSWORD, make_game, make_player, make_team, make_user
from web import cache as resilient

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_redis() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def redis_caches(settings, port: int) -> None:
    """settings.CACHES as production has them with REDIS_URL, pointed at ``port``."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "web.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
        "kept": {
            "BACKEND": "web.cache.NearCache",
            "LOCATION": f"kept-{port}",
            "OPTIONS": {"FAR": "default"},
        },
    }
    settings.TEAMCOACH_RATE_LIMIT_CACHE = "default"


@pytest.fixture
def team():
    team = make_team(slug="hawks", name="Hawks", sport="generic", team_size=3)
    for number in range(1, 6):
        make_player(team, number, f"Player {number}", ratings={"ANY": 50 + number})
    make_game(team, days=2)
    return team


def visit(client) -> list[tuple[str, int, float]]:
    """The pages issue 18 saw fail: lineup, login POST, a signed-in page."""
    results = []
    for method, path, data in [
        ("get", "/best/hawks/3/", None),
        ("post", "/accounts/login/", {"login": "root", "password": PASSWORD}),
        ("get", "/manage/", None),
        ("get", "/api/v1/teams/", None),
    ]:
        started = time.monotonic()
        response = getattr(client, method)(path, data)
        results.append((path, response.status_code, time.monotonic() - started))
    return results


@pytest.mark.parametrize("kind", ["stopped", "hung"])
def test_pages_answer_without_redis(client, settings, team, hung_redis, kind, caplog):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # timed
    make_user("root")
    baseline = sum(seconds for *_, seconds in visit(client))  # warm, with the usual cache
    client.logout()
    port = free_port() if kind == "stopped" else hung_redis
    redis_caches(settings, port)
    assert isinstance(caches["default"], resilient.ResilientRedisCache)
    with caplog.at_level(logging.WARNING):
        first = visit(client)
        again = visit(client)
    assert [(path, status) for path, status, _ in first] == [
        ("/best/hawks/3/", 200),
        ("/accounts/login/", 302),  # signed in: sessions live in the database
        ("/manage/", 200),  # signed in
        ("/api/v1/teams/", 200),
    ]
    assert [status for _, status, _ in again] == [200, 302, 200, 200]
    # One short wait at most (a socket timeout), then Redis is left alone for a while:
    # never the 5-second stall per request of issue 18.
    assert sum(seconds for *_, seconds in first) < baseline + 1.5
    assert max(seconds for *_, seconds in again) < 1.0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "Redis unavailable" in w and "rate limits let requests through" in w for w in warnings
    )


def test_the_cache_answers_as_an_empty_cache_and_counters_fail_open(settings):
    redis_caches(settings, free_port())
    cache = caches["default"]
    assert cache.get("x", "default") == "default"
    cache.set("x", 1)
    assert cache.get_or_set("y", lambda: 42) == 42
    assert cache.add("counter", 1) is True
    assert cache.incr("counter") == 1
    assert cache.reachable() is False


def test_redis_is_tried_again_after_the_pause(settings, monkeypatch):
    redis_caches(settings, free_port())
    cache = caches["default"]
    calls = []
    monkeypatch.setattr(
        "django.core.cache.backends.redis.RedisCache.get",
        lambda self, key, default=None, version=None: calls.append(key) or default,
    )
    cache._down_until = time.monotonic() + 60
    assert cache.get("a") is None and calls == []  # paused: Redis is not asked
    cache._down_until = 0.0
    cache.get("b")
    assert calls == ["b"]


def test_sessions_never_depend_on_the_cache(settings):
    from django.conf import settings as live

    assert live.SESSION_ENGINE == "django.contrib.sessions.backends.db"
