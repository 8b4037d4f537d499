"""HTML and feed views of the api app: the calendar feed, its management, API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from clubs import exports
from clubs.permissions import team_for
from web.representation import representation
from web.responses import see_other

from . import services
from .calendar import fixtures_calendar
from .forms import ApiTokenForm
from .models import ApiToken, CalendarFeed

#: Where a new token's secret waits for the redirect (see api_tokens).
NEW_TOKEN_KEY = "api_new_token"  # noqa: S105 (a session key name, not a secret)


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """GET /calendar/<token>.ics — the team's fixtures for calendar apps."""
    feed = CalendarFeed.objects.select_related("team__club").filter(token=token).first()
    if feed is None:
        # No message naming the address: it is a secret (and may be an old one).
        raise Http404(_("This calendar address does not exist or was replaced."))
    team = feed.team
    games = list(team.games.order_by("kickoff", "pk"))
    data = exports.fixtures_data(team, games)

    def ics() -> HttpResponse:
        lineup = request.build_absolute_uri(team.get_absolute_url())
        body = fixtures_calendar(team, games, link=lambda game: lineup)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{team.slug}-fixtures.ics"'
        return response

    response = representation(
        request,
        renderers={"text/calendar": ics},
        version=[data, feed.token, request.get_host()],
        last_modified=exports.games_changed(team, games),
        public=False,
        strict=False,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """/teams/<slug>/calendar/ — show, create, replace or switch off the secret feed address."""
    team = team_for(request.user, slug, edit=True)
    feed = CalendarFeed.objects.filter(team=team).first()
    if request.method == "POST":
        action = request.POST.get("action")
        with transaction.atomic():
            if action == "create" and feed is None:
                CalendarFeed.objects.create(team=team, created_by=request.user)
                messages.success(request, _("The calendar address is ready: copy it below."))
            elif action == "rotate" and feed is not None:
                feed.rotate()
                messages.success(
                    request, _("New address made. The old one no longer works: share the new one.")
                )
            elif action == "revoke" and feed is not None:
                feed.delete()
                messages.success(request, _("The calendar address is switched off."))
            else:
                messages.error(request, _("That did not change anything: reload and try again."))
        return see_other("api:calendar_manage", team.slug)
    url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    response = render(
        request, "api/calendar_manage.html", {"team": team, "feed": feed, "feed_url": url}
    )
    response["Cache-Control"] = "private, no-store"
    return response


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
