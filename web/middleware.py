"""Middleware of our own: headers Django does not set, refusals before any view runs
(unknown methods, text no database can store), the 405 page and maintenance mode."""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from .representation import problem_response, wants_problem_json


class SecurityHeadersMiddleware:
    """Add Cross-Origin-Resource-Policy and Permissions-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SiteClockMiddleware:
    """Each request starts and ends on the site's clock (settings.TIME_ZONE); the lookups
    of a club's teams switch to the club's own (clubs.permissions.use_clock). Without the
    reset, a server thread would carry one club's clock into the next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


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


def _view_methods(path: str) -> tuple[str, ...] | None:
    """The methods the view behind ``path`` declares, or None when it does not say
    (an unknown path, or a function view without ``require_http_methods``)."""
    try:
        match = resolve(path)  # remembered per address (web/urlmap.py)
    except Resolver404:
        return None
    return _methods_of(match.func)


@functools.lru_cache(maxsize=1024)
def _methods_of(view: Callable[..., object]) -> tuple[str, ...] | None:
    """:func:`_view_methods` of one view, remembered: every request asks before Django
    runs the view, and finding the answer walks the view's decorators."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        names = [m.upper() for m in view_class.http_method_names if hasattr(view_class, m)]
        if "GET" in names and "HEAD" not in names:
            names.insert(names.index("GET") + 1, "HEAD")  # View.setup() answers HEAD as GET
        return tuple(m for m in names if m in KNOWN_METHODS)
    return tuple(_declared_methods(view)) or None


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


#: Where the maintenance switch lives (the "shared" cache: a database table every
#: app server reads), and how long one process trusts what it read.
MAINTENANCE_KEY = "teamcoach:maintenance"
MAINTENANCE_MEMO_SECONDS = 1.0
_maintenance_memo: tuple[float, bool] = (0.0, False)


def maintenance_set(on: bool) -> None:
    """Switch maintenance mode on or off for every app server (`teamcoach maintenance`)."""
    global _maintenance_memo
    shared = caches["shared"]
    if on:
        shared.set(MAINTENANCE_KEY, timezone.now().isoformat(), timeout=None)
    else:
        shared.delete(MAINTENANCE_KEY)
    _maintenance_memo = (0.0, False)


def maintenance_since() -> str | None:
    """When maintenance mode was switched on (ISO time), or None when it is off."""
    since = caches["shared"].get(MAINTENANCE_KEY)
    return str(since) if since is not None else None


def maintenance_on() -> bool:
    """Whether every request should get the 503 page; read at most once a second."""
    global _maintenance_memo
    if settings.TEAMCOACH_MAINTENANCE:
        return True
    checked_at, on = _maintenance_memo
    now = time.monotonic()
    if now - checked_at >= MAINTENANCE_MEMO_SECONDS:
        try:
            on = maintenance_since() is not None
        except DatabaseError:
            on = False  # the database is down: the outage page answers instead
        _maintenance_memo = (now, on)
    return on


class MaintenanceModeMiddleware:
    """503 with ``Retry-After`` for every request while maintenance mode is on.

    ``teamcoach maintenance on`` before an update, ``… off`` afterwards (docs/deploy.md);
    ``TEAMCOACH_MAINTENANCE=1`` forces it from the environment. ``/healthz`` still
    answers: the process is alive.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != "/healthz" and maintenance_on():
            retry = settings.TEAMCOACH_MAINTENANCE_RETRY_AFTER
            response = render(request, "503.html", {"retry_after": retry}, status=503)
            response["Retry-After"] = str(retry)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


#: Characters no PostgreSQL text column can hold: NUL, and the lone UTF-16 surrogates
#: a JSON "\ud800" escape decodes to (they have no UTF-8 form). SQLite would store
#: them, so they are refused here for every database alike.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_JSON = re.compile(r"^application/(.+\+)?json$")


def _json_strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field, text) for every string in a JSON document, keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            yield name, str(key)
            yield from _json_strings(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, f"{path}[{index}]")


def _uploaded_text_has_nul(upload: Any) -> bool:
    """A text upload (CSV) with a NUL byte: UTF-8 and Windows-1252 text never has one."""
    name = (upload.name or "").lower()
    if not (name.endswith((".csv", ".txt")) or (upload.content_type or "").startswith("text/")):
        return False  # binary uploads (none today) may hold any byte
    try:
        return any(b"\x00" in chunk for chunk in upload.chunks())
    finally:
        upload.seek(0)


def unstorable_field(request: HttpRequest) -> tuple[str, bool] | None:
    """The first place in the request holding unstorable text: (its name, in the body?)."""
    if UNSTORABLE.search(request.path_info):
        return _("the address"), False
    for name, values in request.GET.lists():
        if UNSTORABLE.search(name) or any(UNSTORABLE.search(v) for v in values):
            return name, False
    if request.method not in {"POST", "PUT", "PATCH"}:
        return None
    try:
        if _JSON.match(request.content_type or ""):
            try:
                document = json.loads(request.body or b"null")
            except ValueError:
                return None  # not JSON at all: the view answers 400 for that
            for name, text in _json_strings(document, ""):
                if UNSTORABLE.search(text):
                    return name or "body", True
            return None
        for name, values in request.POST.lists():
            if UNSTORABLE.search(name) or any(UNSTORABLE.search(v) for v in values):
                return name, True
        for name, upload in request.FILES.items():
            if _uploaded_text_has_nul(upload):
                return name, True
    except RequestDataTooBig:
        return None  # refused as too big by the view (413) or Django (400)
    return None


class UnstorableTextMiddleware:
    """Refuse NUL bytes and lone surrogates in the address, query, form, JSON body or a CSV
    upload with a clear 400 (422 for a JSON field), before any view or query runs.

    PostgreSQL rejects such text with an exception (a 500 on seven paths before
    issue 18); one check at the edge covers every field, present and future.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            found = unstorable_field(request)
        except MultiPartParserError:
            # A multipart body without a readable boundary: refused here, once, with a
            # sentence, instead of a logged traceback wherever request.POST is read.
            message = _("The form data could not be read. Reload the page and send it again.")
            return self.refuse(request, message, field=None, status=400)
        if found is None:
            return self.get_response(request)
        field, in_body = found
        field = UNSTORABLE.sub("?", field[:60])
        message = _(
            "“%(field)s” contains a character that cannot be stored (a NUL byte or an "
            "unpaired surrogate). Remove it and try again."
        ) % {"field": field}
        return self.refuse(request, message, field=field, status=422 if in_body else 400)

    @staticmethod
    def refuse(
        request: HttpRequest, message: str, *, field: str | None, status: int
    ) -> HttpResponse:
        """problem+json for the API and JSON clients (``status``), else the 400 page."""
        if request.path_info.startswith(API_PREFIX) or wants_problem_json(
            request, ["text/html", "application/json", "application/problem+json"]
        ):
            if field is None:
                return problem_response(status, message)
            errors = [{"field": field, "message": message}]
            return problem_response(
                status, _("Some values are not valid; see errors."), detail=message, errors=errors
            )
        return render(request, "400.html", {"message": message}, status=400)
