"""The real server and the real browser for end-to-end tests, and the axe-core check.

- ``server``: `make run`'s commands on a free port, demo data, shared by the tests that
  only read; ``writes_server``: a second one for the tests that change data.
- ``browser``: Debian's Chromium through playwright, started once per run.
- ``page``: an anonymous visitor on a phone (390 × 844) on ``server``;
  ``coach_page``: the demo coach of Riverside First XI, signed in, on ``writes_server``.
  Both run under the site's real Content-Security-Policy.
- ``assert_no_axe_violations(page)``: no serious or critical axe-core finding.
- ``lighthouse(url, …)``: Lighthouse 13 (npm) over a page of a live server; its report.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conftest import require
from devtools.live import ROOT, Server, live_server
from tests.factories import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
#: A phone: coaches use teamcoach at the pitch side.
PHONE = {"width": 390, "height": 844}
#: The demo coach the write tests sign in as (the demo has no accounts that can log in).
DEMO_COACH = "coach-riverside-first-xi"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with live_server(
        tmp_path_factory.mktemp("var"), database_url=os.environ.get("DATABASE_URL", "")
    ) as live:
        yield live


@pytest.fixture(scope="module")
def writes_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Its own server and SQLite database per test module, for the browser tests that
    change data: one module's writes (a kicked-off game, a recorded result, a saved
    lineup) never change what the next module starts from.

    The demo coach of Riverside First XI gets ``PASSWORD`` and a confirmed address,
    as if they had signed up and confirmed it.
    """
    var = tmp_path_factory.mktemp("writes-var")
    with live_server(var) as live:
        account_for(live, DEMO_COACH)
        yield live


def server_shell(server: Server, script: str) -> str:
    """Run Django code against the live server's own database (the kick-off seam); what
    it prints."""
    env = {**os.environ, "TEAMCOACH_VAR_DIR": str(server.var)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "teamcoach.cli", "shell", "-c", script],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


@contextmanager
def next_kickoff_kept(server: Server, team: str) -> Iterator[None]:
    """Puts back the kick-off of ``team``'s next game, which the test moves (to make it
    current or past)."""
    before = server_shell(
        server,
        f"from clubs.models import Team; g = Team.objects.get(slug='{team}').next_game(); "
        "print(g.pk, g.kickoff.isoformat())",
    )
    yield
    pk, kickoff = before.splitlines()[-1].split()
    server_shell(
        server,
        "import datetime as dt; from clubs.models import Game; "
        f"Game.objects.filter(pk={pk}).update(kickoff=dt.datetime.fromisoformat('{kickoff}'))",
    )


def account_for(server: Server, username: str) -> None:
    """Give the demo user ``username`` ``PASSWORD`` and a confirmed address, as if they
    had signed up and confirmed it."""
    server_shell(
        server,
        "\n".join(
            [
                "from django.contrib.auth import get_user_model",
                "from allauth.account.models import EmailAddress",
                f"u = get_user_model().objects.get(username='{username}')",
                f"u.email = '{username}@example.org'",
                f"u.set_password('{PASSWORD}')",
                "u.save()",
                "EmailAddress.objects.update_or_create(",
                "    user=u, email=u.email, defaults={'verified': True, 'primary': True})",
            ]
        ),
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require(
        Path(CHROMIUM).exists() or bool(shutil.which("chromium")),
        "Debian's Chromium is not installed (apt-get install chromium)",
    )
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """An anonymous visitor on a phone."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def coach_session(browser: Browser, writes_server: Server) -> dict[str, Any]:
    """The demo coach's cookies after one sign-in through the login page, kept for the
    module: each test gets a fresh context without spending the login rate limit."""
    page = signed_in_page(browser, writes_server, DEMO_COACH)
    state: dict[str, Any] = dict(page.context.storage_state())
    page.context.close()
    return state


@pytest.fixture
def coach_page(
    browser: Browser, writes_server: Server, coach_session: dict[str, Any]
) -> Iterator[Page]:
    """The demo coach of Riverside First XI, signed in, on a phone, at /manage/."""
    context = browser.new_context(viewport=PHONE, storage_state=coach_session)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{writes_server.url}/manage/")
    if "/accounts/login/" in page.url:  # an earlier test signed out: sign in again
        sign_in(page, DEMO_COACH)
        page.wait_for_url("**/manage/")
        coach_session.update(context.storage_state())
    yield page
    context.close()


def signed_in_page(browser: Browser, server: Server, login: str) -> Page:
    """A new phone-sized browser context, signed in as ``login`` through the login page."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/manage/")  # → the login page, then back here
    sign_in(page, login)
    page.wait_for_url("**/manage/")
    return page


def assert_fits_a_phone(page: Page) -> None:
    """No sideways scrolling at phone width."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


def assert_no_axe_violations(page: Page) -> None:
    """axe-core over the page as it is now: no serious or critical violation.

    axe is evaluated through the DevTools protocol, so the page keeps its real CSP.
    """
    require(AXE.exists(), "axe-core is not installed (npm ci)")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;undefined")
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}:\n" + "\n".join(serious)


def lighthouse(
    url: str,
    *,
    categories: tuple[str, ...] = ("performance", "accessibility", "best-practices", "seo"),
    cookie: str = "",
) -> dict[str, Any]:
    """Lighthouse's JSON report on ``url``: its defaults (a mobile phone, simulated
    throttling) in Debian's Chromium; ``cookie``: a Cookie header sent with every request
    (a signed-in session)."""
    require(LIGHTHOUSE.exists(), "Lighthouse is not installed (npm ci)")
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=" + ",".join(categories),
        "--output=json",
        "--quiet",
        "--chrome-flags=" + " ".join(FLAGS),
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    for _attempt in range(3):
        done = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        # Lighthouse's own trace recording sometimes misses the navigation start
        # (NO_NAVSTART) on a busy machine and asks to be run again; anything else fails.
        if done.returncode == 0 or "Please run Lighthouse again" not in done.stderr:
            break
        time.sleep(5)
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def lighthouse_failures(report: dict[str, Any], category: str) -> list[str]:
    """The audits of ``category`` that did not pass (the report's own words, shortened)."""
    failed = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        score = audit.get("score")
        if score is not None and score < 1 and ref.get("weight", 0) > 0:
            value = audit.get("displayValue", "")
            failed.append(f"{audit['id']} {score:.2f} {value}".strip())
    return failed


# --- mail written by the live server's worker to var/mail/ --------------------------


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


def sign_up_and_sign_in(
    page: Page, server: Server, username: str, address: str, *, lands_on: str | None = None
) -> None:
    """Sign up and confirm by the mailed link, which signs in (same browser); ``lands_on``:
    sign up from this page's link, and return to it."""
    if lands_on:
        page.get_by_role("link", name="Create an account").click()
    else:
        page.goto(f"{server.url}/accounts/signup/")
    sign_up(page, username, address)
    confirm_by_mail(page, server, address)
    page.wait_for_url(lands_on or f"**/profiles/{username}/")


def sign_up(page: Page, username: str, address: str) -> None:
    """Fill in the sign-up form on the page and send it; the site asks for the mail."""
    page.get_by_label("E-mail address").fill(address)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")


def confirm_by_mail(page: Page, server: Server, address: str) -> None:
    """Follow the confirmation link mailed to ``address`` and confirm: in the browser that
    signed up, that signs in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION)."""
    page.goto(mailed_link(server.var / "mail", address, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_function("() => !location.pathname.startsWith('/accounts/confirm-email/')")


def open_menu(page: Page) -> None:
    """Unfold the site's menu: on a phone its links are behind the "Menu" button."""
    menu = page.locator("details.site-menu")
    if menu.locator("summary").is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()


def sign_in(page: Page, login: str) -> None:
    """Fill in the sign-in form on the page and send it."""
    page.get_by_label("Username or e-mail").fill(login)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
