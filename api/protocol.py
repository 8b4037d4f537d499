"""What the API does around every endpoint, whatever django-ninja does inside.

- ``OPTIONS`` answers 204 with ``Allow``; any other method not served is 405 with
  ``Allow`` and a problem document.
- ``HEAD`` is answered as ``GET`` (the web server drops the body, as for every page).
- A body on POST/PUT/PATCH must be JSON (else 415) and small (else 413).
- A ``GET`` whose ``ETag`` matches ``If-None-Match`` is 304.
- The API speaks JSON only: an ``Accept`` that excludes it is 406.
- Too many requests per user or address: 429 with ``Retry-After`` (web.ratelimit).
- An address without its trailing slash is 308 to the one with it (method kept).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from web.ratelimit import rate_limit, spend
from web.representation import fingerprint
from web.validators import (
    ETAG_ATTRIBUTE,
    cached_response,
    etag_for,
    keep_response,
    kept_under,
    release,
)

from .router import problem

View = Callable[..., HttpResponse]
WITH_BODY = {"POST", "PUT", "PATCH"}
JSON_TYPES = {"application/json", "application/merge-patch+json"}
API_TYPES = ["application/json", "application/problem+json"]


ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _operations(view: View) -> list[Any]:
    """django-ninja's operations behind one of its URL views (on the ``PathView`` its
    view function closes over)."""
    cells = dict(zip(view.__code__.co_freevars, view.__closure__ or (), strict=False))
    path_view = cells["self"].cell_contents if "self" in cells else None
    return list(getattr(path_view, "operations", []))


def served_methods(view: View) -> list[str]:
    """The methods a django-ninja URL view serves, plus HEAD (with GET) and OPTIONS."""
    methods = {m for op in _operations(view) for m in op.methods}
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    return sorted(methods, key=lambda m: ORDER.index(m) if m in ORDER else len(ORDER))


def _body_problem(request: HttpRequest) -> HttpResponse | None:
    length = request.META.get("CONTENT_LENGTH") or "0"
    limit = settings.TEAMCOACH_API_MAX_BODY
    if not length.isdigit() or int(length) > limit:
        return problem(413, _("Request bodies are limited to %(n)s bytes.") % {"n": limit})
    try:
        body = request.body
    except RequestDataTooBig:
        return problem(413, _("Request bodies are limited to %(n)s bytes.") % {"n": limit})
    media = request.content_type or ""
    if (
        (body or request.META.get("CONTENT_TYPE"))
        and media not in JSON_TYPES
        and not media.endswith("+json")
    ):
        return problem(415, _("Send the body as JSON with Content-Type: application/json."))
    try:
        data = json.loads(body) if body else {}
    except ValueError:
        return problem(400, _("The body is not valid JSON."))
    if not isinstance(data, dict):
        errors = [{"field": "body", "message": _("Send a JSON object: {…}.")}]
        return problem(422, _("The body must be a JSON object."), errors)
    return None


def api_view(view: View) -> View:
    """Wrap one of django-ninja's URL views with the behaviour above."""
    # The name matters: web.middleware reads ``request_method_list`` from a
    # view's closure (as ``require_http_methods`` keeps it) to answer TRACE & co.
    request_method_list = served_methods(view)
    allow = ", ".join(request_method_list)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        method = request.method
        if request.headers.get("Accept") and request.get_preferred_type(API_TYPES) is None:
            return problem(406, _("This API answers in JSON: accept application/json."))
        if method not in request_method_list:
            detail = _("This address accepts %(methods)s.") % {"methods": allow}
            return problem(405, detail, Allow=allow)
        if method == "OPTIONS":
            response = HttpResponse(status=204)
            del response["Content-Type"]
            response["Allow"] = allow
            return response
        if method in WITH_BODY and (refused := _body_problem(request)):
            return refused
        if method == "HEAD":
            request.method = "GET"
        response = view(request, *args, **kwargs)
        request.method = method
        if method in {"GET", "HEAD"} and response.status_code == 200:
            if not response.has_header("ETag") and not response.streaming:
                # Lists and computed answers: their bytes are a stable function of the
                # data (fixed order), so a hash of them is a strong validator.
                response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest())
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        if response.status_code == 204 and response.has_header("Content-Type"):
            del response["Content-Type"]  # no body, so no type
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        if method in {"GET", "HEAD"} and response.status_code in (200, 304):
            response["Cache-Control"] = "private, no-cache"
        if (etag := etag_for(request)) and kept_under(response) is None:
            # The endpoint computed its answer under a validator: the rendered bytes
            # are kept for the next request with the same one (web.validators).
            keep_response(request, etag, response)
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]  # writes check CSRF in ninja's SessionAuth
    return wrapper


def counted_when_working(endpoint: View) -> View:
    """Mark a GET endpoint that calls :func:`answered_before` first: its rate limit is
    counted there, past the validator, so a 304 or a kept answer spends no allowance."""
    endpoint.counted_when_working = True  # type: ignore[attr-defined]
    return endpoint


def _counts_its_reads(view: View) -> bool:
    return any(
        getattr(op.view_func, "counted_when_working", False)
        for op in _operations(view)
        if "GET" in op.methods
    )


def answered_before(request: HttpRequest, *depends: object) -> tuple[str, HttpResponse | None]:
    """The validator before the work, for an API read that is costly to answer.

    ``depends`` names what the answer shows (stamps, who asks, the query); with the
    release and the language it makes the ETag. Returns the ETag and a 304 (the client
    has it) or the bytes answered before under it (``web.validators``' store); else
    ``None``: the work starts, so the request is counted against the rate limit here
    (``web.ratelimit.spend``; 429 past it), and :func:`api_view` keeps what
    django-ninja renders now under that ETag.
    """
    etag = quote_etag(fingerprint(release(), get_language(), *depends))
    if request.headers.get("If-None-Match") and get_conditional_response(request, etag=etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        return etag, not_modified
    kept = cached_response(etag)
    if kept is None:
        spend(request)
        setattr(request, ETAG_ATTRIBUTE, etag)
    return etag, kept


@csrf_exempt  # it changes nothing: the write happens at the address it points to
def add_slash(request: HttpRequest) -> HttpResponse:
    """An API address without its trailing slash (``POST /api/v1/teams``): 308 to the
    address with it, which clients follow with the same method and body — Django's own
    301 would make them repeat a POST as a GET and lose the write. 404 if there is
    nothing there either."""
    target = request.path + "/"
    try:
        resolve(target)
    except Resolver404:
        return problem(404, _("There is nothing at this address."))
    if query := request.META.get("QUERY_STRING", ""):
        target += "?" + query
    detail = problem(308, _("This address ends with a slash: %(target)s") % {"target": target})
    response = HttpResponsePermanentRedirect(
        target, content=detail.content, content_type=detail["Content-Type"]
    )
    response.status_code = 308
    return response


@require_safe
def api_root(request: HttpRequest) -> HttpResponse:
    """/api/v1/ itself: the human docs are the place to start."""
    return redirect("api:api-v1:openapi-view")


def wrapped_urls(patterns: list[Any]) -> list[Any]:
    """django-ninja's URL patterns: endpoints wrapped, schema and docs GET/HEAD only."""
    for pattern in patterns:
        name = getattr(pattern, "name", "")
        if name == "api-root":
            pattern.callback = api_root
        elif name in {"openapi-json", "openapi-view"}:
            pattern.callback = require_safe(pattern.callback)
        else:
            # Every endpoint counts against settings.TEAMCOACH_RATE_LIMITS["api"] (429),
            # up front; a read marked counted_when_working where its work starts.
            counted_by_view = _counts_its_reads(pattern.callback)
            pattern.callback = rate_limit("api", counted_by_view=counted_by_view)(
                api_view(pattern.callback)
            )
    return patterns
