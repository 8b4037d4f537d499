"""In a real browser, at phone width and without JavaScript doing the work: the demo
coach records last week's game — 2–1, a scorer with an assist, an unplanned
substitution — and the season page shows it. axe-core over both pages."""

from __future__ import annotations

import os

import pytest

from devtools.live import Server
from tests.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

TEAM = "riverside-first-xi"


def test_a_coach_records_the_latest_game_and_the_season_page_counts_it(
    coach_page, writes_server: Server
):
    page, base = coach_page, writes_server.url
    page.goto(f"{base}/teams/{TEAM}/manage/")
    played = page.get_by_role("region", name="Past games")
    played.get_by_role("link", name="Record the result").first.click()
    page.wait_for_url("**/result/")
    assert_no_axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the result page scrolls sideways at phone width ({width}px)"

    page.get_by_label("Our goals").fill("2")
    page.get_by_label("Their goals").fill("1")
    page.get_by_role("button", name="Save the score").click()
    page.get_by_text("Result saved: 2–1").wait_for()

    goal = page.locator("form.event-form").nth(0)
    goal.get_by_label("Minute").fill("27")
    scorer = goal.get_by_label("Scorer").locator("option").nth(1).get_attribute("value")
    helper = goal.get_by_label("Assist").locator("option").nth(2).get_attribute("value")
    goal.get_by_label("Scorer").select_option(scorer)
    goal.get_by_label("Assist").select_option(helper)
    goal.get_by_role("button", name="Add the goal").click()
    page.get_by_text("Recorded: 27' Goal").wait_for()

    sub = page.locator("form.event-form").nth(2)
    sub.get_by_label("or period").fill("2")
    on = sub.get_by_label("Player on").locator("option").last.get_attribute("value")
    sub.get_by_label("Player on").select_option(on)
    starters = page.locator("input[name=starters]:checked")
    off = starters.first.get_attribute("value")
    sub.get_by_label("Player off").select_option(off)
    sub.get_by_role("button", name="Add the substitution").click()
    page.get_by_text("Recorded: 45' Substitution").wait_for()

    page.get_by_role("button", name="Save the starters").click()
    page.get_by_text("Starters saved: 11 players.").wait_for()
    assert page.get_by_role("heading", name="Minutes played").is_visible()
    if os.environ.get("TEAMCOACH_SCREENSHOTS"):
        page.screenshot(path=os.environ["TEAMCOACH_SCREENSHOTS"] + "/result.png", full_page=True)

    page.get_by_role("link", name="Season", exact=True).first.click()
    page.wait_for_url(f"**/teams/{TEAM}/season/")
    assert "6 games:" in page.locator("h1 + p").inner_text()
    assert page.locator("svg.season-chart rect").count() > 11
    assert_no_axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the season page scrolls sideways at phone width ({width}px)"
    if os.environ.get("TEAMCOACH_SCREENSHOTS"):
        page.screenshot(path=os.environ["TEAMCOACH_SCREENSHOTS"] + "/season.png", full_page=True)
