"""In a real browser: a coach signs up, confirms the e-mail from the mail folder, creates a club.

The live server (`teamcoach serve`) runs the task worker beside granian, so the
confirmation mail is written by the worker to var/mail/ — where `make run` puts it.
The whole first day (two-factor, an invitation) is tests/test_browser_first_day.py.
"""

from __future__ import annotations

import pytest

from devtools.live import Server
from tests.conftest import (
    assert_no_axe_violations,
    confirm_by_mail,
    open_menu,
    sign_in,
    sign_up,
)

pytestmark = pytest.mark.browser


def test_a_coach_signs_up_confirms_the_mail_and_creates_a_club(page, server: Server):
    address = "browser-coach@example.org"
    page.goto(f"{server.url}/")
    open_menu(page)
    page.get_by_role("link", name="Sign up").click()
    assert_no_axe_violations(page)
    sign_up(page, "browsercoach", address)
    assert page.get_by_role("heading", level=1).inner_text() == "Verify your e-mail address"

    confirm_by_mail(page, server, address)  # in this browser: signed in at once
    page.wait_for_url("**/profiles/browsercoach/")
    assert (
        "You have confirmed browser-coach@example.org." in page.get_by_role("status").inner_text()
    )
    assert_no_axe_violations(page)

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{server.url}/**")
    open_menu(page)
    page.get_by_role("link", name="Sign in").click()
    sign_in(page, address)  # the address works as well as the username
    page.wait_for_url("**/profiles/browsercoach/")

    page.get_by_role("link", name="Create a club").click()
    page.get_by_label("Name", exact=True).fill("Browser Town FC")
    page.get_by_label("URL name").fill("browser-town")  # typed: the coach's choice wins
    page.get_by_label("Name", exact=True).fill("Browser Town Football Club")
    assert page.get_by_label("URL name").input_value() == "browser-town"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Create the club").click()
    page.wait_for_url("**/clubs/browser-town/")
    assert page.get_by_role("heading", level=1).inner_text() == "Browser Town Football Club"
    assert "you are its admin" in page.get_by_role("status").inner_text()
    assert_no_axe_violations(page)
