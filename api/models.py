"""Secrets that let programs read teamcoach without a browser session.

``CalendarFeed``: one secret feed address per team, for calendar apps.
``ApiToken``: a personal token for the JSON API; only its hash is stored.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.models import Team


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """The team's fixture list as an iCalendar feed at a secret, rotatable address.

    The token is kept as is (coaches copy the address again later); it only
    opens the fixture list, never anything writable.
    """

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_secret)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"Calendar feed of {self.team}"

    def get_absolute_url(self) -> str:
        return reverse("api:calendar_feed", args=[self.token])

    def rotate(self) -> None:
        """A new address: the old one stops working at once."""
        self.token = new_secret()
        self.rotated_at = timezone.now()
        self.save(update_fields=["token", "rotated_at"])


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def matching(self, token: str) -> ApiTokenQuerySet:
        return self.filter(token_hash=hash_token(token))


class ApiToken(models.Model):
    """A personal API token. The token is shown once; we keep its SHA-256 only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"), max_length=60, help_text=_("What it is for, e.g. “club sheet”.")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
