"""web.cache.NearCache: kept entries read from this process's memory, shared through the
far cache (Redis in production; local memory standing in for it here)."""

import time

import pytest
from django.core.cache import caches


@pytest.fixture
def two_servers(settings):
    """Two app servers' kept caches in front of one shared cache."""
    settings.CACHES = {
        **settings.CACHES,
        "far": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "far"},
        "kept_a": {
            "BACKEND": "web.cache.NearCache",
            "LOCATION": "a",
            "TIMEOUT": 60,
            "OPTIONS": {"FAR": "far"},
        },
        "kept_b": {"BACKEND": "web.cache.NearCache", "LOCATION": "b", "OPTIONS": {"FAR": "far"}},
    }
    yield caches["kept_a"], caches["kept_b"], caches["far"]
    for alias in ("far", "kept_a", "kept_b"):
        caches[alias].clear()


def test_what_one_server_keeps_the_other_finds_and_then_keeps_near(two_servers, monkeypatch):
    a, b, far = two_servers
    a.set("page:abc", b"<html>", 60)
    assert far.get("page:abc") == b"<html>"
    assert b.get("page:abc") == b"<html>"  # from the shared cache
    monkeypatch.setattr(far, "get", lambda *args, **kwargs: pytest.fail("asked far"))
    assert b.get("page:abc") == b"<html>"  # now from b's memory: no round trip
    assert a.get("page:abc") == b"<html>"


def test_a_miss_is_a_miss_everywhere_and_the_default_comes_back(two_servers):
    a, _b, _far = two_servers
    assert a.get("page:none") is None
    assert a.get("page:none", "default") == "default"
    assert a.add("k", 1) is True and a.add("k", 2) is False and a.get("k") == 1


def test_a_delete_or_clear_reaches_the_shared_cache(two_servers):
    a, b, far = two_servers
    a.set("k", 1)
    assert a.delete("k") is True
    assert far.get("k") is None and b.get("k") is None
    a.set("k", 2)
    a.clear()
    assert far.get("k") is None and a.get("k") is None


def test_the_kept_cache_is_near_in_front_of_redis_in_production_settings():
    from teamcoach import settings as configured

    kept = configured.CACHES["kept"]
    if configured.REDIS_URL:
        assert kept["BACKEND"] == "web.cache.NearCache"
        assert kept["OPTIONS"]["FAR"] == "default"
    else:
        assert kept["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert kept["OPTIONS"]["MAX_ENTRIES"] >= 1000  # locmem's default of 300 would thrash


def test_an_entry_lives_for_the_timeout_given_or_the_caches_own(two_servers):
    a, _b, far = two_servers
    a.set("own", 1)
    a.set("given", 1, 5)
    now = time.time()
    assert 55 < far._expire_info[far.make_key("own")] - now <= 60
    assert 0 < far._expire_info[far.make_key("given")] - now <= 5
    assert 55 < a._near._expire_info[a._near.make_key("own")] - now <= 60
