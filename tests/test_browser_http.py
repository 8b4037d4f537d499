"""In Chromium: the lineup card prints on one sheet; the resource pages pass axe-core."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("team", ["riverside-first-xi/11", "riverside-u09/7"])
def test_the_lineup_card_prints_on_one_sheet(page, server, paper, team):
    page.goto(f"{server.url}/best/{team}/card/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format=paper, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/teams/riverside-first-xi/",
        "/teams/riverside-first-xi/roster/",
        "/teams/riverside-first-xi/fixtures/",
        "/best/riverside-first-xi/11/card/",
    ],
)
def test_resource_pages_have_no_serious_accessibility_violations(page, server, path):
    page.goto(f"{server.url}{path}")
    assert_no_axe_violations(page)


def test_the_api_docs_render_offline_under_the_sites_csp(page, server):
    docs = page
    outside: list[str] = []
    docs.on("request", lambda r: None if r.url.startswith(server.url) else outside.append(r.url))
    errors: list[str] = []
    docs.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    docs.goto(f"{server.url}/api/v1/docs/")
    docs.wait_for_selector(".opblock", timeout=15000)
    assert docs.locator(".opblock").count() >= 25
    assert outside == [] and errors == []
