"""Site-wide views that belong to no app: liveness, the favicon and the error pages.

The error handlers are wired in ``teamcoach/urls.py`` (``handler400`` …). They
never show exception text that could come from the request; a refusal's message
(:class:`web.refusals.Refusal`) and a view's own 404 message are written by us.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.template import loader
from django.templatetags.static import static
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .refusals import Refusal


@require_safe
@cache_control(no_store=True)
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for operators and load balancers: the app answers, no database asked."""
    return JsonResponse({"status": "ok"})


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico at the root; the real file is a hashed static one."""
    return redirect(static("img/favicon.svg"), permanent=True)


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
    """The 500 page: a plain template with no context, so it renders whatever broke."""
    return HttpResponseServerError(loader.get_template("500.html").render())
