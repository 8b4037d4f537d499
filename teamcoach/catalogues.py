"""The translation catalogues: refreshed from the code, compiled for the server.

``teamcoach messages`` (``make messages``) collects every marked string of the
code and templates into ``locale/<lang>/LC_MESSAGES/django.po`` for each language
but English (the source language); translate what comes out empty or fuzzy, and
``teamcoach/tests/test_catalogues.py`` fails until every one is. ``teamcoach setup``
and the test set-up compile the ``.mo`` files, which are not kept in git.
The JavaScript takes its words from the templates (``data-`` attributes), so
there is no ``djangojs`` catalogue.
"""

from __future__ import annotations

from contextlib import chdir
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

#: Every language of settings.LANGUAGES but the source one.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
#: Folders whose strings no user sees (or that are not ours).
IGNORE = [
    ".venv",
    "node_modules",
    "var",
    "locale",
    "build",
    "dist",
    "tests",
    "*/tests",
    "bench",
    "devtools",
    "docs",
    "deploy",
    "scripts",
    "conftest.py",
    "manage.py",
]


def update(into: Path | None = None, *, verbosity: int = 0) -> None:
    """Collect the marked strings into the catalogues (``into``: another locale folder)."""
    options = {
        "locale": TRANSLATED,
        "ignore_patterns": IGNORE,
        "no_obsolete": True,
        "add_location": "file",  # no line numbers: fewer conflicts between branches
        "verbosity": verbosity,
    }
    base = Path(settings.BASE_DIR)
    with chdir(base), override_settings(LOCALE_PATHS=[into or base / "locale"]):
        call_command("makemessages", **options)


def compile_all(*, verbosity: int = 0) -> None:
    """Compile the ``.po`` files of ``locale/`` into the ``.mo`` files Django reads."""
    # makemessages and compilemessages walk the current directory.
    with chdir(settings.BASE_DIR):
        call_command("compilemessages", ignore_patterns=IGNORE[:4], verbosity=verbosity)
