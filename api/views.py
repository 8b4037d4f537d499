"""The api app's one HTML page: a user's personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from web.responses import see_other

from . import services
from .forms import ApiTokenForm
from .models import ApiToken

#: Where a new token's secret waits for the redirect (see api_tokens).
NEW_TOKEN_KEY = "api_new_token"  # noqa: S105 (a session key name, not a secret)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """/api/tokens/ — the user's personal API tokens: create (shown once) and revoke.

    A new token's secret rides in the session across the redirect and is
    removed the first time the page shows it.
    """
    form = ApiTokenForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            return _revoke_token(request, request.POST["revoke"])
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            token, secret = services.api_token_issue(
                user=request.user, name=form.cleaned_data["name"], by=request.user
            )
            request.session[NEW_TOKEN_KEY] = secret
            messages.success(request, _("Token “%(name)s” created.") % {"name": token.name})
            return see_other("api:tokens")
    new_secret = request.session.pop(NEW_TOKEN_KEY, "") if request.method == "GET" else ""
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _revoke_token(request: HttpRequest, pk: str) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=pk).first() if pk.isdigit() else None
    if token is None:
        messages.error(request, _("That token does not exist any more."))
    else:
        services.api_token_revoke(token=token, by=request.user)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return see_other("api:tokens")
