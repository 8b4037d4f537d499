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
