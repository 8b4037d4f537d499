"""Site-wide views that belong to no app: liveness, the favicon and the error pages.

The error handlers are wired in ``teamcoach/urls.py`` (``handler400`` …). They
never show exception text that could come from the request; a refusal's message
(:class:`web.refusals.Refusal`) and a view's own 404 message are written by us.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.template import loader
from django.templatetags.static import static
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from .cache import CacheUnavailable
from .refusals import Refusal
from .representation import problem_response, wants_problem_json

#: The errors a database outage raises (server stopped, connection cut mid-request).
OUTAGE_ERRORS = (OperationalError, InterfaceError)
#: How long /readyz lets the database take to answer (PostgreSQL's statement_timeout).
READY_TIMEOUT_MS = 1000


@require_safe
@cache_control(no_store=True)
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers HTTP. No database asked (that is /readyz)."""
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET statement_timeout = {READY_TIMEOUT_MS}")
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.execute("SET statement_timeout = 0")
        else:
            cursor.execute("SELECT 1")


def _check_cache() -> None:
    """The cache answers (Redis: a PING; it would otherwise fail quietly as a miss)."""
    cache = caches["default"]
    if not getattr(cache, "reachable", lambda: True)():
        raise CacheUnavailable("the cache does not answer")


def _check_queue() -> None:
    """The task queue (a table of django-tasks-db) can be read."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.only("pk").first()


READY_CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "queue": _check_queue,
}


@require_safe
@cache_control(no_store=True)
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: database, cache and task queue each answer within a second.

    200 with ``{"status": "ok", "checks": {…: "ok"}}``, else 503 naming what failed,
    with ``Retry-After``. For monitoring and deploy scripts; nginx itself skips a
    failing node by its answers (passive checks, deploy/nginx/teamcoach.conf).
    """
    checks: dict[str, str] = {}
    for name, check in READY_CHECKS.items():
        try:
            check()
        except (DatabaseError, CacheUnavailable, OSError) as error:
            checks[name] = f"unavailable: {type(error).__name__}"
        else:
            checks[name] = "ok"
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    if not ready:
        response["Retry-After"] = str(settings.TEAMCOACH_OUTAGE_RETRY_AFTER)
    return response


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico at the root; the real file is a hashed static one."""
    return redirect(static("img/favicon.svg"), permanent=True)


def _from_another_site(request: HttpRequest) -> bool:
    """Whether the browser says the request was started by another site's page."""
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from not in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    return origin is not None and origin != f"{request.scheme}://{request.get_host()}"


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's language switch: Django's ``set_language`` (the choice in the language
    cookie, back to ``next`` when it is on this site), answering 303 like every POST here.

    The switch is on every page, so a CSRF token in it would make every page use (and set)
    the CSRF cookie and no page could be kept in the page cache (web/validators.py) or
    compressed without BREACH care. The one thing this POST changes is the reader's own
    language, so it is guarded by the browser's fetch metadata instead: a form posted from
    another site is refused (403), as CSRF would.
    """
    if _from_another_site(request):
        return render(
            request,
            "403.html",
            {"message": _("Change the language from this site's pages.")},
            status=403,
        )
    response = i18n.set_language(request)
    if response.status_code == 302:
        response.status_code = 303
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page, with the view's own message when it gave one (never the URL resolver's)."""
    message = None
    if type(exception) is Http404 and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 page: a refusal says why; an anonymous visitor also gets a login link."""
    message = str(exception) if isinstance(exception, Refusal) else None
    login_url = None
    if not request.user.is_authenticated:
        login_url = (
            f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
        )
    return render(request, "403.html", {"message": message, "login_url": login_url}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: a plain template with no context, so it renders whatever broke.

    A database outage is not a bug: it answers 503 with ``Retry-After`` instead (the
    page for people, problem+json for the API), and the node recovers by itself when
    the database is back (``CONN_HEALTH_CHECKS`` replaces the dead connection).
    """
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render())


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 + Retry-After while the database cannot be reached; renders without it."""
    seconds = settings.TEAMCOACH_OUTAGE_RETRY_AFTER
    retry = str(seconds)
    if request.path_info.startswith("/api/") or wants_problem_json(
        request, ["text/html", "application/json", "application/problem+json"]
    ):
        response = problem_response(
            503,
            _("Service unavailable"),
            detail=_("The database cannot be reached just now; try again in a few seconds."),
            Retry_After=retry,
        )
    else:
        page = loader.get_template("503_outage.html").render({"retry_after": seconds})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = retry
    response["Cache-Control"] = "no-store"
    return response
