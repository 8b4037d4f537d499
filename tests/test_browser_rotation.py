"""In a real browser: a junior coach opens the next game's rotation plan and prints the card."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_a_junior_team_gets_a_proven_fair_plan_and_a_one_page_print_card(page, server):
    page.goto(f"{server.url}/best/riverside-u09/7/")
    page.get_by_role("link", name="Rotation plan for this game").click()
    page.wait_for_url(re.compile(r".*/teams/riverside-u09/games/\d+/rotation/$"))
    certificate = page.locator("#certificate").inner_text()
    assert certificate.startswith("Everyone plays ")
    assert certificate.endswith("no plan can do better.")
    assert page.locator("table.rotation-grid tbody tr").count() >= 7
    assert page.get_by_role("heading", name="Substitutions at each break").is_visible()

    page.get_by_role("link", name="Print card").click()
    page.wait_for_url(re.compile(r".*/rotation/card/$"))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("table.rotation-grid").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one A4 page


@pytest.mark.parametrize("path", ["rotation/", "rotation/card/", "rotation/compliance/"])
def test_rotation_pages_have_no_serious_accessibility_violations(page, server, path):
    page.goto(f"{server.url}/best/riverside-u09/7/")
    href = page.get_by_role("link", name="Rotation plan for this game").get_attribute("href")
    page.goto(f"{server.url}{href}{path.removeprefix('rotation/')}")
    assert_no_axe_violations(page)


def test_the_fairness_ledger_has_no_serious_accessibility_violations(page, server):
    page.goto(f"{server.url}/teams/riverside-u09/fairness/")
    assert page.locator("figure.ledger-chart svg").is_visible()
    assert_no_axe_violations(page)
