"""Writes that touch several models: clubs, invitations, account data.

Each is a keyword-only function that validates before it saves and runs in one
transaction. Views call these; nothing here knows about HTTP.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.audit import apply_changes, audit, save_and_audit
from clubs.models import AuditEvent, Club, Coach, Team

from .models import Invitation, InvitationRole, User


class InvitationError(Exception):
    """Why an invitation link cannot be used; ``status`` is the HTTP answer."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class AccountError(Exception):
    """A request about one's own account that cannot be done, with the reason."""


def invitation_create(
    *, club: Club, email: str, role: str, team: Team | None, by: User
) -> tuple[Invitation, str]:
    """A pending invitation and its secret token (shown once, in the e-mail link)."""
    token = secrets.token_urlsafe(32)  # 256 bits
    invitation = Invitation(
        club=club,
        email=email.strip().lower(),
        role=role,
        team=team if role != InvitationRole.ADMIN else None,
        token_hash=Invitation.hash_token(token),
        invited_by=by,
        expires_at=timezone.now() + dt.timedelta(days=settings.TEAMCOACH_INVITATION_DAYS),
    )
    with transaction.atomic():
        invitation.full_clean()
        invitation.save()
        # The address stays out of the trail: team coaches read it, the invitee has
        # not agreed to anything yet.
        summary = _("sent an invitation to join as %(role)s") % {
            "role": invitation.get_role_display()
        }
        audit(invitation, action=AuditEvent.Action.SEND, summary=summary, by=by)
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link names, or InvitationError saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("club", "team")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            _("This invitation link is not valid. Check that you copied all of it."), 404
        )
    if invitation.revoked_at is not None:
        raise InvitationError(_("This invitation was withdrawn by the club."), 410)
    if invitation.club.deleted_at or (invitation.team and invitation.team.deleted_at):
        raise InvitationError(_("The club deleted what this invitation was for."), 410)
    if invitation.used_at is not None:
        raise InvitationError(_("This invitation has already been used."), 410)
    if invitation.is_expired():
        raise InvitationError(
            _("This invitation has expired. Ask the club admin to send a new one."), 410
        )
    return invitation


def user_has_verified_email(user: User, email: str) -> bool:
    return bool(EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists())


def invitation_accept(*, token: str, user: User) -> Invitation:
    """Use an invitation: ``user`` becomes a club admin or the team's coach."""
    with transaction.atomic():
        invitation = invitation_for_token(token)
        # Lock the row so two clicks cannot both use it.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise InvitationError(_("This invitation has already been used."), 410)
        if not user_has_verified_email(user, invitation.email):
            raise InvitationError(
                _(
                    "This invitation was sent to %(email)s. Sign in with the account that "
                    "has this confirmed e-mail address, or add and confirm it first."
                )
                % {"email": invitation.email},
                403,
            )
        if invitation.role == InvitationRole.ADMIN:
            invitation.club.admins.add(user)
        else:
            Coach.objects.update_or_create(
                user=user, team=invitation.team, defaults={"role": invitation.role}
            )
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by"])
        role = {"role": invitation.get_role_display()}
        summary = _("accepted an invitation and joined as %(role)s") % role
        audit(invitation, action=AuditEvent.Action.CREATE, summary=summary, by=user)
    return invitation


def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    """Withdraw a pending invitation; its link stops working at once."""
    if invitation.used_at is None and invitation.revoked_at is None:
        with transaction.atomic():
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            role = {"role": invitation.get_role_display()}
            summary = _("withdrew an invitation to join as %(role)s") % role
            audit(invitation, action=AuditEvent.Action.DELETE, summary=summary, by=by)


@transaction.atomic
def profile_update(*, user: User, data: dict[str, Any], by: User) -> User:
    """Change one's display name and full name; the change is on one's account history."""
    changes = apply_changes(user, data)
    if changes:
        summary = _("changed the profile of %(name)s") % {"name": user.username}
        save_and_audit(
            user, action=AuditEvent.Action.UPDATE, summary=summary, by=by, changes=changes
        )
    return user


def account_history(user: User, *, limit: int = 50) -> list[AuditEvent]:
    """The newest events about one's own account (profile, API tokens), for its owner."""
    return list(AuditEvent.objects.filter(account=user)[:limit])


def has_totp(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def account_export(user: User) -> dict[str, Any]:
    """Everything teamcoach stores about ``user`` that is theirs to take away."""
    return {
        "format": "teamcoach-account-export/1",
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "username": user.username,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "clubs_administered": [
            {"name": c.name, "slug": c.slug} for c in user.administered_clubs.order_by("name")
        ],
        "coach_roles": [
            {"club": c.team.club.name, "team": c.team.name, "role": c.role}
            for c in Coach.objects.filter(user=user).select_related("team__club")
        ],
        "account_history": [
            {
                "at": e.at.isoformat(),
                "by": e.actor_name,
                "action": e.action,
                "summary": e.summary,
                "changes": e.changes,
            }
            for e in AuditEvent.objects.filter(account=user)
        ],
    }


def account_delete(*, user: User) -> None:
    """Delete the account, unless a club would be left without any admin."""
    orphaned = [
        club.name
        for club in user.administered_clubs.all()
        if not club.admins.exclude(pk=user.pk).exists()
    ]
    if orphaned:
        raise AccountError(
            _(
                "You are the only admin of %(clubs)s. Invite another admin first, "
                "so the club is not left without one."
            )
            % {"clubs": ", ".join(orphaned)}
        )
    with transaction.atomic():
        user.delete()
