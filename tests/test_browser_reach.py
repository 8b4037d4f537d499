"""In a real browser on a phone: the coach adds a parent as a contact, shares the lineup
and sends it; the parent opens the mail's links without an account."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from devtools.live import Server
from tests.conftest import PHONE, assert_no_axe_violations, mailed_link

pytestmark = pytest.mark.browser

TEAM = "riverside-first-xi"
SHOTS = os.environ.get("TEAMCOACH_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_a_parent_gets_the_lineup_and_answers_without_an_account(
    coach_page, browser, writes_server: Server
):
    page, base = coach_page, writes_server.url
    page.goto(f"{base}/teams/{TEAM}/manage/")
    page.get_by_role("region", name="Squad").locator("a.team-link").first.click()
    player = page.get_by_label("Name", exact=True).input_value()

    # A contact, and a second row added in place by the script.
    page.get_by_label("Contact's name").first.fill("Pat Parent")
    page.get_by_label("E-mail", exact=True).first.fill("pat.parent@example.org")
    page.get_by_role("button", name="Add another contact").click()
    assert page.locator(".contact-row").count() == 2
    assert_no_axe_violations(page)
    shot(page, "player-form")
    page.get_by_role("button", name="Save the player").click()
    page.wait_for_url(f"**/teams/{TEAM}/manage/")

    page.get_by_role("region", name="Upcoming games").get_by_role(
        "link", name="Availability"
    ).first.click()
    page.get_by_role("button", name="Make a share link").click()
    assert "The share link is ready" in page.locator(".messages").inner_text()
    share_url = page.get_by_label("Share link").input_value()
    assert "/s/" in share_url
    page.get_by_role("button", name="Show the answer links to copy").click()
    assert page.get_by_label(player, exact=False).first.input_value().startswith(base + "/a/")
    assert_no_axe_violations(page)
    shot(page, "availability")
    page.get_by_role("button", name="Send the lineup").click()
    assert "The lineup is on its way" in page.locator(".messages").inner_text()
    # A second tap asks first.
    page.get_by_role("button", name="Send the lineup").click()
    assert "nothing was sent again" in page.locator(".messages").inner_text()

    # The parent: the mail's links, in a browser with no account.
    answer_url = mailed_link(writes_server.var / "mail", "pat.parent@example.org", "/a/")
    mailed_share = mailed_link(writes_server.var / "mail", "pat.parent@example.org", "/s/")
    assert mailed_share == share_url
    context = browser.new_context(viewport=PHONE)
    parent = context.new_page()
    response = parent.goto(share_url)
    assert response is not None and response.status == 200
    assert "Riverside First XI v" in parent.locator("h1").inner_text()
    assert parent.locator("ol.shared-lineup li").count() == 11
    assert "rated" not in parent.content()
    width = parent.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "no sideways scrolling on a phone"
    assert_no_axe_violations(parent)
    shot(parent, "share")

    parent.goto(answer_url)
    parent.get_by_role("button", name="Yes").click()
    assert "your answer is saved: Yes" in parent.locator(".messages").inner_text()
    assert parent.locator("ol.shared-lineup li").count() == 11
    assert_no_axe_violations(parent)
    shot(parent, "answer")
    context.close()
