"""In a real browser: a coach signs up, confirms the e-mail from the mail folder, creates a club.

The live server (`teamcoach serve`) runs the task worker beside granian, so the
confirmation mail is written by the worker to var/mail/ — where `make run` puts it.
"""

from __future__ import annotations

import email
import email.policy
import re
import time
from pathlib import Path

import pytest

from conftest import require
from tests.live import Server
from tests.test_browser import AXE, browser, page  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 42"


def confirmation_link(mail_dir: Path, address: str, timeout: float = 30) -> str:
    """Wait for the worker to write the message to ``address``; return its confirmation link."""
    return mailed_link(mail_dir, address, "/accounts/confirm-email/", timeout)


def mailed_link(mail_dir: Path, address: str, path: str, timeout: float = 30) -> str:
    """Wait for a message to ``address`` with a link to ``path``; return the link."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # One .eml file per message (outbox.backends.ReadableFileBackend).
        for file in sorted(mail_dir.glob("*.eml")) if mail_dir.exists() else []:
            message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
            if message["To"] != address:
                continue
            text = message.get_body(preferencelist=("plain",)).get_content()
            links = re.findall(rf"https?://\S+{re.escape(path)}\S+", text)
            if links:
                return links[0]
        time.sleep(0.25)
    raise AssertionError(f"no mail to {address} with {path} in {mail_dir} after {timeout}s")


def serious_violations(page) -> list[str]:  # noqa: F811
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_coach_signs_up_confirms_the_mail_and_creates_a_club(page, server: Server):  # noqa: F811
    require(AXE.exists(), "axe-core is not installed (npm ci)")
    address = "browser-coach@example.org"
    page.goto(f"{server.url}/")
    page.get_by_role("link", name="Sign up").click()
    assert serious_violations(page) == []
    page.get_by_label("Email").fill(address)
    page.get_by_label("Username").fill("browsercoach")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert "Verify Your Email Address" in page.get_by_role("heading", level=1).inner_text()

    page.goto(confirmation_link(server.var / "mail", address))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/")

    page.get_by_label("Username or e-mail").fill(address)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/profiles/browsercoach/")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Create a club").click()
    page.get_by_label("Name", exact=True).fill("Browser Town FC")
    page.get_by_label("URL name").fill("browser-town")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Create the club").click()
    page.wait_for_url("**/clubs/browser-town/")
    assert page.get_by_role("heading", level=1).inner_text() == "Browser Town FC"
    assert "you are its admin" in page.get_by_role("status").inner_text()
    assert serious_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{server.url}/**")
    assert page.get_by_role("link", name="Sign in").is_visible()


def sign_up_and_sign_in(
    page,  # noqa: F811
    server: Server,
    username: str,
    address: str,
    *,
    lands_on: str | None = None,
) -> None:
    """Sign up, confirm, sign in; ``lands_on``: sign up from this page's link, and return to it."""
    if lands_on:
        page.get_by_role("link", name="Create an account").click()
    else:
        page.goto(f"{server.url}/accounts/signup/")
    page.get_by_label("Email").fill(address)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    page.goto(confirmation_link(server.var / "mail", address))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Username or e-mail").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lands_on or f"**/profiles/{username}/")


def totp_code(secret: str) -> str:
    import hashlib
    import hmac
    from base64 import b32decode

    digest = hmac.new(
        b32decode(secret), (int(time.time()) // 30).to_bytes(8, "big"), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def test_an_admin_sets_up_two_factor_invites_a_coach_who_accepts(browser, server: Server):  # noqa: F811
    admin = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
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
    assert serious_violations(tab) == []

    tab.goto(f"{server.url}/clubs/invite-town/invitations/")
    assert serious_violations(tab) == []
    tab.get_by_label("E-mail address").fill("browser-invitee@example.org")
    tab.get_by_label("Role").select_option("admin")
    tab.get_by_role("button", name="Send the invitation").click()
    assert (
        "Invitation sent to browser-invitee@example.org." in tab.get_by_role("status").inner_text()
    )
    admin.close()

    invitee = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
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
