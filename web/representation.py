"""HTTP helpers: content negotiation, conditional requests, caching headers, CSV safety.

One convention everywhere: the ``Accept`` header chooses the format, and
``?format=json|csv|ics|pdf|html`` overrides it for links (a link cannot set a
header). ``representation()`` is the one function a resource view calls: it
picks the format (or answers 406), computes a strong ETag from the data the
response shows, answers 304 when the client's copy is current, and sets
``Vary``, ``ETag``, ``Last-Modified`` and ``Cache-Control``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .security import csv_safe

#: The short names ``?format=`` accepts, and the media type each stands for.
FORMATS: dict[str, str] = {
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv",
    "ics": "text/calendar",
    "pdf": "application/pdf",
}
SHORT_NAMES = {media: short for short, media in FORMATS.items()}


class NotAcceptable(Exception):
    """The client asked for a format this resource cannot produce."""

    def __init__(self, available: Sequence[str]) -> None:
        super().__init__(", ".join(available))
        self.available = list(available)


def negotiate(request: HttpRequest, available: Sequence[str]) -> str:
    """The media type to answer with, from ``?format=`` or else ``Accept``.

    ``available`` lists media types in order of preference; the first one is the
    default when the client states no preference. Raises ``NotAcceptable``.
    """
    requested = request.GET.get("format")
    if requested is not None:
        media = FORMATS.get(requested)
        if media is not None and media in available:
            return media
        raise NotAcceptable(available)
    accept = request.headers.get("Accept", "").strip()
    if not accept:
        return available[0]
    preferred = _preferred_type(accept, tuple(available))
    if preferred is None:
        raise NotAcceptable(available)
    return preferred


@functools.lru_cache(maxsize=512)
def _preferred_type(accept: str, available: tuple[str, ...]) -> str | None:
    """Django's ``HttpRequest.get_preferred_type`` for this ``Accept`` header, remembered:
    a browser sends the same header with every request, and parsing it cost a JSON
    page's 304 a twentieth of its time. Bounded, so made-up headers only push others out."""
    probe = HttpRequest()
    probe.META["HTTP_ACCEPT"] = accept
    preferred = probe.get_preferred_type(list(available))
    return None if preferred is None else str(preferred)


def not_acceptable(available: Sequence[str]) -> HttpResponse:
    """406 with a body that says what we can produce and how to ask for it."""
    lines = [_("This resource is not available in the format you asked for."), ""]
    lines.append(_("Available formats (send one in Accept, or add ?format= to the address):"))
    lines += [f"  {media}  (?format={SHORT_NAMES.get(media, media)})" for media in available]
    response = HttpResponse("\n".join(lines) + "\n", status=406, content_type="text/plain")
    patch_vary_headers(response, ["Accept"])
    return response


def fingerprint(*parts: object) -> str:
    """A strong ETag value: the SHA-256 of the data a response shows (JSON-serialised)."""
    blob = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def _has_pending_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    # len() loads the messages without marking them as shown.
    return len(messages.get_messages(request)) > 0


def representation(
    request: HttpRequest,
    *,
    renderers: Mapping[str, Callable[[], HttpResponse]],
    version: object,
    last_modified: dt.datetime | None,
    public: bool = True,
    strict: bool = True,
) -> HttpResponse:
    """Answer a GET/HEAD for one resource that exists in several formats.

    ``renderers`` maps media types (preferred first) to functions that build the
    full response; ``version`` is any JSON-able value that changes whenever what
    the resource shows changes (it becomes the ETag), or a function that gives it
    (called only when ``web.validators`` has not set the ETag already); ``last_modified`` is the
    newest change in the data. ``public`` says whether a shared cache may keep it.
    ``strict=False`` answers with the first format instead of 406 (calendar apps
    send all sorts of ``Accept`` headers).
    """
    try:
        media = negotiate(request, list(renderers))
    except NotAcceptable as error:
        if strict:
            return not_acceptable(error.available)
        media = next(iter(renderers))
    personal: object = None
    if media == "text/html":
        # HTML comes wrapped in base.html, which may show who is signed in: it
        # varies with the cookie, and a signed-in user's copy is theirs alone.
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            personal, public = getattr(user, "pk", None), False
    vary = ["Accept"] if public and media != "text/html" else ["Accept", "Cookie"]
    if media == "text/html" and _has_pending_messages(request):
        # A flash message belongs to this user and this one view: never cache it.
        response = renderers[media]()
        patch_vary_headers(response, ["Accept", "Cookie"])
        response["Cache-Control"] = "private, no-store"
        return response
    # web.validators.conditional ran first: its ETag (from the data's stamps) is the one.
    etag = getattr(request, "validator_etag", None) or quote_etag(
        fingerprint(version() if callable(version) else version, media, get_language(), personal)
    )
    if last_modified is not None:
        last_modified = last_modified.replace(microsecond=0)
    stamp = int(last_modified.timestamp()) if last_modified else None
    conditional = get_conditional_response(request, etag=etag, last_modified=stamp)
    response = renderers[media]() if conditional is None else conditional
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(stamp)
    patch_vary_headers(response, vary)
    # no-cache: a cache may store it but must revalidate (cheap: a 304) every time.
    response["Cache-Control"] = f"{'public' if public else 'private'}, no-cache"
    return response


def html_safe_json(text: str) -> str:
    """``text`` (serialised JSON) with ``<``, ``>`` and ``&`` written as \\u escapes: the
    same data for a JSON parser, but nothing a browser that sniffs or a careless client
    that pastes the text into HTML could run (as Django's ``json_script`` does).

    Three ``replace`` calls: ``str.translate`` with a table walks the text one character
    at a time in Python objects, a tenth of a JSON lineup's first GET."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def json_response(data: Any, *, status: int = 200) -> HttpResponse:
    body = html_safe_json(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    return HttpResponse(body + "\n", status=status, content_type="application/json")


#: One rule for every CSV cell the site writes (no spreadsheet formula injection).
csv_cell = csv_safe


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """A CSV download (UTF-8, CRLF rows) with a file name and neutralised formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Errors for machines: RFC 9457 problem details -----------------------------------


def problem_response(
    status: int, title: str, *, detail: str = "", errors: Any = None, **headers: str
) -> HttpResponse:
    """An ``application/problem+json`` answer; ``errors`` carries field-level messages."""
    body: dict[str, Any] = {"type": "about:blank", "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        html_safe_json(json.dumps(body, ensure_ascii=False, default=str)),
        status=status,
        content_type="application/problem+json",
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def wants_problem_json(request: HttpRequest, available: Sequence[str]) -> bool:
    """For an error: does the client want a machine-readable one rather than the HTML page?"""
    try:
        return negotiate(request, available) != "text/html"
    except NotAcceptable:
        return False
