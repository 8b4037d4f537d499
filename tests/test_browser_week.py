"""The "Done means", in a real browser on a phone (390 × 844): a junior team's
coach walks the week. They pick next Saturday's game, leave one player out, pin another,
save and send the lineup; a parent opens the mailed share link with no account and sees
it without ratings (first name and initial); at kick-off the lineup page still shows
this game; after it the coach records 2–1 with two scorers and one unplanned
substitution, and the season page and the fairness ledger count the minutes played as
recorded, not as planned. axe-core and the phone's width on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from devtools.live import Server
from tests.conftest import (
    PHONE,
    account_for,
    assert_fits_a_phone,
    assert_no_axe_violations,
    mailed_link,
    next_kickoff_kept,
    server_shell,
    signed_in_page,
)

pytestmark = pytest.mark.browser

TEAM = "riverside-u09"  # junior, 7-a-side, four periods of 20 minutes
COACH = f"coach-{TEAM}"
#: The unplanned substitution's minute: no plan changes players at minute 13.
SUB_MINUTE = 13


@pytest.fixture
def coach(browser, writes_server: Server) -> Iterator[object]:
    """The U09s' head coach, signed in on a phone; the next game's kick-off put back after."""
    account_for(writes_server, COACH)
    page = signed_in_page(browser, writes_server, COACH)
    with next_kickoff_kept(writes_server, TEAM):
        yield page
    page.context.close()


def visit(page, url: str) -> None:
    """Open ``url``: a page a person can use, on a phone, with nothing for axe to report."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    check(page)


def check(page) -> None:
    assert_no_axe_violations(page)
    assert_fits_a_phone(page)


def minutes_by_player(page, table: str) -> dict[str, int]:
    """ "No. Name" → the minutes column of the season table or the fairness ledger."""
    rows = page.locator(f"{table} tbody tr")
    column = {"table.minutes": 1, "table.ledger": 2, "#players-heading ~ div table": 3}[table]
    minutes = {}
    for row in rows.all():
        who = row.locator("th").inner_text().strip()
        cell = row.locator("td").nth(column - 1).inner_text()
        minutes[who] = int(re.match(r"\d+", cell).group())  # type: ignore[union-attr]
    return minutes


def row_of(minutes: dict[str, int], number: str) -> str:
    """The row of shirt ``number``: "7 Ava S.", "7 Ava Smith" or "No. 7 Ava Smith"."""
    return next(who for who in minutes if who.removeprefix("No. ").split()[0] == number)


def test_a_coach_walks_the_week_from_the_pick_to_the_season(coach, browser, writes_server: Server):
    page, base = coach, writes_server.url
    season_url = f"{base}/teams/{TEAM}/season/"
    ledger_url = f"{base}/teams/{TEAM}/fairness/"
    visit(page, season_url)
    season_before = minutes_by_player(page, "#players-heading ~ div table")
    visit(page, ledger_url)
    ledger_before = minutes_by_player(page, "table.ledger")

    # Monday: the coach picks next Saturday's game.
    visit(page, f"{base}/teams/{TEAM}/manage/")
    page.get_by_role("region", name="Upcoming games").get_by_role(
        "link", name="Lineup"
    ).first.click()
    page.wait_for_url(f"**/teams/{TEAM}/games/*/lineup/")
    game_url = page.url
    pk = int(game_url.rstrip("/").split("/")[-2])
    assert " · Sat " in page.locator("p.game").inner_text(), "next Saturday's game"
    opponent = page.get_by_role("heading", level=1).inner_text().split(" v ", 1)[1]
    check(page)

    # One starter left out, the first bench player pinned to start, saved.
    out = page.locator("ol.picks > li").first.locator(".shirt").inner_text()
    page.locator("ol.picks > li").first.get_by_role("button", name="Leave out").click()
    page.wait_for_url(game_url)
    assert "left out by the coach" in page.get_by_role("region", name="Not available").inner_text()
    pinned = page.locator("ol.bench > li").first.locator(".shirt").inner_text()
    page.locator("ol.bench > li").first.get_by_role("button", name="Pin to start").click()
    page.wait_for_url(game_url)
    page.get_by_role("button", name="Save this lineup").click()
    page.wait_for_url(game_url)
    assert "Saved by" in page.locator(".lineup-status").inner_text()
    saved = page.locator("ol.picks .shirt").all_inner_texts()
    assert len(saved) == 7 and pinned in saved and out not in saved
    bench = page.locator("ol.bench .shirt").all_inner_texts()
    check(page)

    # Sent: through the outbox, to every player's contacts, with the share link.
    visit(page, f"{base}/teams/{TEAM}/manage/")
    page.get_by_role("region", name="Upcoming games").get_by_role(
        "link", name="Share or send the lineup"
    ).first.click()
    page.wait_for_url(f"**/teams/{TEAM}/games/{pk}/availability/*")
    check(page)
    page.get_by_role("button", name="Send the lineup").click()
    assert "The lineup is on its way" in page.locator(".messages").inner_text()
    check(page)
    parent_address = f"parent.no{pinned}.{TEAM}@example.org"
    share_url = mailed_link(writes_server.var / "mail", parent_address, "/s/")

    # The pinned player's parent: the mail's share link, no account.
    names = server_shell(
        writes_server,
        "from clubs.models import Player; "
        f"print(*(Player.objects.get(team__slug='{TEAM}', number=n).name for n in "
        f"({pinned}, {out})), sep='|')",
    ).splitlines()[-1]
    pinned_name, out_name = names.split("|")
    parent = browser.new_context(viewport=PHONE).new_page()
    visit(parent, share_url)
    assert f"Riverside U09 Kestrels v {opponent}" in parent.locator("h1").inner_text()
    shared = parent.locator("ol.shared-lineup li")
    assert shared.count() == 7
    assert sorted(parent.locator("ol.shared-lineup .shirt").all_inner_texts()) == sorted(saved)
    first, *_, last = pinned_name.split()
    pinned_line = shared.filter(has_text=re.compile(rf"\b{pinned}\b {re.escape(first)}"))
    assert pinned_line.inner_text().endswith(f"{first} {last[0]}.")
    content = parent.content()
    assert pinned_name not in content and out_name.split()[0] not in content
    assert "rated" not in content and "rating" not in content
    parent.context.close()

    # Saturday, nine minutes in: the lineup page still shows this game, as saved.
    server_shell(
        writes_server,
        "import datetime as dt; from django.utils import timezone; from clubs.models import Game; "
        f"Game.objects.filter(pk={pk}).update(kickoff=timezone.now() - dt.timedelta(minutes=9))",
    )
    visit(page, f"{base}/best/{TEAM}/7/")
    game_line = page.locator("p.game").inner_text()
    assert opponent in game_line and "Now playing" in game_line
    assert page.locator("ol.picks .shirt").all_inner_texts() == saved

    # After the game (kicked off three hours ago): 2–1, two scorers, one change.
    server_shell(
        writes_server,
        "import datetime as dt; from django.utils import timezone; from clubs.models import Game; "
        f"Game.objects.filter(pk={pk}).update(kickoff=timezone.now() - dt.timedelta(hours=3))",
    )
    visit(page, f"{base}/teams/{TEAM}/manage/")
    page.get_by_role("region", name="Past games").get_by_role(
        "link", name="Record the result"
    ).first.click()
    page.wait_for_url(f"**/teams/{TEAM}/games/{pk}/result/")
    check(page)
    page.get_by_label("Our goals").fill("2")
    page.get_by_label("Their goals").fill("1")
    page.get_by_role("button", name="Save the score").click()
    page.get_by_text("Result saved: 2–1").wait_for()

    def label(number: str) -> str:
        options = page.locator("form.event-form").nth(0).get_by_label("Scorer").locator("option")
        option = options.filter(has_text=re.compile(rf"^\s*No\. {number}\b")).first
        return option.inner_text().strip()

    others = [number for number in saved if number != pinned]
    for minute, scorer, assist in (("6", pinned, others[0]), ("31", others[1], pinned)):
        goal = page.locator("form.event-form").nth(0)
        goal.get_by_label("Minute").fill(minute)
        goal.get_by_label("Scorer").select_option(label=label(scorer))
        goal.get_by_label("Assist").select_option(label=label(assist))
        goal.get_by_role("button", name="Add the goal").click()
        page.get_by_text(f"Recorded: {minute}' Goal").wait_for()

    # Not in the plan: the pinned starter comes off at minute 13 for a bench player.
    on = bench[0]
    sub = page.locator("form.event-form").nth(2)
    sub.get_by_label("Minute").fill(str(SUB_MINUTE))
    sub.get_by_label("Player on").select_option(label=label(on))
    sub.get_by_label("Player off").select_option(label=label(pinned))
    sub.get_by_role("button", name="Add the substitution").click()
    page.get_by_text(f"Recorded: {SUB_MINUTE}' Substitution").wait_for()
    ticked = page.locator("input[name=starters]:checked").count()
    assert ticked == 7, "the starters are ticked from the saved lineup"
    page.get_by_role("button", name="Save the starters").click()
    page.get_by_text("Starters saved: 7 players.").wait_for()
    played = minutes_by_player(page, "table.minutes")
    check(page)
    help_text = page.get_by_text("minutes in all").inner_text()
    length = int(re.search(r"(\d+) minutes in all", help_text).group(1))  # type: ignore[union-attr]
    assert played[row_of(played, pinned)] == SUB_MINUTE
    assert played[row_of(played, on)] == length - SUB_MINUTE

    # The season page and the fairness ledger count what was played.
    pinned_row, on_row = row_of(season_before, pinned), row_of(season_before, on)
    visit(page, season_url)
    season_after = minutes_by_player(page, "#players-heading ~ div table")
    assert season_after[pinned_row] - season_before[pinned_row] == SUB_MINUTE
    assert season_after[on_row] - season_before[on_row] == length - SUB_MINUTE
    result_row = page.locator("#results-heading ~ div table tr", has_text=opponent)
    assert "2–1" in result_row.inner_text()
    visit(page, ledger_url)
    ledger_after = minutes_by_player(page, "table.ledger")
    assert ledger_after[pinned_row] - ledger_before[pinned_row] == SUB_MINUTE
    assert ledger_after[on_row] - ledger_before[on_row] == length - SUB_MINUTE
