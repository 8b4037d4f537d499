"""The translation catalogues: refreshed from the code, compiled for the server.

``teamcoach messages`` (``make messages``) collects every marked string of the
code and templates into ``locale/<lang>/LC_MESSAGES/django.po`` for each language
but English (the source language); translate what comes out empty or fuzzy, and
``tests/test_catalogues.py`` fails until every one is. ``teamcoach setup``
and the test set-up compile the ``.mo`` files, which are not kept in git.
``locale/compendium/<lang>.po`` holds translations made ahead of their code (strings of
branches not merged yet): ``teamcoach messages`` fills a new, empty entry from there,
so a merge brings its strings already translated when they are worded as expected.
The JavaScript takes its words from the templates (``data-`` attributes), so
there is no ``djangojs`` catalogue.
"""

from __future__ import annotations

import shutil
import sys
from contextlib import chdir
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages
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


class _MakeMessages(makemessages.Command):
    """makemessages that lets msgmerge take a new string's translation from
    ``locale/compendium/<lang>.po`` (translations made ahead, e.g. for another branch's
    strings before it is merged): what it fills is translated at once, not left empty."""

    def write_po_file(self, potfile: str, locale: str) -> None:
        compendium = Path(settings.BASE_DIR) / "locale" / "compendium" / f"{locale}.po"
        default = makemessages.Command.msgmerge_options
        if compendium.exists():
            self.msgmerge_options = [*default, f"--compendium={compendium}"]
        try:
            super().write_po_file(potfile, locale)
        finally:
            self.msgmerge_options = default


def update(root: Path | None = None, *, verbosity: int = 0) -> None:
    """Collect the marked strings of the tree at ``root`` (the project) into its
    ``locale/<lang>/LC_MESSAGES/django.po`` files, keeping what is translated."""
    root = Path(root or settings.BASE_DIR)
    options = {
        "locale": TRANSLATED,
        "ignore_patterns": IGNORE,
        "no_obsolete": True,
        "add_location": "file",  # no line numbers: fewer conflicts between branches
        "verbosity": verbosity,
    }
    # makemessages walks the current directory and writes to the locale/ folder it finds.
    with chdir(root), override_settings(LOCALE_PATHS=[root / "locale"]):
        call_command(_MakeMessages(), **options)


def source_copy(into: Path) -> Path:
    """A copy of the project's source, without its catalogues: ``update(copy)`` then
    shows what the catalogues should hold, and the committed ones stay untouched."""
    copy = into / "source"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(*IGNORE, ".git", ".*", "__pycache__", "*.mo"),
    )
    return copy


def compile_all(*, verbosity: int = 0) -> bool:
    """Compile the ``.po`` files of ``locale/`` into the ``.mo`` files Django reads.

    Without GNU gettext's msgfmt the site still runs, in English only: say so and go on
    (False), rather than stop a first ``make run``."""
    if shutil.which("msgfmt") is None:
        print(
            "teamcoach: msgfmt not found (install gettext: apt-get install gettext); "
            "the site runs in English until the translations are compiled.",
            file=sys.stderr,
        )
        return False
    # makemessages and compilemessages walk the current directory.
    with chdir(settings.BASE_DIR):
        call_command("compilemessages", ignore_patterns=IGNORE[:4], verbosity=verbosity)
    return True
