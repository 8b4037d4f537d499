"""allauth hooks: mail goes through the outbox (sent by the worker, retried until it
arrives) instead of the request; after login, continue to the invitation the newcomer
came from, whose address counts as confirmed; allauth's messages in the site's wording."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from outbox.services import mail_send_message
from web.security import safe_next

#: The invitation page an anonymous visitor saw last. allauth drops ``next`` across
#: sign-up → e-mail confirmation → login, so the session remembers where to continue.
PENDING_INVITATION = "teamcoach_pending_invitation"


def remember_invitation(request: HttpRequest, email: str) -> None:
    """Note the invitation being shown, for ``AccountAdapter.get_login_redirect_url``, and
    its address as verified: the link came to that mailbox, so signing up with it needs
    no second confirmation (allauth pre-fills the sign-up form with it, too)."""
    request.session[PENDING_INVITATION] = request.path
    get_adapter(request).stash_verified_email(request, email)


def forget_invitation(request: HttpRequest) -> None:
    """The newcomer reached the invitation signed in: later logins go to the usual place."""
    request.session.pop(PENDING_INVITATION, None)
    get_adapter(request).forget_verified_email(request)


class AccountAdapter(DefaultAccountAdapter):
    # allauth's messages that say "email", in the site's wording.
    error_messages = DefaultAccountAdapter.error_messages | {
        "cannot_remove_primary_email": _("You cannot remove your primary e-mail address."),
        "duplicate_email": _("This e-mail address is already associated with this account."),
        "email_password_mismatch": _(
            "The e-mail address and/or password you specified are not correct."
        ),
        "email_taken": _("A user is already registered with this e-mail address."),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "unknown_email": _("The e-mail address is not assigned to any user account."),
        "unverified_primary_email": _("Your primary e-mail address must be confirmed."),
    }

    def unstash_verified_email(self, request: HttpRequest) -> str | None:
        """Nothing: allauth would add the invitation's address, confirmed, to the new
        account whatever address was typed. ``is_email_verified`` (allauth's, reading the
        same session value) confirms it only when it is the address typed."""
        return None

    def forget_verified_email(self, request: HttpRequest) -> None:
        super().unstash_verified_email(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """The pending invitation (once), else LOGIN_REDIRECT_URL; an explicit ``next`` wins."""
        default = super().get_login_redirect_url(request)
        return safe_next(request, request.session.pop(PENDING_INVITATION, None), default)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render now (templates need the request), send later (the outbox)."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        mail_send_message(self.render_mail(template_prefix, email, ctx))


class MFAAdapter(DefaultMFAAdapter):
    error_messages = DefaultMFAAdapter.error_messages | {
        "add_email_blocked": _(
            "You cannot add an e-mail address to an account protected by two-factor login."
        ),
        "cannot_delete_authenticator": _("You cannot turn two-factor login off."),
        "cannot_generate_recovery_codes": _(
            "You cannot generate recovery codes without two-factor login turned on."
        ),
        "unverified_email": _(
            "You cannot turn on two-factor login until you have confirmed your e-mail address."
        ),
    }
