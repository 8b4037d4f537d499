"""A counter per thing pages depend on: the cheap half of a validator (web.validators)."""

from __future__ import annotations

from django.db import models


class Stamp(models.Model):
    """How many times the data behind ``key`` (e.g. ``"team:42"``) has changed.

    Every write bumps the stamps of what it touches, in its own transaction
    (``web.validators.bump``; ``clubs.stamps`` connects the model signals), so a
    page's ETag can come from one primary-key lookup instead of from its data.
    """

    key = models.CharField(primary_key=True, max_length=100)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class RateCount(models.Model):
    """Requests counted in one rate-limit window, when there is no Redis (web.ratelimit).

    One row per scope, client and window; a request adds one with a single UPSERT, so
    every worker and app server on the database counts together. Rows of windows that
    are over are deleted when a new window starts.
    """

    key = models.CharField(primary_key=True, max_length=120)
    count = models.PositiveIntegerField(default=0)
    #: When the window ends, in seconds since the epoch.
    expires = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
