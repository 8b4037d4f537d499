"""The site's own user model, and invitations into a club."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account: a coach, a club admin, an operator."""

    display_name = models.CharField(_("display name"), max_length=80, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class InvitationRole(models.TextChoices):
    ADMIN = "admin", _("Club admin")
    HEAD = "head", _("Head coach")
    ASSISTANT = "assistant", _("Assistant coach")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """A club admin's invitation to join a club as admin or as a team's coach.

    The link carries a 256-bit secret from ``secrets``; only its SHA-256 is stored,
    so a database leak does not leak working links. Single use, expiring, revocable.
    """

    club = models.ForeignKey("clubs.Club", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=InvitationRole.choices)
    team = models.ForeignKey(
        "clubs.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("team"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role="admin", team__isnull=True)
                | (~Q(role="admin") & Q(team__isnull=False)),
                name="invitation_team_only_for_coaches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.club} ({self.get_role_display()})"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.used_at is None and self.revoked_at is None and not self.is_expired()
