"""Django's Redis cache, made optional at run time: Redis down or hung is a cache miss.

settings.CACHES gives redis-py short socket timeouts (connect 0.25 s, read 0.5 s).
When a call still fails, this backend logs one warning, answers as if Redis were an
empty cache, and leaves Redis alone for ``PAUSE`` seconds — so a stopped or
SIGSTOPped Redis costs one request per process a fraction of a second every few
seconds, not every request five seconds (issue 18).

"As if empty" fails open: ``get`` gives the default, ``set`` stores nothing, ``add``
reports success and ``incr`` starts from zero, so counters (web.ratelimit, allauth's
limits and locks) let requests through while Redis is away — the warning says so.
``reachable()`` asks Redis for real (/readyz).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

__all__ = ["PAUSE", "CacheUnavailable", "NearCache", "ResilientRedisCache"]

logger = logging.getLogger(__name__)

#: Seconds without trying Redis after a failure.
PAUSE = 5.0

T = TypeVar("T")


class CacheUnavailable(Exception):
    """Redis could not be reached (or is paused after a failure)."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _call(self, operation: Callable[..., T], *args: Any) -> T:
        """``RedisCache.operation(self, *args)``, or CacheUnavailable (and a pause)."""
        import redis

        if time.monotonic() < self._down_until:
            raise CacheUnavailable("Redis is paused after a failure")
        try:
            return operation(self, *args)
        except (redis.RedisError, OSError) as error:
            with self._lock:
                first = time.monotonic() >= self._down_until
                self._down_until = time.monotonic() + PAUSE
            if first:
                logger.warning(
                    "Redis unavailable (%s): for %s s the cache misses, and counters and rate "
                    "limits let requests through.",
                    error,
                    PAUSE,
                )
            raise CacheUnavailable(str(error)) from error

    def _quiet(self, fallback: T, operation: Callable[..., T], *args: Any) -> T:
        try:
            return self._call(operation, *args)
        except CacheUnavailable:
            return fallback

    def reachable(self) -> bool:
        """Whether Redis answers a PING now (pause or not)."""
        self._down_until = 0.0
        try:
            return bool(self._call(lambda cache: cache._cache.get_client().ping()))
        except CacheUnavailable:
            return False

    # Counters fail open: as if the key were new.
    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._quiet(True, RedisCache.add, key, value, timeout, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self._quiet(delta, RedisCache.incr, key, delta, version)

    # Everything else: a miss, or nothing stored.
    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._quiet(default, RedisCache.get, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._quiet({}, RedisCache.get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._quiet(False, RedisCache.has_key, key, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._quiet(None, RedisCache.set, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        return self._quiet(list(data), RedisCache.set_many, data, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._quiet(False, RedisCache.touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._quiet(False, RedisCache.delete, key, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._quiet(None, RedisCache.delete_many, keys, version)

    def clear(self) -> None:
        self._quiet(None, RedisCache.clear)


class NearCache(BaseCache):
    """The kept store past one machine: this process's memory in front of a shared cache.

    For content-addressed entries only — the kept pages, their gzip forms, the kept team,
    game and schedule (``web.validators``, ``clubs.stamps``): each key names the stamps
    or the ETag it was computed for, or (the kept team) is checked against the stamp it
    carries, so an entry once written is never wrong, and a copy in memory is as good
    as the one in Redis. A read looks here first (no network round trip: a kept page
    costs what it costs under ``make run``), then in the far cache, and keeps what it
    found; a write goes to both, so the other app servers find it too.

    ``OPTIONS``: ``FAR`` (the alias of the shared cache, "default") and ``MAX_ENTRIES``
    (of the near copy). Counters and anything that changes under one key must not use
    it: a copy here would not see another server's change.
    """

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._far_alias: str = options.get("FAR", "default")
        self._near = LocMemCache(
            f"near-{location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 2000)},
            },
        )

    @property
    def _far(self) -> BaseCache:
        from django.core.cache import caches

        return caches[self._far_alias]

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        value = self._near.get(key, _MISSING, version)
        if value is not _MISSING:
            return value
        value = self._far.get(key, _MISSING, version)
        if value is _MISSING:
            return default
        self._near.set(key, value, self.default_timeout, version)
        return value

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        timeout = self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout  # seconds
        self._near.set(key, value, timeout, version)
        self._far.set(key, value, timeout, version)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        if self.has_key(key, version):
            return False
        self.set(key, value, timeout, version)
        return True

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self.get(key, _MISSING, version) is not _MISSING

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return bool(self._far.touch(key, timeout, version)) | self._near.touch(
            key, timeout, version
        )

    def delete(self, key: Any, version: Any = None) -> bool:
        return bool(self._far.delete(key, version)) | self._near.delete(key, version)

    def clear(self) -> None:
        """This process's copies and the shared cache (a restore: ``teamcoach.backup``)."""
        self._near.clear()
        self._far.clear()


_MISSING = object()
