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

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

__all__ = ["PAUSE", "CacheUnavailable", "ResilientRedisCache"]

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
