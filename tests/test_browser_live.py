"""In a real browser on a phone (390 × 844): a coach runs the current game from the live
screen — the clock, a change coming due, changes recorded as planned, different, and
offline — and the server stores each change once."""

from __future__ import annotations

import json

import pytest

from devtools.live import Server
from tests.conftest import (
    assert_no_axe_violations,
    lighthouse,
    lighthouse_failures,
    open_menu,
    server_shell,
)

pytestmark = pytest.mark.browser

TEAM = "riverside-first-xi"


@pytest.fixture
def current_game(writes_server: Server) -> int:
    """A game of the demo team kicking off now (made once), in four periods of a minute.

    A game of its own, so the demo's next game stays next for the other tests."""
    script = "\n".join(
        [
            "import datetime as dt",
            "from django.utils import timezone",
            "from clubs.models import Game, Team",
            "from fairplay.models import RotationSettings",
            f"team = Team.objects.get(slug='{TEAM}')",
            "game, _ = Game.objects.get_or_create(team=team, opponent='Lakeside Live',",
            "    defaults={'kickoff': timezone.now() - dt.timedelta(minutes=1)})",
            "RotationSettings.objects.update_or_create(team=team, defaults=dict(",
            "    periods=4, period_minutes=1, preset='none'))",
            "print(game.pk)",
        ]
    )
    return int(server_shell(writes_server, script).splitlines()[-1])


def stored_changes(server: Server, game: int) -> list[list[object]]:
    script = "\n".join(
        [
            "import json",
            "from results.models import MatchEvent",
            f"rows = MatchEvent.objects.filter(game_id={game}, kind='substitution')",
            "print(json.dumps([[e.key, e.player.number, e.player_off.number, e.minute]",
            "                  for e in rows.select_related('player', 'player_off')]))",
        ]
    )
    return json.loads(server_shell(server, script).splitlines()[-1])


def test_a_coach_runs_the_game_online_and_offline_and_each_change_is_stored_once(
    coach_page, writes_server, current_game
):
    page = coach_page
    page.add_init_script(
        "window.__buzz = []; navigator.vibrate = (p) => { window.__buzz.push(p); return true; };"
    )
    page.goto(f"{writes_server.url}/teams/{TEAM}/games/{current_game}/live/")
    assert page.get_by_role("heading", name="Not started").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Start the clock").click()
    page.get_by_role("button", name="Pause").wait_for()
    assert page.get_by_role("heading", name="Period 1 of 4").is_visible()
    # The plan decides after which period the first changes come (fewest substitutions
    # after the tightest spread): move the clock on to that period.
    due = int(
        page.evaluate(
            "() => [...document.querySelectorAll('[data-period-view]')]"
            ".find(v => v.querySelector('.changes')).dataset.periodView"
        )
    )
    for n in range(2, due + 1):
        page.get_by_role("button", name=f"Now in period {n}").click()
        page.get_by_role("heading", name=f"Period {n} of 4").wait_for()
    # The referee's watch says 55 seconds: the change comes due five seconds later.
    page.get_by_text("Set the clock to the referee’s").click()
    page.get_by_label("Minutes played in this period").fill("0.92")
    page.get_by_role("button", name="Set the clock", exact=True).click()
    page.locator("#change-due").wait_for(state="visible", timeout=15_000)
    assert page.get_by_role("alert").filter(has_text="Change due now!").is_visible()
    assert page.evaluate("window.__buzz.length") == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The planned changes were made: one tap.
    changes = page.locator(f"[data-period-view='{due}'] .change-list li").count()
    assert changes >= 1
    page.get_by_role("button", name="Made as planned").click()
    page.get_by_text("Recorded as made.").first.wait_for()

    # A different change: who on, who off, at which minute.
    def record_different(on: str, off: str, minute: str) -> None:
        page.get_by_text("Record a different change").click()
        page.get_by_label("Coming on").select_option(label=on)
        page.get_by_label("Going off").select_option(label=off)
        page.get_by_label("Minute of the game").fill(minute)
        page.get_by_role("button", name="Record the change").click()

    field = page.locator(f"[data-period-view='{due}'] .on-field li")
    bench = page.locator(f"[data-period-view='{due}'] .bench li")
    first_on, first_off = bench.nth(0).inner_text(), field.nth(1).inner_text()

    def label(place_number_name: str) -> str:  # "CB 4 Dana" on the field → "4 Dana"
        return place_number_name.split(maxsplit=1)[1]

    record_different(first_on.strip(), label(first_off.strip()), str(due))
    page.locator("#recorded li").nth(changes).wait_for()

    # No connection: the change is kept on the phone, the clock goes on.
    page.context.set_offline(True)
    second_on, second_off = bench.nth(1).inner_text(), field.nth(2).inner_text()
    record_different(second_on.strip(), label(second_off.strip()), str(due + 1))
    queued = page.locator("#queued")
    queued.wait_for(state="visible")
    assert queued.inner_text().endswith(": 1")
    assert len(stored_changes(writes_server, current_game)) == changes + 1
    before = page.locator("#clock-time").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator("#clock-time").inner_text() != before

    # Back online: the queue is sent, and every change is on the server once.
    page.context.set_offline(False)
    page.locator("#recorded li").nth(changes + 1).wait_for(timeout=15_000)
    stored = stored_changes(writes_server, current_game)
    assert len(stored) == changes + 2
    assert len({key for key, *_ in stored}) == len(stored)
    assert [row[3] for row in stored[-2:]] == [due, due + 1]


def test_the_live_screen_never_scrolls_sideways_on_a_phone(coach_page, writes_server, current_game):
    page = coach_page
    page.goto(f"{writes_server.url}/teams/{TEAM}/games/{current_game}/live/")
    for opened in ("Record a different change", "Set the clock to the referee’s"):
        if page.get_by_text(opened).is_visible():
            page.get_by_text(opened).click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_lighthouse_finds_the_live_screen_fully_accessible(coach_page, writes_server, current_game):
    """Lighthouse's accessibility score is 100 for the signed-in coach's live screen."""
    url = f"{writes_server.url}/teams/{TEAM}/games/{current_game}/live/"
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in coach_page.context.cookies())
    report = lighthouse(url, categories=("accessibility",), cookie=cookies)
    assert report["finalDisplayedUrl"] == url  # the screen itself, not the sign-in page
    failed = lighthouse_failures(report, "accessibility")
    assert report["categories"]["accessibility"]["score"] == 1, failed


def test_the_site_installs_with_its_manifest_and_service_worker(
    coach_page, writes_server, current_game
):
    """Chromium's own installability check: the manifest and a service worker that
    controls the page; the worker then serves the live screen without a connection."""
    page = coach_page
    url = f"{writes_server.url}/teams/{TEAM}/games/{current_game}/live/"
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito ones, where Chromium installs nothing at all.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    page.reload()  # now through the worker, which keeps this page
    page.context.set_offline(True)
    page.reload()
    assert page.get_by_role("heading", name="Live v", exact=False).is_visible()
    assert page.locator("#clock-time").is_visible()
    page.goto(f"{writes_server.url}/teams/{TEAM}/history/")
    assert page.get_by_role("heading", name="No connection").is_visible()
    page.context.set_offline(False)


def test_signing_out_clears_what_the_worker_kept(coach_page, writes_server, current_game):
    page = coach_page
    page.goto(f"{writes_server.url}/teams/{TEAM}/games/{current_game}/live/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.reload()
    kept = "async () => (await (await caches.open('teamcoach-pages')).keys()).map(r => r.url)"
    assert any(u.endswith("/live/") for u in page.evaluate(kept))
    open_menu(page)  # on a phone, "Sign out" is in the folded menu
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert not any(u.endswith("/live/") for u in page.evaluate(kept))


def test_an_availability_edit_made_offline_is_sent_when_back_online(coach_page, writes_server):
    page = coach_page
    script = "\n".join(
        [
            "import datetime as dt",
            "from django.utils import timezone",
            "from clubs.models import Game, Team",
            f"team = Team.objects.get(slug='{TEAM}')",
            "game, _ = Game.objects.get_or_create(team=team, opponent='Offline Rovers',",
            "    defaults={'kickoff': timezone.now() + dt.timedelta(days=60)})",
            "print(game.pk)",
        ]
    )
    game = int(server_shell(writes_server, script).splitlines()[-1])
    page.goto(f"{writes_server.url}/teams/{TEAM}/games/{game}/availability/")
    row = page.locator("fieldset.answer-row").first
    player = int(row.locator("input").first.get_attribute("name").removeprefix("answer-"))
    page.context.set_offline(True)
    row.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save availability").click()
    notice = page.locator("#offline-notice")
    notice.wait_for()
    assert "kept on this phone" in notice.inner_text()
    page.context.set_offline(False)
    page.get_by_text("Back online: what you changed offline was sent.").wait_for(timeout=15_000)
    check = "\n".join(
        [
            "from clubs.models import Availability",
            f"print(Availability.objects.get(game_id={game}, player_id={player}).answer)",
        ]
    )
    assert server_shell(writes_server, check).splitlines()[-1] == "no"


def test_an_offline_availability_edit_never_overwrites_one_made_meanwhile(
    coach_page, writes_server
):
    """Offline, the coach says no for the first two players; meanwhile the first player's
    answer changes on the server. Back online, the second is saved, the first keeps the
    server's answer, and the coach is told whose answer changed and to what."""
    page = coach_page
    script = "\n".join(
        [
            "import datetime as dt",
            "from django.utils import timezone",
            "from clubs.models import Game, Team",
            f"team = Team.objects.get(slug='{TEAM}')",
            "game, _ = Game.objects.get_or_create(team=team, opponent='Meanwhile United',",
            "    defaults={'kickoff': timezone.now() + dt.timedelta(days=61)})",
            "game.availability.all().delete()",
            "print(game.pk)",
        ]
    )
    game = int(server_shell(writes_server, script).splitlines()[-1])
    page.goto(f"{writes_server.url}/teams/{TEAM}/games/{game}/availability/")
    rows = page.locator("fieldset.answer-row")
    ids = [
        int(rows.nth(i).locator("input").first.get_attribute("name").removeprefix("answer-"))
        for i in (0, 1)
    ]
    legend = rows.first.locator("legend").inner_text()
    name = legend.split(" ", 1)[1].split(" (")[0].strip()  # no shirt number, no "(injured…)"
    page.context.set_offline(True)
    rows.nth(0).get_by_label("No", exact=True).check()
    rows.nth(1).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save availability").click()
    page.locator("#offline-notice").wait_for()
    elsewhere = "\n".join(
        [
            "from clubs import services",
            "from clubs.models import Game, Player",
            f"game = Game.objects.get(pk={game})",
            f"player = Player.objects.get(pk={ids[0]})",
            "services.availability_set(game=game, player=player, answer='maybe', by=None)",
        ]
    )
    server_shell(writes_server, elsewhere)
    page.context.set_offline(False)
    notice = page.locator("#offline-notice.warning")
    notice.wait_for(timeout=15_000)
    said = notice.inner_text()
    assert said.startswith("Not saved, changed elsewhere meanwhile:"), said
    assert f"The answer of {name} (now Maybe) changed meanwhile" in said, said
    check = "\n".join(
        [
            "from clubs.models import Availability",
            f"for p in {ids}:",
            f"    print(Availability.objects.get(game_id={game}, player_id=p).answer)",
        ]
    )
    assert server_shell(writes_server, check).splitlines()[-2:] == ["maybe", "no"]
