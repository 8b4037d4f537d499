"""In a real browser at phone width: a parent without an account reads the demo's public
U09 lineup and squad, and sees the children by first name and initial (docs/privacy.md)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/best/riverside-u09/7/", "/teams/riverside-u09/roster/"])
def test_a_visitor_sees_junior_players_by_first_name_and_initial(page, server, path):
    page.goto(f"{server.url}{path}")
    text = page.locator("main").inner_text()
    assert "people outside the club see junior players without surnames" in text
    assert re.search(r"\b[A-Z][a-z]+ [A-Z]\.", text), text  # "Emma J."
    assert not re.search(r"rated|rating \d|stronger|injured|said no", text, re.I), text
    # Nothing wider than the phone (390 px).
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert_no_axe_violations(page)
