"""In a real browser: a coach signs up, confirms the e-mail from the mail folder, creates a club.

The live server (`teamcoach serve`) runs the task worker beside granian, so the
confirmation mail is written by the worker to var/mail/ — where `make run` puts it.
"""

from __future__ import annotations

import time

import pytest

from devtools.live import Server
from tests.conftest import (
    PHONE,
    assert_no_axe_violations,
    confirm_and_sign_in,
    mailed_link,
    sign_up,
    sign_up_and_sign_in,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_coach_signs_up_confirms_the_mail_and_creates_a_club(page, server: Server):
    address = "browser-coach@example.org"
    page.goto(f"{server.url}/")
    page.get_by_role("link", name="Sign up").click()
    assert_no_axe_violations(page)
    sign_up(page, "browsercoach", address)
    assert "Verify Your Email Address" in page.get_by_role("heading", level=1).inner_text()

    confirm_and_sign_in(page, server, address, address)  # signs in with the address
    page.wait_for_url("**/profiles/browsercoach/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Create a club").click()
    page.get_by_label("Name", exact=True).fill("Browser Town FC")
    page.get_by_label("URL name").fill("browser-town")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Create the club").click()
    page.wait_for_url("**/clubs/browser-town/")
    assert page.get_by_role("heading", level=1).inner_text() == "Browser Town FC"
    assert "you are its admin" in page.get_by_role("status").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{server.url}/**")
    assert page.get_by_role("link", name="Sign in").is_visible()


def totp_code(secret: str) -> str:
    import hashlib
    import hmac
    from base64 import b32decode

    digest = hmac.new(
        b32decode(secret), (int(time.time()) // 30).to_bytes(8, "big"), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def test_an_admin_sets_up_two_factor_invites_a_coach_who_accepts(browser, server: Server):
    admin = browser.new_context(viewport=PHONE)
    tab = admin.new_page()
    sign_up_and_sign_in(tab, server, "browseradmin", "browser-admin@example.org")
    tab.goto(f"{server.url}/clubs/new/")
    tab.get_by_label("Name", exact=True).fill("Invite Town FC")
    tab.get_by_label("URL name").fill("invite-town")
    tab.get_by_role("button", name="Create the club").click()
    tab.get_by_role("link", name="Invite coaches").click()

    # No authenticator yet: the admin is asked for the password, then to set one up.
    assert "Club admins must use two-factor login" in tab.get_by_role("status").inner_text()
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_role("button", name="Confirm").click()
    tab.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = tab.get_by_label("Authenticator secret").input_value()
    tab.get_by_label("Authenticator code").fill(totp_code(secret))
    tab.get_by_role("button", name="Activate").click()
    tab.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert_no_axe_violations(tab)

    tab.goto(f"{server.url}/clubs/invite-town/invitations/")
    assert_no_axe_violations(tab)
    tab.get_by_label("E-mail address").fill("browser-invitee@example.org")
    tab.get_by_label("Role").select_option("admin")
    tab.get_by_role("button", name="Send the invitation").click()
    assert (
        "Invitation sent to browser-invitee@example.org." in tab.get_by_role("status").inner_text()
    )
    admin.close()

    invitee = browser.new_context(viewport=PHONE)
    tab = invitee.new_page()
    link = mailed_link(server.var / "mail", "browser-invitee@example.org", "/invitations/")
    tab.goto(link)
    assert "Invitation to Invite Town FC" in tab.get_by_role("heading", level=1).inner_text()
    # Sign-up from the invitation, confirmation, login: and back on the invitation.
    sign_up_and_sign_in(tab, server, "browserinvitee", "browser-invitee@example.org", lands_on=link)
    tab.get_by_role("button", name="Accept the invitation").click()
    tab.wait_for_url("**/clubs/invite-town/")
    assert "Welcome to Invite Town FC." in tab.get_by_role("status").inner_text()
    assert tab.get_by_role("link", name="browserinvitee").is_visible()  # now among the admins

    tab.goto(link)  # a second use is refused
    assert "already been used" in tab.locator("main").inner_text()
    invitee.close()
