"""Small security helpers shared by every app: safe redirects and log redaction.

``safe_next()`` is the one way to follow a ``next=`` parameter; ``RedactTokensFilter``
keeps secret tokens in URLs (calendar feeds, availability answers, invitations,
password resets) out of every log line. docs/security.md lists where each is used.
"""

from __future__ import annotations

import logging
import re
import secrets

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

__all__ = ["REDACTED", "RedactTokensFilter", "csv_safe", "new_token", "redact", "safe_next"]

REDACTED = "[redacted]"


def safe_next(request: HttpRequest, target: str | None, fallback: str = "/") -> str:
    """``target`` if it stays on this site (same host; https if the request is), else ``fallback``.

    Refuses ``//evil.example``, ``https://evil.example``, ``javascript:…``, ``\\\\evil``
    and anything with control characters: the open-redirect threat.
    """
    if not target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return fallback
    allowed = url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    )
    return target if allowed else fallback


def new_token() -> str:
    """An unguessable token for a URL (answers, calendar feeds, invitations): 192 random bits.

    32 URL-safe characters, so ``RedactTokensFilter`` recognises it in log lines.
    Store it in a ``CharField(max_length=43, unique=True)``; revoke by replacing it.
    """
    return secrets.token_urlsafe(24)


#: Spreadsheets run a cell starting with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text, never runs as a formula.

    A leading ``'`` is OWASP's advice: ``=HYPERLINK(...)`` becomes ``'=HYPERLINK(...)``.
    Numbers stay numbers (``-3`` is a goal difference, not a formula).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_unsafe(cell: str) -> str:
    """The text :func:`csv_safe` wrote a cell for: an imported export reads as exported."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


#: A secret-looking path segment after a known token-carrying prefix, or a query
#: parameter whose name says it carries a secret. Tokens are ≥ 16 URL-safe characters.
#: The same inside a ``?next=`` value, where the slashes are percent-encoded. Every URL
#: pattern with a ``token`` or ``key`` parameter must be covered here and in nginx's
#: log map (tests/security/test_token_urls.py finds them in the URL resolver).
_PATH_TOKEN = re.compile(
    r"(?P<prefix>(?:/|%2F)(?:a|answer|answers|ics|calendar|feed|invite|invitation|invitations"
    r"|reset|password(?:/|%2F)reset(?:/|%2F)key|confirm-email|accounts(?:/|%2F)confirm-email"
    r"|share|s|t|token)(?:/|%2F))"
    r"(?P<token>[A-Za-z0-9_\-:.]{16,})",
    re.IGNORECASE,
)
_QUERY_TOKEN = re.compile(
    r"(?P<prefix>[?&;](?:token|key|secret|signature|sig|code|auth|access_token|password)=)"
    r"(?P<token>[^&;\s\"']+)",
    re.IGNORECASE,
)
# Django's own password-reset links: /reset/<uidb64>/<token>/.
_RESET_TOKEN = re.compile(r"(?P<prefix>/reset/[A-Za-z0-9_\-]+/)(?P<token>[A-Za-z0-9_\-]{16,})")


def redact(text: str) -> str:
    """``text`` with every token-looking URL part replaced by ``[redacted]``."""
    text = _RESET_TOKEN.sub(lambda m: m["prefix"] + REDACTED, text)
    text = _PATH_TOKEN.sub(lambda m: m["prefix"] + REDACTED, text)
    return _QUERY_TOKEN.sub(lambda m: m["prefix"] + REDACTED, text)


class RedactTokensFilter(logging.Filter):
    """A logging filter that rewrites the message (and its arguments) without tokens.

    Attached to the console handler in settings.LOGGING, so django.request,
    django.server, granian and every app logger pass through it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        # django.request attaches the request itself; its path is printed by some formatters.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request_path = redact(request.get_full_path())
        return True
