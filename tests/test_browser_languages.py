"""In a real browser on a phone: the language follows the browser's, the footer's switch
changes it without JavaScript, and the main pages read in German. Screenshots of the
lineup, rotation, fairness and import pages at 390 px, in English and German, go to
var/screenshots/ (git ignores it) for a person to look at."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import require
from devtools.live import ROOT
from tests.conftest import PHONE, assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _translations_compiled() -> None:
    """These tests read German, French…: the compiled catalogues need GNU gettext."""
    require(shutil.which("msgfmt") is not None, "msgfmt (GNU gettext) is not installed")


SHOTS = ROOT / "var" / "screenshots"


def shoot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_a_german_browser_gets_german_and_the_switch_turns_it_to_french(browser, server):
    context = browser.new_context(viewport=PHONE, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/best/riverside-first-xi/11/")
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.get_by_role("heading", name=re.compile("^Beste 11 für")).is_visible()
        switch = page.get_by_role("group", name="Sprache")
        assert switch.get_by_role("button", name="Deutsch").get_attribute("aria-current") == "true"
        switch.get_by_role("button", name="Français").click()  # a plain form post: no script
        page.wait_for_url("**/best/riverside-first-xi/11/")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.get_by_role("heading", name=re.compile("^Les 11 meilleurs pour")).is_visible()
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert cookies["django_language"] == "fr"
        page.goto(f"{server.url}/best/")  # remembered on the next page
        assert page.locator("html").get_attribute("lang") == "fr"
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_main_pages_at_phone_width(browser, server, language):
    context = browser.new_context(viewport=PHONE, locale=language)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/best/riverside-u09/7/")
        assert page.locator("html").get_attribute("lang") == language
        shoot(page, f"{language}-lineup")
        assert_no_axe_violations(page)
        rotation = (
            "Rotation plan for this game" if language == "en" else "Wechselplan für dieses Spiel"
        )
        page.get_by_role("link", name=rotation).click()
        page.wait_for_url(re.compile(r".*/teams/riverside-u09/games/\d+/rotation/$"))
        shoot(page, f"{language}-rotation")
        assert_no_axe_violations(page)
        page.goto(f"{server.url}/teams/riverside-u09/fairness/")
        shoot(page, f"{language}-fairness")
        assert_no_axe_violations(page)
        if language == "de":
            body = page.locator("main").inner_text()
            assert "Fairness über die Saison" in body and "Minuten" in body
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_import_page_at_phone_width(coach_page, writes_server, language):
    coach_page.context.set_extra_http_headers({"Accept-Language": language})
    coach_page.goto(f"{writes_server.url}/teams/riverside-first-xi/import/roster/")
    assert coach_page.locator("html").get_attribute("lang") == language
    if language == "de":
        assert coach_page.get_by_role("heading", name="Kader importieren").is_visible()
    shoot(coach_page, f"{language}-import")
    assert_no_axe_violations(coach_page)
