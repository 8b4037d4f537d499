"""Validators before work: a page's ETag from what it depends on, checked before it is built.

A page that is expensive to build (the solver, a template of the whole squad) states
what it *depends on* as a few cheap values — the stamps of the team it shows (one
primary-key lookup, :func:`stamp_counts`), the next game's id, the address — and hands
the expensive part to :func:`conditional` as a function::

    team = team_for(request.user, slug)                      # 404 / 403 first
    return conditional(request, formats=FORMATS, depends=..., public=..., build=lambda: ...)

``conditional`` turns the dependencies, the format, the language and who is asking into
a strong ETag; answers ``304 Not Modified`` when the client has it (nothing else runs);
else serves the response rendered earlier under the same ETag from Django's cache
("default": local memory per process under ``make run``, Redis with ``REDIS_URL``);
else runs ``build`` — which may call ``web.representation.representation`` as
before: it takes the ETag from here — and keeps the answer for the next visitor.

Correctness rests on the stamps: every write bumps the stamp of what it changes, in its
own transaction (:func:`bump`; ``clubs.stamps`` connects the model signals), so a new
fingerprint follows every change and a cached page is never served after one, whichever
app server made it. Who is asking is part of the key (a signed-in user's pages are
theirs alone); a page that put a CSRF token in its body, a flash message, a page with
a cookie, or any answer but 200 is never stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe, quote_etag
from django.utils.translation import get_language

from .representation import (
    NotAcceptable,
    _has_pending_messages,
    fingerprint,
    negotiate,
    not_acceptable,
)

__all__ = ["KEPT", "bump", "conditional", "kept_under", "release", "served_kept", "stamp_counts"]

#: The cache alias of everything kept under a stamp or an ETag (settings.CACHES: memory,
#: and Redis behind it with ``REDIS_URL``; web.cache.NearCache).
KEPT = "kept"

#: The request attribute ``representation()`` takes its ETag from.
ETAG_ATTRIBUTE = "validator_etag"


# --- Stamps: one counter per thing a page depends on -------------------------------------


def bump(keys: Iterable[str]) -> None:
    """Count one change of each key (call inside the write's transaction)."""
    from .models import Stamp

    for key in set(keys):
        if Stamp.objects.filter(key=key).update(count=F("count") + 1):
            continue
        try:
            with transaction.atomic():
                Stamp.objects.create(key=key, count=1)
        except IntegrityError:  # created meanwhile by another write
            Stamp.objects.filter(key=key).update(count=F("count") + 1)


def stamp_counts(keys: Sequence[str]) -> tuple[int, ...]:
    """The current count of each key (0 for one never bumped): one indexed query."""
    from .models import Stamp

    # Raw: it runs on every 304, where compiling the ORM's query cost more than running it.
    q = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(keys))
    table = q(Stamp._meta.db_table)
    sql = f"SELECT {q('key')}, {q('count')} FROM {table} WHERE {q('key')} IN ({marks})"  # noqa: S608 # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, list(keys))
        found = dict(cursor.fetchall())
    return tuple(found.get(key, 0) for key in keys)


@cache
def release() -> str:
    """A fingerprint of the code and templates: a new release never answers an old ETag."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in ("templates", "clubs", "fairplay", "api", "web", "lineup", "accounts"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".svg"} and "tests" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- The conditional step -----------------------------------------------------------------


def _visitor(request: HttpRequest) -> object:
    """What of the visitor changes a page: who they are when signed in, else nothing."""
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return getattr(user, "pk", None)
    return None


def validator_etag(request: HttpRequest, media: str, depends: object) -> str:
    """The strong ETag of this address in ``media`` for this visitor, from ``depends``."""
    query = sorted(request.GET.lists())
    return quote_etag(
        fingerprint(
            "v", release(), depends, request.path, query, media, get_language(), _visitor(request)
        )
    )


def set_validator_headers(
    response: HttpResponseBase, *, etag: str, media: str, public: bool, request: HttpRequest
) -> None:
    """ETag, Vary and Cache-Control, as ``representation()`` sets them."""
    if media == "text/html" and _visitor(request) is not None:
        public = False
    response["ETag"] = etag
    vary = ["Accept"] if public and media != "text/html" else ["Accept", "Cookie"]
    patch_vary_headers(response, vary)
    response["Cache-Control"] = f"{'public' if public else 'private'}, no-cache"


def page_cache_seconds() -> int:
    return int(getattr(settings, "TEAMCOACH_PAGE_CACHE_SECONDS", 600) or 0)


def _cache_key(etag: str) -> str:
    return "page:" + etag.strip('"')


def cached_response(etag: str) -> HttpResponse | None:
    """The response kept under ``etag``, or None."""
    if page_cache_seconds() <= 0:
        return None
    kept = caches[KEPT].get(_cache_key(etag))
    if kept is None:
        return None
    content, status, headers = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    setattr(response, KEPT_ATTRIBUTE, etag)
    setattr(response, SERVED_KEPT_ATTRIBUTE, True)
    return response


#: Set on a response served from the page cache, not built for this request: it did no
#: work, so it spends no rate-limit allowance (web.ratelimit).
SERVED_KEPT_ATTRIBUTE = "served_kept"


def served_kept(response: HttpResponseBase) -> bool:
    """Whether ``response`` came from the page cache rather than being built now."""
    return getattr(response, SERVED_KEPT_ATTRIBUTE, False)


#: Set on a response whose body is the one kept under this ETag (the same bytes for
#: every visitor it is served to): web.compression keeps its gzip form beside it.
KEPT_ATTRIBUTE = "kept_under"


def kept_under(response: HttpResponseBase) -> str | None:
    """The ETag the body of ``response`` is kept under in the page cache, if it is."""
    return getattr(response, KEPT_ATTRIBUTE, None)


def keep_response(request: HttpRequest, etag: str, response: HttpResponseBase) -> None:
    """Keep ``response`` under ``etag`` unless it is personal in a way the key cannot see."""
    seconds = page_cache_seconds()
    if (
        seconds <= 0
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or not isinstance(response, HttpResponse)
        or "no-store" in response.get("Cache-Control", "")
        # A CSRF token in the body: masked anew for every response (BREACH), never shared.
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.get("ETag") != etag
    ):
        return
    headers = [(k, v) for k, v in response.items() if k.lower() not in {"set-cookie", "vary"}]
    caches[KEPT].set(_cache_key(etag), (response.content, 200, headers), seconds)
    setattr(response, KEPT_ATTRIBUTE, etag)


def conditional(
    request: HttpRequest,
    *,
    formats: Sequence[str],
    depends: object,
    public: bool,
    build: Callable[[], HttpResponseBase],
    strict: bool = True,
) -> HttpResponseBase:
    """304, the kept response, or ``build()`` (then kept): see the module's docstring.

    ``formats`` are the media types the resource has (the first one is the default);
    ``depends`` is any JSON-able value that changes whenever what the page shows changes
    (stamps, ids — not the data itself: that is what it spares); ``public`` says whether
    a shared cache may keep it. ``build`` makes the full answer (it may call
    ``representation()``, which then sends this ETag).
    """
    try:
        media = negotiate(request, list(formats))
    except NotAcceptable as error:
        if strict:
            return not_acceptable(error.available)
        media = formats[0]
    if media == "text/html" and _has_pending_messages(request):
        return build()  # a flash message: representation() answers no-store
    etag = validator_etag(request, media, depends)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        set_validator_headers(not_modified, etag=etag, media=media, public=public, request=request)
        return not_modified
    kept = cached_response(etag)
    if kept is not None:
        # If-Modified-Since alone: the kept page's Last-Modified answers it.
        stamp = parse_http_date_safe(kept.get("Last-Modified", ""))
        answer: HttpResponseBase = (
            get_conditional_response(request, etag=etag, last_modified=stamp, response=kept) or kept
        )
        if answer is not kept:
            for name in ("Last-Modified",):
                if kept.has_header(name):
                    answer[name] = kept[name]
        set_validator_headers(answer, etag=etag, media=media, public=public, request=request)
        return answer
    setattr(request, ETAG_ATTRIBUTE, etag)
    response = build()
    if response.get("ETag") == etag:
        keep_response(request, etag, response)
    return response


def etag_for(request: HttpRequest) -> Any:
    """The validator's ETag of this request, if ``conditional`` set one."""
    return getattr(request, ETAG_ATTRIBUTE, None)
