"""lineup/ names positions and formations in English; clubs.positions words them in the
reader's language, and must know every name lineup can produce."""

from __future__ import annotations

import re
import shutil

import pytest
from django.utils import translation

from clubs.positions import NAMES, formation_name, position_name
from conftest import require
from lineup.formations import FORMATIONS, OPEN_LABEL, POSITIONS, formation_for


@pytest.fixture(autouse=True)
def _translations_compiled() -> None:
    """These tests read German, French…: the compiled catalogues need GNU gettext."""
    require(shutil.which("msgfmt") is not None, "msgfmt (GNU gettext) is not installed")


def every_formation_name() -> set[str]:
    names = set()
    for sport in FORMATIONS:
        for size in range(1, 16):
            names.add(formation_for(sport, size).name)
        names.update(f.name for f in FORMATIONS[sport])
    return names


def test_every_position_name_of_lineup_has_a_translation():
    labels = {label for names in POSITIONS.values() for label in names.values()} | {OPEN_LABEL}
    assert labels <= set(NAMES), sorted(labels - set(NAMES))


@pytest.mark.parametrize("language", ["de", "fr", "es", "nl"])
def test_every_position_reads_in_the_language(language):
    with translation.override(language):
        untranslated = [label for label in NAMES if position_name(label) == label]
    # Loanwords: the same word in English and in some of these languages.
    loanwords = {"libero", "centre", "shooting guard", "small forward", "power forward"}
    assert set(untranslated) <= loanwords, untranslated


def test_english_keeps_lineups_own_names():
    with translation.override("en"):
        assert position_name("centre back") == "centre back"
        assert formation_name("2-3-1 (7-a-side)") == "2-3-1 (7-a-side)"
        assert formation_name("7 from 2-1-1 (5-a-side)") == "7 from 2-1-1 (5-a-side)"


@pytest.mark.parametrize("language", ["de", "fr", "es", "nl"])
def test_no_formation_name_is_left_in_english(language):
    english = re.compile(r"\b(a-side|from|open|guards|forwards|defence)\b")
    with translation.override(language):
        left = [
            (name, formation_name(name))
            for name in every_formation_name()
            if english.search(formation_name(name))
        ]
    assert left == []


def test_a_german_coach_reads_german_positions_and_formations():
    with translation.override("de"):
        assert position_name("goalkeeper") == "Torwart"
        assert formation_name("2-3-1 (7-a-side)") == "2-3-1 (7er-Fußball)"
        assert position_name("unknown thing") == "unknown thing"
