"""Configuration mistakes of a bigger set-up, refused at start with a clear message.

`teamcoach serve` and `teamcoach worker` run Django's system checks before they
start (so does `teamcoach check`): an error here stops them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def shared_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Several hosts on one database must share one secret key.

    Without ``TEAMCOACH_SECRET_KEY`` each host generates its own in its var/ folder:
    a session signed on host A is refused (and flushed) on host B, logging the
    person out everywhere. The embedded SQLite set-up is one host, so it may.
    """
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return []
    if settings.TEAMCOACH_SECRET_KEY_FROM_ENV:
        return []
    return [
        Error(
            "DATABASE_URL names a shared database but TEAMCOACH_SECRET_KEY is not set, so "
            "this host would use its own key from var/secret_key and log people out of "
            "the other hosts.",
            hint="Set the same TEAMCOACH_SECRET_KEY (50+ random characters) on every host "
            "(docs/deploy.md).",
            id="teamcoach.E001",
        )
    ]
