"""Response headers Django's own middleware does not set."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve


class SecurityHeadersMiddleware:
    """Add Cross-Origin-Resource-Policy and Permissions-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class MethodNotAllowedPageMiddleware:
    """Give Django's bare 405 responses the site's own page, keeping the ``Allow`` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and "Allow" in response:
            page = render(request, "405.html", {"allowed": response["Allow"]}, status=405)
            page["Allow"] = response["Allow"]
            return page
        return response


#: Methods a view may mean. Anything else (TRACE, TRACK, CONNECT, PROPFIND, made-up
#: verbs) is refused before any view runs: a plain function view would otherwise
#: answer TRACE like GET.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
API_PREFIX = "/api/v1/"


class UnexpectedMethodMiddleware:
    """405 with ``Allow`` for a method the URL does not answer, before sessions and CSRF.

    TRACE and every method outside ``KNOWN_METHODS`` on every URL; a known method
    (``DELETE`` on a lineup page) where the view declares the methods it takes. The view's
    own decorator would answer the same 405 — but only after the CSRF check, which
    refuses an unsafe method first with a 403 that does not say what the page allows.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The JSON API answers every method itself (api/http.py): a 405 as
        # problem+json with the exact Allow of each endpoint.
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method in KNOWN_METHODS:
            declared = _view_methods(request.path_info)
            if declared is None or request.method in declared:
                return self.get_response(request)
            allowed = ", ".join(declared)
        else:
            allowed = _allowed_methods(request.path_info)
        response = render(request, "405.html", {"allowed": allowed}, status=405)
        response["Allow"] = allowed
        return response


def _allowed_methods(path: str) -> str:
    """What a URL answers: what its view declares; otherwise GET, HEAD, POST."""
    try:
        resolve(path)
    except Resolver404:
        return "GET, HEAD"
    return ", ".join(_view_methods(path) or ["GET", "HEAD", "POST"])


def _view_methods(path: str) -> list[str] | None:
    """The methods the view behind ``path`` declares, or None when it does not say
    (an unknown path, or a function view without ``require_http_methods``)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None:
        names = [m.upper() for m in view_class.http_method_names if hasattr(view_class, m)]
        if "GET" in names and "HEAD" not in names:
            names.insert(names.index("GET") + 1, "HEAD")  # View.setup() answers HEAD as GET
        return [m for m in names if m in KNOWN_METHODS]
    return _declared_methods(match.func) or None


def _declared_methods(func: Callable[..., object] | None) -> list[str]:
    """The list given to ``require_http_methods`` (``require_safe``, ``require_POST``…).

    Django keeps it only in the decorator's closure, so look there, down the
    ``__wrapped__`` chain.
    """
    seen = 0
    while func is not None and seen < 10:
        for name, cell in zip(
            getattr(getattr(func, "__code__", None), "co_freevars", ()),
            getattr(func, "__closure__", None) or (),
            strict=False,
        ):
            if name == "request_method_list":
                return [m for m in cell.cell_contents if m in KNOWN_METHODS]
        func = getattr(func, "__wrapped__", None)
        seen += 1
    return []


class MaintenanceModeMiddleware:
    """503 with ``Retry-After`` for every request while ``var/maintenance`` exists.

    ``touch var/maintenance`` before an update, ``rm`` it afterwards (docs/deploy.md);
    ``TEAMCOACH_MAINTENANCE=1`` does the same from the environment.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TEAMCOACH_MAINTENANCE or settings.TEAMCOACH_MAINTENANCE_FILE.exists():
            retry = settings.TEAMCOACH_MAINTENANCE_RETRY_AFTER
            response = render(request, "503.html", {"retry_after": retry}, status=503)
            response["Retry-After"] = str(retry)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
