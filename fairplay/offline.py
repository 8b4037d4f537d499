"""Installable and offline: the web app manifest, the service worker, and what it may keep.

The service worker (``templates/fairplay/sw.js``) is served from the site root so
its scope is the whole site; it keeps only the pages :class:`OfflineMiddleware`
marks with ``X-Offline-Cache: 1`` — a signed-in coach's lineup, plan and live
screen of a current or coming game, and the team's roster — and forgets them when
``X-Offline-User`` names someone else (or nobody). Signing out answers with
``Clear-Site-Data``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from clubs.models import Game

#: The assets every kept page needs, fetched when the worker installs.
PRECACHE = (
    "css/site.css",
    "css/live.css",
    "css/fairplay.css",
    "js/offline.js",
    "js/live.js",
    "img/favicon.svg",
    "img/icon-192.png",
    "img/icon-512.png",
)

#: The pages a coach may take offline: a game's lineup, plan, live screen and
#: availability, and the team's roster.
_GAME_PAGE = re.compile(
    r"^/teams/(?P<slug>[\w-]+)/games/(?P<id>\d+)/(lineup|rotation|live|availability)/$"
)
_ROSTER = re.compile(r"^/teams/[\w-]+/roster/$")
#: A game still "current" this long after kick-off (its lineup and plan stay useful).
CURRENT_FOR = dt.timedelta(hours=12)


def user_tag(request: HttpRequest) -> str:
    """Who the page was made for, as the worker compares it: a keyed hash, or ``-``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "-"
    return salted_hmac("teamcoach.offline-user", str(user.pk), algorithm="sha256").hexdigest()[:24]


def may_keep(request: HttpRequest) -> bool:
    """Whether the worker may keep this page: a signed-in coach's current/next game page."""
    user = getattr(request, "user", None)
    if request.method != "GET" or user is None or not user.is_authenticated:
        return False
    if _ROSTER.match(request.path) or request.path == reverse("fairplay:offline"):
        return True
    match = _GAME_PAGE.match(request.path)
    if match is None:
        return False
    since = timezone.now() - CURRENT_FOR
    return Game.objects.filter(
        pk=int(match["id"]), team__slug=match["slug"], kickoff__gte=since
    ).exists()


class OfflineMiddleware:
    """Marks pages for the service worker; clears the browser's copies on sign-out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and request.path == reverse("account_logout"):
            response["Clear-Site-Data"] = '"cache", "storage"'
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        response["X-Offline-User"] = user_tag(request)
        if response.status_code == 200 and may_keep(request):
            response["X-Offline-Cache"] = "1"
        return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js``: the worker, at the root so it serves the whole site."""
    precache = [static(path) for path in PRECACHE] + [reverse("fairplay:offline")]
    version = hashlib.sha256(json.dumps(precache).encode()).hexdigest()[:12]
    context = {
        "version_json": json.dumps(version),
        "precache_json": json.dumps(precache),
        "offline_url_json": json.dumps(reverse("fairplay:offline")),
    }
    response = render(request, "fairplay/sw.js", context, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """``/manifest.webmanifest``: what a phone needs to put teamcoach on its home screen."""
    data = {
        "name": "teamcoach",
        "short_name": "teamcoach",
        "description": _("Lineups, fair rotations and the live game, at the pitch side."),
        "lang": getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        "start_url": reverse("clubs:my_teams"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d2a",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it does not have while there is no connection."""
    return render(request, "fairplay/offline.html")
