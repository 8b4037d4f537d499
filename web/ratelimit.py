"""A small rate limiter on Django's cache: fixed windows per user and per client address.

Usage on any expensive view (login, sign-up, import, API, e-mail sending, lineup)::

    from web.ratelimit import rate_limit

    @rate_limit("login")                 # rate from settings.TEAMCOACH_RATE_LIMITS["login"]
    @rate_limit("login", methods=["POST"])   # only count POSTs
    def login(request): ...

Over the limit the view is not run: the client gets ``429 Too Many Requests`` with
``Retry-After`` and the site's own page (templates/429.html), or a problem+json
document for the API and JSON clients. The counters are shared by every worker and
app server: in Redis with ``REDIS_URL``, else in a table of the database
(:class:`web.models.RateCount`, one UPSERT per counter), so ``make run``'s two workers
count together. When the store cannot be reached the request is allowed and a warning
logged: an outage never locks anyone out or answers 5xx.

The client address is ``REMOTE_ADDR`` unless the request came through one of
``TEAMCOACH_TRUSTED_PROXIES``; then the right-most untrusted address of
``X-Forwarded-For`` is used (an attacker can prepend anything, not append).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .representation import problem_response, wants_problem_json
from .validators import served_kept

__all__ = [
    "OverLimit",
    "Rate",
    "client_ip",
    "hit",
    "parse_rate",
    "rate_limit",
    "spend",
    "too_many_requests",
]

View = Callable[..., HttpResponse]
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """``"10/m"``, ``"100/h"``, ``"5/30s"``, ``"1000/d"`` → Rate."""
    match = re.fullmatch(r"(\d+)/(\d*)([smhd])", text.strip())
    if not match:
        raise ValueError(f"Not a rate: {text!r} (use e.g. '10/m' or '5/30s').")
    count, number, unit = match.groups()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    return Rate(int(count), int(number or 1) * units[unit])


def _trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(p, strict=False) for p in settings.TEAMCOACH_TRUSTED_PROXIES]


def _is_trusted(address: str, networks: Iterable[Any]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address, believing X-Forwarded-For only from trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = _trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _is_trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # garbage from the client: fall back to the proxy itself
    return remote


def _key(scope: str, who: str, window: int) -> str:
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{window}"


def hit(scope: str, who: str, rate: Rate, now: float | None = None) -> int:
    """Count one request of ``who`` in ``scope``; 0 when allowed, else seconds to wait.

    When the counter store cannot be reached the request is allowed (0), with a warning
    (Redis: web.cache counts nothing and says so; the database table: here).
    """
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = _key(scope, who, window)
    try:
        if settings.TEAMCOACH_RATE_LIMIT_CACHE == DATABASE:
            expires = (window + 1) * rate.seconds
            seen = _count_in_database(key, expires=expires, now=now)
        else:
            store = caches[settings.TEAMCOACH_RATE_LIMIT_CACHE]
            seen = _count(store, key, rate.seconds + 1)
    except DatabaseError as error:
        logger.warning("Rate limit %r not counted (%s): request allowed.", scope, error)
        return 0
    if seen <= rate.count:
        return 0
    return max(1, int((window + 1) * rate.seconds - now + 0.999))


#: Reads that ``counted_by_view`` lets the view count where its work starts.
SAFE_METHODS = frozenset({"GET", "HEAD"})

#: The request's uncounted allowance, for :func:`spend` (set by ``rate_limit``).
PENDING_ATTRIBUTE = "rate_limit_pending"


class OverLimit(Exception):
    """Raised by :func:`spend` past the limit; ``rate_limit`` answers it with a 429."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


def spend(request: HttpRequest) -> None:
    """Count this request here, where its work starts (a ``counted_by_view`` read).

    Raises :class:`OverLimit` past the limit, before the work. Once per request; does
    nothing for a request already counted or not limited.
    """
    count = getattr(request, PENDING_ATTRIBUTE, None)
    if count is None:
        return
    setattr(request, PENDING_ATTRIBUTE, None)
    if wait := count():
        raise OverLimit(wait)


#: ``TEAMCOACH_RATE_LIMIT_CACHE`` for counters in the database table instead of a cache.
DATABASE = "database"


def _count_in_database(key: str, *, expires: int, now: float) -> int:
    """One atomic statement per request (SQLite ≥ 3.35 and PostgreSQL both have UPSERT with
    RETURNING); the first request of a window also clears the windows that are over."""
    from .models import RateCount

    q = connection.ops.quote_name
    table = q(RateCount._meta.db_table)
    count_ = q("count")
    sql = (
        f"INSERT INTO {table} ({q('key')}, {count_}, {q('expires')}) VALUES (%s, 1, %s) "  # noqa: S608 # nosec B608
        f"ON CONFLICT ({q('key')}) DO UPDATE SET {count_} = {table}.{count_} + 1 "
        f"RETURNING {count_}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, expires])
        (count,) = cursor.fetchone()
        if count == 1:
            cursor.execute(f"DELETE FROM {table} WHERE {q('expires')} < %s", [int(now)])  # noqa: S608 # nosec B608
    return int(count)


def _count(store: Any, key: str, timeout: int) -> int:
    # add() is atomic in every cache backend; incr() is atomic in Redis and locmem.
    if store.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(store.incr(key))
    except ValueError:  # expired between add and incr
        store.add(key, 1, timeout=timeout)
        return 1


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The 429 page (or problem+json for the API and JSON clients), with Retry-After."""
    if request.path_info.startswith("/api/") or wants_problem_json(
        request, ["text/html", "application/json", "application/problem+json"]
    ):
        detail = _("Too many requests; wait %(seconds)s s and try again.") % {
            "seconds": retry_after
        }
        return problem_response(
            429, _("Too many requests"), detail=detail, Retry_After=str(retry_after)
        )
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(
    scope: str,
    *,
    rate: str | None = None,
    methods: Iterable[str] | None = None,
    per: Iterable[str] = ("user", "ip"),
    counted_by_view: bool = False,
) -> Callable[[View], View]:
    """Limit a view to ``rate`` (default ``settings.TEAMCOACH_RATE_LIMITS[scope]``).

    ``per`` counts separately per signed-in user (``"user"``), per client address
    (``"ip"``) and per value of a POSTed field (``"field:username"``: per account on a
    login form); a request is refused when any of its counters is over. ``methods``
    restricts counting (e.g. only POST for a login form, so showing the form stays free).

    ``counted_by_view``: for a view that may answer 304 or from the page cache itself
    (the API's lineup and team list), a GET is counted where the view calls
    :func:`spend`, past its validator: a 304 or a kept answer spends no allowance, as
    the pages' limits sit inside their ``build``. A read that never reached it (a 404)
    is counted after the view, and refused if that was one too many.
    """
    counted = {m.upper() for m in methods} if methods else None
    per = tuple(per)

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if counted is not None and request.method not in counted:
                return view(request, *args, **kwargs)
            limit = parse_rate(rate or settings.TEAMCOACH_RATE_LIMITS[scope])
            count = functools.partial(_count_all, scope, request, per, limit)
            if not counted_by_view or request.method not in SAFE_METHODS:
                wait = count()
                return too_many_requests(request, wait) if wait else view(request, *args, **kwargs)
            setattr(request, PENDING_ATTRIBUTE, count)
            try:
                response = view(request, *args, **kwargs)
                if response.status_code != 304 and not served_kept(response):
                    spend(request)  # no-op when the view counted where its work started
                return response
            except OverLimit as over:
                return too_many_requests(request, over.wait)
            finally:
                setattr(request, PENDING_ATTRIBUTE, None)

        return wrapped

    return decorator


def _count_all(scope: str, request: HttpRequest, per: tuple[str, ...], limit: Rate) -> int:
    """Count the request once per identity (worked out only when it is counted); the
    longest wait, or 0 while allowed."""
    who = [w for w in (_identity(request, kind) for kind in per) if w]
    return max((hit(scope, w, limit) for w in who), default=0)


def _identity(request: HttpRequest, kind: str) -> str:
    if kind.startswith("field:"):
        # Per account on a login form: the name typed, whoever types it, from anywhere.
        value = request.POST.get(kind.removeprefix("field:"), "").strip().casefold()
        return f"{kind}:{value}" if value else ""
    if kind == "ip":
        return "ip:" + client_ip(request)
    if kind == "user":
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return ""
    raise ValueError(f"Unknown rate-limit key {kind!r}: use 'user', 'ip' or 'field:<name>'.")
