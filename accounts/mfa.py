"""Two-factor login is required for club admins before they let anyone else in.

Sending and withdrawing invitations hand out access to a club's data (minors'
availability among it), so they wait for an authenticator app. Creating the club
and its teams does not, so a volunteer can get started first (docs/accounts.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .services import has_totp


def totp_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send a signed-in user without an authenticator app to the set-up page first,
    and from there back here (``next``).

    Put it after the permission check's login_required, on every action that grants
    access (today: sending and withdrawing invitations).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not has_totp(request.user):
            messages.warning(
                request,
                _(
                    "Club admins must use two-factor login. Set up an authenticator app, "
                    "then come back to manage your club."
                ),
            )
            back = request.path if request.method in ("GET", "HEAD") else ""
            query = f"?{urlencode({REDIRECT_FIELD_NAME: back})}" if back else ""
            return redirect(reverse("mfa_activate_totp") + query)
        return view(request, *args, **kwargs)

    return wrapper
