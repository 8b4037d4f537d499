"""Site-wide views: the home page, the health check, the favicon."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from clubs.forms import LineupRequestForm
from clubs.models import Team, TeamType


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "form": LineupRequestForm(user=request.user),
            "team_types": TeamType.choices,
            "team_count": Team.objects.count(),
        },
    )


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


# --- issue 6: error pages that leak nothing ------------------------------------
# The exception text of 400 and 403 can come from the request (a bad Host header,
# a suspicious file name), so the pages never show it; only Http404 messages that
# a view wrote itself reach the 404 page.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: a plain template with no context, so it renders whatever broke."""
    return HttpResponseServerError(loader.get_template("500.html").render())
