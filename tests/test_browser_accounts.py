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
SEPARATOR = "\n" + "-" * 79 + "\n"


def confirmation_link(mail_dir: Path, address: str, timeout: float = 30) -> str:
    """Wait for the worker to write the message to ``address``; return its confirmation link."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
            for raw in path.read_text().split(SEPARATOR):
                message = email.message_from_string(raw.strip(), policy=email.policy.default)
                if message["To"] != address:
                    continue
                text = message.get_body(preferencelist=("plain",)).get_content()
                links = re.findall(r"https?://\S+/accounts/confirm-email/\S+", text)
                if links:
                    return links[0]
        time.sleep(0.25)
    raise AssertionError(f"no confirmation mail to {address} in {mail_dir} after {timeout}s")


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
