"""No page of the site pans sideways at 390 × 844.

Every page the URL resolver lists is visited — filled with the demo club's objects —
by each persona: anonymous, a team coach, a club admin and a parent who holds only an
answer link. The document must be no wider than the window
(``scrollWidth <= innerWidth``): wide tables scroll inside their own box instead.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import get_resolver

from devtools.live import ROOT, Server, live_server
from tests.conftest import PHONE
from tests.security.urls import _ROUTE_PARAM, _walk

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PlaywrightError = pytest.importorskip("playwright.sync_api").Error

pytestmark = pytest.mark.browser

#: Made in the server's database: a coach of two demo teams (junior and senior), an admin
#: of the demo club, a parent's answer link, an invitation — and one session each.
SETUP = """
import itertools
import json
from django.test import Client
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from accounts import services as accounts_services
from clubs import services
from clubs.models import Club, Coach, CoachRole, Team

User = get_user_model()
club = Club.objects.get(slug="riverside")
u09, first = Team.objects.get(slug="riverside-u09"), Team.objects.get(slug="riverside-first-xi")

def person(username):
    user = User.objects.create_user(username, f"{username}@example.org", "x")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user

coach, admin = person("layout-coach"), person("layout-admin")
for team in (u09, first):
    Coach.objects.create(user=coach, team=team, role=CoachRole.HEAD)
club.admins.add(admin)
TOTP.activate(admin, generate_totp_secret())
game = u09.next_game()
player = u09.players.order_by("number").first()
invitation, invitation_token = accounts_services.invitation_create(
    club=club, email="invitee@example.org", role="assistant", team=u09, by=admin
)

def session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value

print(json.dumps({
    "sessions": {"coach": session(coach), "club_admin": session(admin)},
    "answer_link": "/a/" + services.answer_link_create(player=player, game=game) + "/",
    "teams": {
        slug: {"size": team.team_size, "game": team.next_game().pk,
               "player": team.players.order_by("number").first().pk}
        for slug, team in ((t.slug, t) for t in (u09, first))
    },
    "all_teams": [[t.slug, t.team_size] for t in Team.objects.filter(club=club)],
    "club": club.slug,
    "usernames": {"coach": coach.username, "club_admin": admin.username},
    "invitation": {"pk": invitation.pk, "token": invitation_token},
}))
"""

PERSONAS = ("anonymous", "coach", "club_admin", "parent")

#: Routes that answer something other than a page (files, feeds, probes, the JSON API).
NOT_PAGES = re.compile(r"^(api/|admin/|healthz|readyz|favicon|calendar/)|\.csv$|\.ics$")


@pytest.fixture(scope="module")
def layout_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict]]:
    """A server of its own with the demo club and the personas of ``SETUP``."""
    var = tmp_path_factory.mktemp("layout-var")
    with live_server(var) as live:
        env = {**os.environ, "TEAMCOACH_VAR_DIR": str(var)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("DATABASE_URL", None)
        done = subprocess.run(
            [sys.executable, "-m", "teamcoach.cli", "shell", "-c", SETUP],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        yield live, json.loads(done.stdout.strip().splitlines()[-1])


def page_routes() -> list[str]:
    """Every route of the site that answers a page (``best/<slug:slug>/<str:size>/`` …)."""
    routes = {route for route, _ in _walk(get_resolver().url_patterns)}
    # re_path routes (import, export) are not RoutePatterns: the import pages by hand.
    routes |= {"teams/<slug:slug>/import/roster/", "teams/<slug:slug>/import/fixtures/"}
    return sorted(route for route in routes if not NOT_PAGES.search(route))


def fill(route: str, data: dict[str, Any], persona: str, team: str) -> str:
    """``route`` with each parameter replaced by a real object of the demo club."""
    about = data["teams"][team]

    def value(match: re.Match[str]) -> str:
        name = match["name"]
        before = route[: match.start()]
        if name == "slug":
            return data["club"] if before.startswith("clubs/") else team
        if name == "team_or_type":
            return "junior"
        if name == "size":
            return str(about["size"])
        if name == "username":
            return data["usernames"].get(persona, "layout-coach")
        if name == "token":
            if before.startswith("invitations/"):
                return str(data["invitation"]["token"])
            return data["answer_link"].strip("/").removeprefix("a/")
        if name == "key":
            return "MQ:1uXyZa:Tq3P9xZ0vYb7LmN2rT5wUe8HcJ4sAd6F"
        if name == "uidb36":
            return "1"
        if name in ("pk", "game_id"):
            if before.endswith("players/"):
                return str(about["player"])
            if before.endswith("invitations/"):
                return str(data["invitation"]["pk"])
            return str(about["game"])
        return "x"

    return "/" + _ROUTE_PARAM.sub(value, route)


def urls_for(data: dict[str, Any], persona: str) -> list[str]:
    urls = [fill(r, data, persona, team) for team in data["teams"] for r in page_routes()]
    # Every demo team's lineup: each sport's pitch and bench.
    urls += [f"/best/{slug}/{size}/" for slug, size in data["all_teams"]]
    urls += [f"/teams/{slug}/" for slug, _ in data["all_teams"]]
    if persona == "parent":
        urls.insert(0, data["answer_link"])
    return list(dict.fromkeys(urls))


def overflow(page: Page) -> dict[str, Any] | None:
    """How far the document is wider than the window, and the widest offenders."""
    return page.evaluate(
        """() => {
        const width = innerWidth, doc = document.documentElement;
        if (doc.scrollWidth <= width) return null;
        const wide = [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > width + 0.5)
          .filter(e => e.parentElement.getBoundingClientRect().right <= width + 0.5)
          .slice(0, 5)
          .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className) : '')
                    + ' → ' + Math.round(e.getBoundingClientRect().right) + 'px');
        return {scrollWidth: doc.scrollWidth, wide};
    }"""
    )


def walk(
    browser: Browser,
    server: Server,
    data: dict[str, Any],
    persona: str,
    *,
    width: int = PHONE["width"],
    scheme: str = "light",
) -> Iterator[tuple[str, Page]]:
    """Each page of ``urls_for`` as ``persona`` sees it, in one browser context (one tab)
    of ``width`` × 844 in the ``scheme`` colour scheme: (what was asked → where it
    landed, the tab). Files and redirects to a page already seen are skipped."""
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    if persona in data["sessions"]:
        context.add_cookies(
            [{"name": "sessionid", "value": data["sessions"][persona], "url": server.url}]
        )
    page = context.new_page()
    seen: set[str] = set()
    try:
        for url in urls_for(data, persona):
            try:
                response = page.goto(server.url + url)
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a file (the account's data), not a page
                raise
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            if page.url in seen:
                continue  # a redirect to a page already measured (the login page)
            seen.add(page.url)
            yield f"{url} → {page.url.removeprefix(server.url)}", page
    finally:
        context.close()


#: The four looks axe checks every page in: (width, colour scheme); the first is the
#: one the walk opens each page in. The PostgreSQL tier (DATABASE_URL) checks the first
#: only: the looks are the style sheet's, the same on either database, and CI has
#: 90 minutes for both tiers.
LOOKS = [(390, "light"), (390, "dark"), (1280, "dark"), (1280, "light")]
if os.environ.get("DATABASE_URL"):
    LOOKS = LOOKS[:1]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_is_wider_than_a_phone_and_axe_finds_nothing_in_any_look(
    browser, layout_server, persona
):
    """On the same walk, axe-core (every rule, any impact) on each page at 390 and 1280 px,
    in the light and the dark theme: the page is loaded once, then resized and switched
    to the other ``prefers-color-scheme`` in place (the CSS follows both at once)."""
    server, data = layout_server
    wide: dict[str, Any] = {}
    found: dict[str, list[str]] = {}
    html_pages = 0
    for where, page in walk(browser, server, data, persona):
        html_pages += 1
        if too_wide := overflow(page):
            wide[where] = too_wide
        for width, scheme in LOOKS:
            page.set_viewport_size({"width": width, "height": 844})
            page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
            if violations := axe_violations(page):
                found[f"{where} ({width} px, {scheme})"] = violations
        page.set_viewport_size({"width": PHONE["width"], "height": 844})
        page.emulate_media(color_scheme="light")
    assert html_pages >= 10, f"only {html_pages} pages measured"
    print(
        f"\naxe, {persona}, 390 and 1280 px, light and dark: {html_pages} pages, "
        f"{len(found)} findings"
    )
    report = "\n".join(f"{url}: {too_wide}" for url, too_wide in wide.items())
    assert wide == {}, f"pages wider than 390 px:\n{report}"
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_layout_walk_reaches_the_pages_that_were_too_wide(layout_server):
    """The walk covers the pages once measured too wide, so the test above can fail."""
    _, data = layout_server
    urls = set(urls_for(data, "coach"))
    game = data["teams"]["riverside-u09"]["game"]
    for expected in (
        f"/teams/riverside-u09/games/{game}/rotation/",
        "/teams/riverside-u09/fairness/",
        "/teams/riverside-u09/import/roster/",
        "/teams/riverside-first-xi/",
        "/best/riverside-icecats/6/",
    ):
        assert expected in urls


#: The public demo lineups: every sport's drawing (the other junior teams are club-only).
DEMO_LINEUPS = [
    "/best/riverside-first-xi/11/",
    "/best/riverside-u09/7/",
    "/best/riverside-ravens/5/",
    "/best/riverside-spikers/6/",
    "/best/riverside-icecats/6/",
    "/best/riverside-ultimate/7/",
    "/best/riverside-veterans/11/",
]

#: The drawn boxes, in screen pixels: the lines' rectangle, each shirt, each name.
PITCH_BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const svg = document.querySelector('svg.pitch');
  return {
    lines: box(svg.querySelector('.lines rect')),
    shirts: [...svg.querySelectorAll('g.marker circle')].map(box),
    names: [...svg.querySelectorAll('g.marker text.name')]
      .map(e => ({...box(e), text: e.textContent})),
  };
}"""


def _apart(a: dict, b: dict) -> bool:
    return a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"] or b["y1"] <= a["y0"]


def _clear_of_circle(name: dict, shirt: dict) -> bool:
    """The name's rectangle and the shirt's circle (its box's inscribed circle) do not meet."""
    cx, cy = (shirt["x0"] + shirt["x1"]) / 2, (shirt["y0"] + shirt["y1"]) / 2
    r = (shirt["x1"] - shirt["x0"]) / 2
    nearest_x, nearest_y = (
        min(max(cx, name["x0"]), name["x1"]),
        min(max(cy, name["y0"]), name["y1"]),
    )
    return (nearest_x - cx) ** 2 + (nearest_y - cy) ** 2 >= r * r


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", DEMO_LINEUPS)
def test_the_pitch_draws_every_shirt_and_name_apart_and_inside_the_lines(
    browser, server, path, width
):
    """The real text as Chromium lays it out, not the estimate clubs/pitch_layout.py uses."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(server.url + path)
    drawn = page.evaluate(PITCH_BOXES)
    context.close()
    lines, shirts, names = drawn["lines"], drawn["shirts"], drawn["names"]
    assert len(shirts) >= 5 and len(names) == len(shirts)
    assert len({n["text"] for n in names}) == len(names), "two names alike"
    for shape in shirts + names:
        assert lines["x0"] <= shape["x0"] and shape["x1"] <= lines["x1"], shape
        assert lines["y0"] <= shape["y0"] and shape["y1"] <= lines["y1"], shape
    for a, b in itertools.combinations(names, 2):
        assert _apart(a, b), f"{a['text']} overlaps {b['text']}"
    for name in names:
        touching = [s for s in shirts if not _clear_of_circle(name, s)]
        assert touching == [], f"{name['text']} touches a shirt"


# --- Touch and sight: axe in both themes, tap targets, the focus ring -------------------


def main_pages(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(persona, path): the pages a coach and a parent use most."""
    u09 = data["teams"]["riverside-u09"]
    game = u09["game"]
    return [
        ("anonymous", "/"),
        ("anonymous", "/best/riverside-first-xi/11/"),
        ("anonymous", "/teams/riverside-first-xi/"),
        ("anonymous", "/accounts/login/"),
        ("parent", data["answer_link"]),
        ("coach", "/manage/"),
        ("coach", "/teams/riverside-u09/manage/"),
        ("coach", f"/teams/riverside-u09/games/{game}/availability/"),
        ("coach", f"/teams/riverside-u09/games/{game}/rotation/"),
        ("coach", "/teams/riverside-u09/fairness/"),
        ("coach", "/teams/riverside-u09/import/roster/"),
        ("coach", f"/teams/riverside-u09/players/{u09['player']}/edit/"),
        ("club_admin", "/clubs/riverside/"),
        ("club_admin", "/accounts/me/"),
    ]


def open_as(browser: Browser, server: Server, data: dict, persona: str, **options: Any) -> Page:
    context = browser.new_context(**options)
    if persona in data["sessions"]:
        context.add_cookies(
            [{"name": "sessionid", "value": data["sessions"][persona], "url": server.url}]
        )
    return context.new_page()


def axe_violations(page: Page) -> list[str]:
    """Every axe-core finding, whatever its impact (the issue asks for none at all)."""
    from tests.conftest import AXE

    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_main_pages_have_no_axe_violations_in_either_theme(
    browser, layout_server, scheme, width
):
    server, data = layout_server
    found = {}
    first = data["teams"]["riverside-first-xi"]["game"]
    lighthouse_pages = [  # the rest of tests/test_browser_lighthouse.py's main pages
        ("anonymous", "/best/"),
        ("anonymous", f"/teams/riverside-first-xi/games/{first}/lineup/"),
        ("anonymous", "/teams/riverside-first-xi/roster/"),
        ("anonymous", "/teams/riverside-first-xi/fixtures/"),
        ("anonymous", "/teams/riverside-first-xi/season/"),
    ]
    for persona, path in main_pages(data) + lighthouse_pages:
        page = open_as(
            browser, server, data, persona,
            viewport={"width": width, "height": 844}, color_scheme=scheme,
        )  # fmt: skip
        page.goto(server.url + path)
        if violations := axe_violations(page):
            found[f"{persona} {path}"] = violations
        page.context.close()
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


#: Every control's tap target, in CSS pixels: a tick box or radio button counts with its
#: label; a link inside a sentence is exempt (WCAG 2.5.8's "inline" exception).
TAP_TARGETS = """() => {
  const out = [];
  const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  for (const e of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (e.type === 'hidden' || !visible(e) || e.closest('.skip-link, .visually-hidden')) continue;
    let target = e;
    if (e.type === 'checkbox' || e.type === 'radio')
      target = e.closest('label') || e.labels[0] || e;
    if (e.tagName === 'A') {
      const block = e.parentElement.closest('p, li, dd, td, th, span, div');
      const text = block ? block.textContent.replace(e.textContent, '').trim() : '';
      const inSentence = block && getComputedStyle(e).display === 'inline' && /\\w{3}/.test(text);
      if (inSentence && !e.closest('nav, .formats, .links, .chips')) continue;
    }
    const r = target.getBoundingClientRect();
    const name = (e.textContent || e.name || e.value || '').trim().slice(0, 30);
    const size = `${Math.round(r.width)}×${Math.round(r.height)}`;
    if (r.width < 44 - 0.5 || r.height < 44 - 0.5)
      out.push(`${e.tagName.toLowerCase()} "${name}" ${size}`);
  }
  return out;
}"""


def test_every_control_on_the_main_pages_is_a_44_px_tap_target(browser, layout_server):
    server, data = layout_server
    small = {}
    for persona, path in main_pages(data):
        page = open_as(browser, server, data, persona, viewport=PHONE)
        page.goto(server.url + path)
        if found := page.evaluate(TAP_TARGETS):
            small[f"{persona} {path}"] = found
        page.context.close()
    assert small == {}, "\n".join(f"{k}: {v}" for k, v in small.items())


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


#: The focused element's ring (outline and box-shadow colours, outline width) and the
#: colour behind it (the first ancestor with a background).
FOCUS_RING = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const s = getComputedStyle(e);
  let p = e.parentElement, bg = [255, 255, 255, 1];
  while (p) {
    const c = rgb(getComputedStyle(p).backgroundColor);
    if (c.length === 4 ? c[3] > 0 : c.length === 3) { bg = c; break; }
    p = p.parentElement;
  }
  return {what: e.tagName + ' ' + (e.textContent || e.name || '').trim().slice(0, 25),
          width: parseFloat(s.outlineWidth), style: s.outlineStyle,
          outline: rgb(s.outlineColor), shadow: rgb(s.boxShadow), behind: bg};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_has_3_to_1_contrast_on_every_background(browser, layout_server, scheme):
    """Tab through the header, a lineup and a coach's rotation page: every focused control
    shows a ring of at least 2 px, one of whose two colours has 3:1 against what is behind."""
    server, data = layout_server
    faint = []
    game = data["teams"]["riverside-u09"]["game"]
    for persona, path, width in [
        ("anonymous", "/best/riverside-first-xi/11/", 1280),
        ("coach", f"/teams/riverside-u09/games/{game}/rotation/", 390),
    ]:
        page = open_as(
            browser, server, data, persona,
            viewport={"width": width, "height": 844}, color_scheme=scheme,
        )  # fmt: skip
        page.goto(server.url + path)
        for _ in range(25):
            page.keyboard.press("Tab")
            ring = page.evaluate(FOCUS_RING)
            if ring is None:
                continue
            behind = tuple(ring["behind"])
            best = max(
                contrast(tuple(ring["outline"]), behind),
                contrast(tuple(ring["shadow"]), behind) if len(ring["shadow"]) >= 3 else 0,
            )
            if ring["style"] == "none" or ring["width"] < 2 or best < 3:
                faint.append(f"{path} {ring['what']}: {ring['width']}px, {best:.1f}:1")
        page.context.close()
    assert faint == []


SCREENSHOTS = ROOT / "var" / "screenshots"


def test_screenshots_of_the_main_pages_at_390_px(browser, layout_server):
    """Lineup, rotation, fairness and import preview on a phone, saved to var/screenshots/
    to look at; each page fits the screen's width."""
    server, data = layout_server
    game = data["teams"]["riverside-u09"]["game"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        page = open_as(browser, server, data, "coach", viewport=PHONE, color_scheme=scheme)
        for name, path in [
            ("lineup", "/best/riverside-first-xi/11/"),
            ("rotation", f"/teams/riverside-u09/games/{game}/rotation/"),
            ("fairness", "/teams/riverside-u09/fairness/"),
        ]:
            page.goto(server.url + path)
            assert overflow(page) is None, path
            page.screenshot(path=SCREENSHOTS / f"{name}-390-{scheme}.png", full_page=True)
        # The import preview: the team's own export with one new player, checked.
        csv = page.request.get(f"{server.url}/teams/riverside-u09/export/roster.csv").text()
        csv = csv.rstrip("\n") + "\nMaximilian Lindqvist-Okafor,98,ST:70,\n"
        page.goto(f"{server.url}/teams/riverside-u09/import/roster/")
        page.set_input_files(
            "#id_file",
            files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": csv.encode()}],
        )
        page.get_by_role("button", name="Check the file").click()
        page.get_by_role("button", name="Confirm the import").wait_for()
        assert overflow(page) is None, "the import preview"
        page.screenshot(path=SCREENSHOTS / f"import-preview-390-{scheme}.png", full_page=True)
        page.context.close()


# --- The header, the rotation grid and the fairness chart at both widths ----------------


def test_on_a_phone_the_header_is_one_row_and_the_menu_unfolds_without_script(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}/")
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    veterans = page.get_by_role("link", name="Veterans teams")
    assert not veterans.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert veterans.is_visible()
    veterans.click()
    page.wait_for_url("**/best/veterans/")
    assert page.get_by_role("link", name="Riverside Veterans").is_visible()
    context.close()


def test_on_a_desktop_the_links_stand_in_the_header(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{server.url}/")
    assert not page.get_by_text("Menu", exact=True).is_visible()
    for name in ("Best lineup", "Junior teams", "Senior teams", "Veterans teams", "Sign in"):
        assert page.get_by_role("link", name=name).is_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    context.close()


def test_the_rotation_grid_shows_every_period_and_the_minutes_on_a_phone(browser, layout_server):
    server, data = layout_server
    game = data["teams"]["riverside-u09"]["game"]
    page = open_as(browser, server, data, "coach", viewport=PHONE)
    page.goto(f"{server.url}/teams/riverside-u09/games/{game}/rotation/")
    headers = page.locator("table.rotation-grid thead th")
    assert headers.last.inner_text() == "Min"
    assert headers.count() >= 10  # player, 8 periods, minutes
    for i in range(headers.count()):
        box = headers.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], headers.nth(i)
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_fairness_chart_keeps_readable_type_and_units(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/teams/riverside-u09/fairness/")
    texts = page.locator("figure.ledger-chart svg text")
    heights = {round(texts.nth(i).bounding_box()["height"]) for i in range(texts.count())}
    assert min(heights) >= 15 and max(heights) <= 22  # the same 15 px type at both widths
    values = page.locator("figure.ledger-chart svg text.value").all_text_contents()
    # Every figure carries its unit; minutes still only planned are said so.
    unit = re.compile(r"\d+ min( planned| \(\d+ planned\))?")
    assert values and all(unit.fullmatch(v) for v in values), values
    # Each name and its minutes share a line, apart, and inside the chart (nothing cut
    # off at a phone's edge).
    chart = page.locator("figure.ledger-chart svg").bounding_box()
    for bar in page.locator("figure.ledger-chart svg g.bar").all():
        name = bar.locator("text:not(.value)").bounding_box()
        value = bar.locator("text.value").bounding_box()
        assert (
            name["x"] >= chart["x"] - 0.5
            and value["x"] + value["width"] <= chart["x"] + chart["width"] + 0.5
        )
        assert name["x"] + name["width"] < value["x"], bar.text_content()
    context.close()
