"""Response helpers shared by the rotation pages: formats, CSV safety, ETag/304."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

FORMATS = ("html", "json", "csv")


def wanted_format(request: HttpRequest) -> str | None:
    """``html``, ``json`` or ``csv`` from ``?format=``; ``None`` for anything else."""
    value = request.GET.get("format", "html")
    return value if value in FORMATS else None


def bad_format() -> HttpResponse:
    return HttpResponseBadRequest(
        _("Unknown format: use ?format=json or ?format=csv, or none for the page."),
        content_type="text/plain; charset=utf-8",
    )


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(data: object) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1),
        content_type="application/json",
    )


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A strong ETag over the body; 304 when the client already has it."""
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    match = request.headers.get("If-None-Match", "")
    if etag in [tag.strip() for tag in match.split(",")] or match.strip() == "*":
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = etag
        not_modified["Cache-Control"] = "no-cache"
        return not_modified
    return response
