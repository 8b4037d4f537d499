"""The translation catalogues are complete: every marked string of the code and
templates is in locale/<lang>/LC_MESSAGES/django.po, translated, not fuzzy, with the
same placeholders; and msgfmt accepts each file. `make messages` refreshes them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from conftest import require
from teamcoach import catalogues

LOCALE = Path(settings.BASE_DIR) / "locale"
#: A python-format placeholder: %(name)s, %d, %s or the escaped %%.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd%]")


def entries(po: Path) -> dict[tuple[str, str, str], dict[str, object]]:
    """(msgctxt, msgid, msgid_plural) → {"msgstr": [...], "fuzzy": bool}, from a .po file."""
    found: dict[tuple[str, str, str], dict[str, object]] = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key, fuzzy = "", False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#"):
                continue
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = _unquote(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += _unquote(line[1:-1])
        if fields.get("msgid"):
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            ident = (fields.get("msgctxt", ""), fields["msgid"], fields.get("msgid_plural", ""))
            found[ident] = {"msgstr": strs, "fuzzy": fuzzy}
    return found


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    """A .po string's escapes (\\n, \\t, \\", \\\\) as the characters they stand for."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogues as `make messages` would write them now, in a folder of their own."""
    require(shutil.which("xgettext") is not None, "xgettext (GNU gettext) is not installed")
    copy = catalogues.source_copy(tmp_path_factory.mktemp("catalogues"))
    catalogues.update(copy)
    return copy / "locale"


def test_there_is_a_catalogue_for_every_language_but_english():
    assert catalogues.TRANSLATED == ["de", "fr", "es", "nl"]
    for language in catalogues.TRANSLATED:
        assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file(), language


@pytest.mark.parametrize("language", ["de", "fr", "es", "nl"])
def test_every_string_of_the_code_is_in_the_committed_catalogue(fresh, language):
    wanted = set(entries(fresh / language / "LC_MESSAGES" / "django.po"))
    committed = set(entries(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = sorted(msgid for _ctx, msgid, _plural in wanted - committed)
    assert not missing, (
        f"{len(missing)} string(s) of the code are not in locale/{language}: run "
        f"`make messages` and translate them. First ones: {missing[:5]}"
    )


@pytest.mark.parametrize("language", ["de", "fr", "es", "nl"])
def test_every_string_is_translated_and_none_is_fuzzy(language):
    found = entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(found) > 500
    untranslated = [m for (_c, m, _p), e in found.items() if not all(e["msgstr"])]
    fuzzy = [m for (_c, m, _p), e in found.items() if e["fuzzy"]]
    assert not untranslated, f"empty in {language}: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:5]}"


@pytest.mark.parametrize("language", ["de", "fr", "es", "nl"])
def test_each_translation_keeps_the_placeholders_of_its_original(language):
    for (_ctx, msgid, plural), entry in entries(
        LOCALE / language / "LC_MESSAGES" / "django.po"
    ).items():
        strings = entry["msgstr"]
        assert isinstance(strings, list)
        if plural:
            # The singular may leave the count out ("one player"); the other forms may not.
            assert all(placeholders(s) == placeholders(plural) for s in strings[1:]), msgid
        else:
            assert placeholders(strings[0]) == placeholders(msgid), msgid


@pytest.mark.parametrize("language", ["de", "fr", "es", "nl"])
def test_msgfmt_accepts_the_catalogue(language, tmp_path):
    require(shutil.which("msgfmt") is not None, "msgfmt (GNU gettext) is not installed")
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
