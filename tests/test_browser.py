"""In a real browser (Debian's Chromium driven by playwright): the coach's first visit.

Also runs axe-core (from npm, installed by `make test`) over the main pages: no serious
or critical accessibility violations.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


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
    page.goto(f"{server.url}{path}")
    assert_no_axe_violations(page)
