"""In a real browser (Debian's Chromium driven by playwright): the coach's first visit.

Also runs axe-core (from npm, installed by `make`) over the main pages: no serious
or critical accessibility violations.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import require
from devtools.live import Server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require(
        Path(CHROMIUM).exists() or bool(shutil.which("chromium")),
        "Debian's Chromium is not installed (apt-get install chromium)",
    )
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server: Server):
    # A phone-sized window: coaches use teamcoach at the pitch side.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_a_coach_picks_a_team_and_size_and_sees_the_lineup(page, server):
    page.goto(f"{server.url}/best/")
    page.get_by_label("Team").select_option("riverside-first-xi")
    # The small script fills in the team's usual size; the coach changes it anyway.
    assert page.get_by_label("Players on the field").input_value() == "11"
    page.get_by_label("Players on the field").fill("9")
    page.get_by_role("button", name="Show the best lineup").click()
    page.wait_for_url("**/best/riverside-first-xi/9/")
    assert page.get_by_role("heading", level=1).inner_text() == "Best 9 for Riverside First XI"
    assert page.locator("svg.pitch g.marker").count() == 9
    assert page.get_by_role("heading", name="Bench").is_visible()


def test_a_bad_size_is_explained_next_to_the_field(page, server):
    page.goto(f"{server.url}/best/")
    page.get_by_label("Team").select_option("riverside-u09")
    page.get_by_label("Players on the field").fill("40")
    page.get_by_role("button", name="Show the best lineup").click()
    assert "No sport here fields more than 30 players." in page.locator("#show-errors").inner_text()
    assert page.get_by_label("Players on the field").input_value() == "40"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/best/",
        "/best/junior/",
        "/best/riverside-first-xi/11/",
        "/best/riverside-ravens/5/",
        "/best/no-such-team/5/",
    ],
)
def test_pages_have_no_serious_accessibility_violations(page, server, path):
    require(AXE.exists(), "axe-core is not installed (npm ci)")
    page.goto(f"{server.url}{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
