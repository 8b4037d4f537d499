"""gzip for HTML, JSON, CSV and SVG, by ``Accept-Encoding``, under `make run` too.

granian does not compress, and nginx is not always in front, so the application does
``CompressionMiddleware`` is the outermost middleware: it sees the final
body. What it does, and why (the BREACH decision is in docs/security.md):

- compresses a 200 whose type is text (HTML, JSON, problem+json, CSV, SVG, plain text)
  and whose body is at least 200 bytes, when the client accepts gzip (``q=0`` refuses);
- adds ``Vary: Accept-Encoding`` to every such response, compressed or not;
- keeps the ETag strong but distinct per coding: ``"<hash>"`` becomes ``"<hash>-gzip"``
  (a strong validator names exact bytes). A request's ``If-None-Match``/``If-Match``
  are read without the suffix, so revalidation and the API's ``If-Match`` work with
  either form, and a 304 repeats the form the client sent;
- never compresses the addresses that carry a secret of their own in the page (answer
  links, invitations, calendar feeds, API tokens, the account pages:
  ``settings.TEAMCOACH_UNCOMPRESSED_PATHS``): BREACH could read it byte by byte from the
  compressed length if attacker-chosen text were reflected beside it. Django's CSRF
  token is masked anew in every response, and pages carrying one are never kept in
  the page cache (web.validators), so it gives BREACH nothing to converge on;
- compresses a page served from the page cache once: its gzip form is kept beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from .validators import KEPT, kept_under, page_cache_seconds

__all__ = ["CompressionMiddleware"]

SUFFIX = "-gzip"
MIN_LENGTH = 200
COMPRESSIBLE = (
    "text/html",
    "text/csv",
    "text/plain",
    "text/css",
    "application/json",
    "application/problem+json",
    "image/svg+xml",
)
_ACCEPTS_GZIP = re.compile(r"(?:^|,)\s*gzip\s*(?:;\s*q\s*=\s*(?P<q>[\d.]+))?\s*(?:,|$)", re.I)
_ETAG_SUFFIX = re.compile(re.escape(SUFFIX) + r'"')


def accepts_gzip(request: HttpRequest) -> bool:
    match = _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if match is None:
        return False
    try:
        return float(match.group("q") or 1) > 0
    except ValueError:
        return False


def _secret_path(path: str) -> bool:
    return any(re.match(pattern, path) for pattern in settings.TEAMCOACH_UNCOMPRESSED_PATHS)


class CompressionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        sent_suffix = False
        for header in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH"):
            value = request.META.get(header)
            if value and SUFFIX in value:
                request.META[header] = _ETAG_SUFFIX.sub('"', value)
                sent_suffix = True
        response = self.get_response(request)
        if response.status_code == 304:
            if sent_suffix and accepts_gzip(request) and response.has_header("ETag"):
                response["ETag"] = _with_suffix(response["ETag"])
            return response
        media = response.get("Content-Type", "").split(";")[0].strip().lower()
        if media not in COMPRESSIBLE or _secret_path(request.path_info):
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        if (
            response.status_code != 200
            or response.streaming
            or response.has_header("Content-Encoding")
            or not accepts_gzip(request)
        ):
            return response
        content = response.content  # type: ignore[attr-defined]
        if len(content) < MIN_LENGTH:
            return response
        compressed = _gzip(content, kept_under(response))
        if len(compressed) >= len(content):
            return response
        response.content = compressed  # type: ignore[attr-defined]
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = "gzip"
        if response.has_header("ETag"):
            response["ETag"] = _with_suffix(response["ETag"])
        return response


def _gzip(content: bytes, kept: str | None) -> bytes:
    """gzip of ``content``; of a page kept in the page cache (the same bytes for every
    visitor it is served to) compressed once and kept beside it."""
    if kept is None:
        return compress_string(content)
    key = "page-gzip:" + kept.strip('"')
    compressed: bytes | None = caches[KEPT].get(key)
    if compressed is None:
        compressed = compress_string(content)
        caches[KEPT].set(key, compressed, page_cache_seconds())
    return compressed


def _with_suffix(etag: str) -> str:
    if etag.startswith("W/") or not etag.endswith('"') or etag.endswith(SUFFIX + '"'):
        return etag
    return etag[:-1] + SUFFIX + '"'
