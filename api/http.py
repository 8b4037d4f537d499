"""What the API does around every endpoint, whatever django-ninja does inside.

- ``OPTIONS`` answers 204 with ``Allow``; any other method not served is 405 with
  ``Allow`` and a problem document.
- ``HEAD`` is answered as ``GET`` (the web server drops the body, as for every page).
- A body on POST/PUT/PATCH must be JSON (else 415) and small (else 413).
- A ``GET`` whose ``ETag`` matches ``If-None-Match`` is 304.
- The API speaks JSON only: an ``Accept`` that excludes it is 406.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext as _

from .v1 import problem

View = Callable[..., HttpResponse]
WITH_BODY = {"POST", "PUT", "PATCH"}
JSON_TYPES = {"application/json", "application/merge-patch+json"}
API_TYPES = ["application/json", "application/problem+json"]


def _allowed(response: HttpResponse) -> list[str]:
    methods = {m.strip() for m in response.get("Allow", "").split(",") if m.strip()}
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return sorted(methods, key=lambda m: order.index(m) if m in order else len(order))


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

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        method = request.method
        if request.headers.get("Accept") and request.get_preferred_type(API_TYPES) is None:
            return problem(406, _("This API answers in JSON: accept application/json."))
        if method == "OPTIONS":
            request.method = "TRACE"  # a method no endpoint has: ninja answers with Allow
            probe = view(request, *args, **kwargs)
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(_allowed(probe))
            return response
        if method in WITH_BODY and (refused := _body_problem(request)):
            return refused
        if method == "HEAD":
            request.method = "GET"
        response = view(request, *args, **kwargs)
        request.method = method
        if response.status_code == 405:
            allow = ", ".join(_allowed(response))
            response = problem(
                405, _("This address accepts %(methods)s.") % {"methods": allow}, Allow=allow
            )
        elif (
            method in {"GET", "HEAD"}
            and response.status_code == 200
            and response.has_header("ETag")
        ):
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        if response.status_code == 204 and response.has_header("Content-Type"):
            del response["Content-Type"]  # no body, so no type
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        if method in {"GET", "HEAD"} and response.status_code in (200, 304):
            response["Cache-Control"] = "private, no-cache"
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]  # writes check CSRF in ninja's SessionAuth
    return wrapper


def wrapped_urls(patterns: list[Any]) -> list[Any]:
    """django-ninja's URL patterns with every endpoint view wrapped (docs and schema left alone)."""
    for pattern in patterns:
        if getattr(pattern, "name", "") not in {"openapi-json", "openapi-view"}:
            pattern.callback = api_view(pattern.callback)
    return patterns
