"""In a real browser on a phone (390 × 844): the coach opens the next game's
lineup, leaves one player out, pins another and saves; at kick-off the lineup page still
shows this game, marked "now playing"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devtools.live import Server
from tests.conftest import assert_no_axe_violations, next_kickoff_kept, server_shell

pytestmark = pytest.mark.browser

TEAM = "riverside-first-xi"


@pytest.fixture
def kickoff_seam(writes_server: Server) -> Iterator[None]:
    """Puts back the next game's kick-off after the test moves it to "nine minutes ago"."""
    with next_kickoff_kept(writes_server, TEAM):
        yield


def test_the_coach_picks_saves_and_the_game_stays_shown_at_kick_off(
    coach_page, writes_server: Server, kickoff_seam
):
    page, base = coach_page, writes_server.url
    page.goto(f"{base}/teams/{TEAM}/manage/")
    games = page.get_by_role("region", name="Upcoming games")
    games.get_by_role("link", name="Lineup").first.click()
    page.wait_for_url(f"**/teams/{TEAM}/games/*/lineup/")
    game_url = page.url
    opponent = page.get_by_role("heading", level=1).inner_text().split(" v ", 1)[1]
    assert_no_axe_violations(page)

    # Leave the first starter out; pin the first bench player.
    picks = page.locator("ol.picks > li")
    out_number = picks.first.locator(".shirt").inner_text()
    picks.first.get_by_role("button", name="Leave out").click()
    page.wait_for_url(game_url)
    assert "is left out" in page.get_by_role("status").first.inner_text()
    left_out = page.get_by_role("region", name="Not available").inner_text()
    assert "left out by the coach" in left_out
    bench = page.locator("ol.bench > li").first
    pinned_number = bench.locator(".shirt").inner_text()
    bench.get_by_role("button", name="Pin to start").click()
    page.wait_for_url(game_url)
    starters = page.locator("ol.picks .shirt").all_inner_texts()
    assert pinned_number in starters
    assert "picked by the coach" in page.locator("ol.picks").inner_text()
    assert page.get_by_text("Suggested", exact=True).is_visible()

    # Tap targets stay large at phone width.
    box = page.get_by_role("button", name="Save this lineup").bounding_box()
    assert box is not None and box["height"] >= 44
    page.get_by_role("button", name="Save this lineup").click()
    page.wait_for_url(game_url)
    assert "Saved by" in page.locator(".lineup-status").inner_text()
    assert_no_axe_violations(page)
    saved = page.locator("ol.picks .shirt").all_inner_texts()
    assert out_number not in saved and pinned_number in saved

    # Kick-off: nine minutes in, the lineup page still shows this game, marked now playing.
    pk = game_url.rstrip("/").split("/")[-2]
    server_shell(
        writes_server,
        "import datetime as dt; from django.utils import timezone; from clubs.models import Game; "
        f"Game.objects.filter(pk={pk}).update(kickoff=timezone.now() - dt.timedelta(minutes=9))",
    )
    page.goto(f"{base}/best/{TEAM}/11/")
    game_line = page.locator("p.game").inner_text()
    assert opponent in game_line and "Now playing" in game_line
    assert page.locator("ol.picks .shirt").all_inner_texts() == saved
    assert "Saved by" in page.locator(".lineup-status").inner_text()
    assert_no_axe_violations(page)
