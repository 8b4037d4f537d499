"""allauth hooks: mail goes through the outbox (sent by the worker, retried until it
arrives) instead of the request; after login, continue to the invitation the newcomer
came from."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from outbox.services import mail_send_message
from web.security import safe_next

#: The invitation page an anonymous visitor saw last. allauth drops ``next`` across
#: sign-up → e-mail confirmation → login, so the session remembers where to continue.
PENDING_INVITATION = "teamcoach_pending_invitation"


def remember_invitation(request: HttpRequest) -> None:
    """Note the invitation being shown, for ``AccountAdapter.get_login_redirect_url``."""
    request.session[PENDING_INVITATION] = request.path


def forget_invitation(request: HttpRequest) -> None:
    """The newcomer reached the invitation signed in: later logins go to the usual place."""
    request.session.pop(PENDING_INVITATION, None)


class AccountAdapter(DefaultAccountAdapter):
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
