"""The first day, in a real browser on a phone (390 × 844), end to end.

Sign up, confirm by the link in the mail file (signed in at once), create a club (its
URL name filled in from the name), a team with the formation picker, a player with two
positions added in place, two-factor login set up on the one phone (the otpauth:// link's
secret, turned into a code by allauth's own TOTP functions), an assistant invited with
the default role — and the invitee signs up from the link without confirming again.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from devtools.live import Server
from tests.conftest import (
    PHONE,
    assert_no_axe_violations,
    confirm_by_mail,
    mailed_link,
    open_menu,
    sign_up,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

COACH, ADDRESS = "firstday", "first-day@example.org"
INVITEE = "first-day-assistant@example.org"


def code_from(otpauth: str) -> str:
    """What the authenticator app would show for this otpauth:// link now."""
    secret = parse_qs(urlparse(otpauth).query)["secret"][0]
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_new_coachs_first_day_on_a_phone(browser, server: Server):
    context = browser.new_context(viewport=PHONE)
    page, base = context.new_page(), server.url

    # Sign up; the confirmation link in var/mail/ signs in at once.
    page.goto(f"{base}/accounts/signup/")
    sign_up(page, COACH, ADDRESS)
    assert page.get_by_role("heading", level=1).inner_text() == "Verify your e-mail address"
    confirm_by_mail(page, server, ADDRESS)
    page.wait_for_url(f"**/profiles/{COACH}/")
    open_menu(page)
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert_no_axe_violations(page)

    # A club: the URL name fills in from the name, with the address it makes.
    page.get_by_role("link", name="Create a club").click()
    page.get_by_label("Name", exact=True).fill("Riverside Rovers")
    assert page.get_by_label("URL name").input_value() == "riverside-rovers"
    assert "/clubs/riverside-rovers/" in page.locator("#id_slug_helptext").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Create the club").click()
    page.wait_for_url("**/clubs/riverside-rovers/")

    # The club has no team: its page says so and offers the first one.
    page.get_by_role("link", name="Add the first team").click()
    page.get_by_label("Name", exact=True).fill("U10")
    assert page.get_by_label("URL name").input_value() == "riverside-rovers-u10"
    assert "/best/riverside-rovers-u10/" in page.locator("#id_slug_helptext").inner_text()
    page.get_by_label("Team type", exact=True).select_option("junior")
    page.get_by_label("Age group").select_option("U10")
    page.get_by_label("Players on the field").fill("7")
    # The formations follow the sport at once.
    page.get_by_label("Sport", exact=True).select_option("basketball")
    assert page.get_by_label("2 guards, 2 forwards, centre").is_visible()
    assert not page.get_by_label("4-4-2").is_visible()
    page.get_by_label("Sport", exact=True).select_option("football")
    page.get_by_label("2-3-1 (7-a-side)").check()
    assert page.locator(".formation-choice:has(input:checked) svg circle").count() == 7
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Create the team").click()
    page.wait_for_url("**/teams/riverside-rovers-u10/manage/")
    assert "U10 was created." in page.get_by_role("status").inner_text()

    # A player with two positions: the second row is added in place.
    assert "No players yet." in page.get_by_role("region", name="Squad").inner_text()
    page.get_by_role("link", name="Add a player").click()
    form_url = page.url
    page.get_by_label("Name", exact=True).fill("Gina Keeper")
    page.get_by_label("Shirt number").fill("1")
    page.locator("#id_positions-0-position").select_option("GK")
    page.locator("#id_positions-0-rating").fill("80")
    page.get_by_role("button", name="Add another position").click()
    assert page.url == form_url and page.locator("[data-position-rows] .position-row").count() == 2
    assert page.evaluate("document.activeElement.id") == "id_positions-1-position"
    # On a phone the position select takes the row's whole width: no name cut short.
    select = page.locator("#id_positions-1-position").bounding_box()
    row = page.locator("[data-position-rows] .position-row").nth(1).bounding_box()
    assert select and row and select["width"] >= row["width"] - 1
    page.locator("#id_positions-1-position").select_option("CB")
    page.locator("#id_positions-1-rating").fill("70")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save the player").click()
    page.wait_for_url("**/teams/riverside-rovers-u10/manage/")
    assert "GK 80 · CB 70" in page.get_by_role("region", name="Squad").inner_text()

    # Inviting needs two-factor login: set it up on this phone, then back to inviting.
    page.goto(f"{base}/clubs/riverside-rovers/")
    page.get_by_role("link", name="Invite coaches").click()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/?next=*")
    link = page.get_by_role("link", name="Open in your authenticator app")
    otpauth = link.get_attribute("href") or ""
    assert otpauth.startswith("otpauth://totp/")
    secret = parse_qs(urlparse(otpauth).query)["secret"][0]
    assert page.locator("#totp-secret").inner_text().replace(" ", "") == secret
    assert page.get_by_role("button", name="Copy the secret").is_visible()
    code = page.get_by_label("Authenticator code")
    assert code.get_attribute("inputmode") == "numeric"
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    assert_no_axe_violations(page)
    code.fill(code_from(otpauth))
    page.get_by_role("button", name="Turn on two-factor login").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/?next=*")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Continue where you were").click()
    page.wait_for_url("**/clubs/riverside-rovers/invitations/")

    # An assistant coach, the role chosen unless the admin picks another.
    assert page.get_by_label("Role").input_value() == "assistant"
    page.get_by_label("E-mail address").fill(INVITEE)
    page.get_by_role("button", name="Send the invitation").click()
    assert f"Invitation sent to {INVITEE}." in page.get_by_role("status").inner_text()
    context.close()

    # The invitee: the sign-up form comes filled in, and no second confirmation.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    invitation = mailed_link(server.var / "mail", INVITEE, "/invitations/")
    page.goto(invitation)
    page.get_by_role("link", name="Create an account").click()
    assert page.get_by_label("E-mail address").input_value() == INVITEE
    page.get_by_label("Username").fill("firstdayassistant")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(invitation)
    page.get_by_role("button", name="Accept the invitation").click()
    page.wait_for_url("**/clubs/riverside-rovers/")
    assert "Welcome to Riverside Rovers." in page.get_by_role("status").inner_text()
    assert "firstdayassistant — Assistant coach" in page.locator("main").inner_text()
    context.close()
