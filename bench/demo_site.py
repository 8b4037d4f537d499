"""The demo site in this process, for the in-process bench scripts.

A throw-away SQLite database in a temporary ``var/`` folder, migrated and filled by
``teamcoach demo`` (the same code ``make run`` uses), Django's test client allowed in,
static files by plain names — so the scripts measure what a request costs, not how the
bench set itself up.
"""

from __future__ import annotations

import os
import tempfile


def start_demo_site(**environ: str) -> str:
    """Set Django up on a fresh copy of the demo; ``environ``: extra settings (e.g. rates).
    Returns the temporary ``var/`` folder (the caller removes it)."""
    var = tempfile.mkdtemp()
    os.environ.update(TEAMCOACH_VAR_DIR=var, DJANGO_SETTINGS_MODULE="teamcoach.settings")
    os.environ.update(environ)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    return var
