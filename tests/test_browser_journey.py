"""In a real browser, the whole of issue 3 in one go: a newcomer signs up, confirms the
mail, creates a club and a team, imports a roster, schedules a game, records that one
player cannot come, and the best lineup leaves exactly that player out.

Two-factor login is not part of the walk: the site asks club admins for it before
invitations only (docs/accounts.md), and test_browser_accounts covers that path.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from devtools.live import Server
from tests.conftest import PHONE, sign_up_and_sign_in

pytestmark = pytest.mark.browser

TEAM = "journey-futsal"
ROSTER = {
    # name: (shirt number, positions) — futsal 3-1 needs GK, FIXO, PIVO and two ALA.
    "Gina Keeper": (1, "GK:80"),
    "Fred Fixo": (4, "FIXO:80"),
    "Pia Pivo": (9, "PIVO:80"),
    "Alba Ala": (7, "ALA:70"),
    "Ali Ala": (11, "ALA:60"),
    # The best winger of all, so the lineup would pick her over either of the others.
    "Nora Never": (10, "ALA:99;PIVO:99;FIXO:99"),
}
UNAVAILABLE = "Nora Never"


def test_a_newcomer_walks_from_sign_up_to_a_lineup_without_the_player_who_said_no(
    browser,
    server: Server,
    tmp_path: Path,
):
    context = browser.new_context(viewport=PHONE)
    page, base = context.new_page(), server.url

    # Sign-up → the confirmation mail in var/mail → confirm → sign in.
    sign_up_and_sign_in(page, server, "journeycoach", "journey-coach@example.org")

    # The first club: its creator becomes its admin.
    page.get_by_role("link", name="Create a club").click()
    page.get_by_label("Name", exact=True).fill("Journey Futsal Club")
    page.get_by_label("URL name").fill("journey-futsal-club")
    page.get_by_role("button", name="Create the club").click()
    page.wait_for_url("**/clubs/journey-futsal-club/")
    assert "you are its admin" in page.get_by_role("status").inner_text()

    # A team in that club.
    page.get_by_role("link", name="Add a team").click()
    page.get_by_label("Club", exact=True).select_option(label="Journey Futsal Club")
    page.get_by_label("Name", exact=True).fill("Journey Futsal")
    page.get_by_label("URL name").fill(TEAM)
    page.get_by_label("Team type", exact=True).select_option("senior")
    page.get_by_label("Sport", exact=True).select_option("futsal")
    page.get_by_label("Players on the field").fill("5")
    page.get_by_role("button", name="Create the team").click()
    page.wait_for_url(f"**/teams/{TEAM}/manage/")
    assert "Journey Futsal was created." in page.locator(".messages").inner_text()

    # The roster from a CSV file: a preview that saves nothing, then the import.
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text(
        "name,number,positions\n"
        + "".join(f"{name},{number},{pos}\n" for name, (number, pos) in ROSTER.items())
    )
    page.get_by_role("link", name="Import roster").click()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("6 rows are ready. Nothing is saved until you confirm.").wait_for()
    other_tab = context.new_page()
    other_tab.goto(f"{base}/teams/{TEAM}/manage/")
    assert other_tab.get_by_role("region", name="Squad").locator("a.team-link").count() == 0
    other_tab.close()
    page.get_by_role("button", name="Confirm the import").click()
    page.wait_for_url(f"**/teams/{TEAM}/manage/")
    assert "Imported: 6 new." in page.locator(".messages").inner_text()
    assert page.get_by_role("region", name="Squad").locator("a.team-link").count() == 6

    # Before anyone answers, she is in the best lineup.
    page.goto(f"{base}/best/{TEAM}/5/")
    assert UNAVAILABLE in page.locator("ol.picks").inner_text()

    # A game next week.
    page.goto(f"{base}/teams/{TEAM}/manage/")
    page.get_by_role("link", name="Schedule a game").click()
    page.get_by_label("Opponent").fill("Rivals United")
    kickoff = (datetime.now() + timedelta(days=7)).replace(hour=10, minute=30)
    page.get_by_label("Kick-off").fill(kickoff.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save the game").click()
    page.wait_for_url(f"**/teams/{TEAM}/manage/")

    # Availability: everyone yes, except one player who says no.
    page.get_by_role("region", name="Upcoming games").get_by_role(
        "link", name="Availability v Rivals United"
    ).click()
    for name in ROSTER:
        answer = "No" if name == UNAVAILABLE else "Yes"
        page.get_by_role("group", name=name).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save availability").click()
    assert "6 answers changed" in page.locator(".messages").inner_text()
    assert "5 yes · 1 no · 0 maybe" in page.get_by_role("status").last.inner_text()

    # The best lineup for that team: the five who said yes, not the one who said no.
    page.goto(f"{base}/best/{TEAM}/5/")
    picks = page.locator("ol.picks").inner_text()
    for name in ROSTER:
        if name == UNAVAILABLE:
            assert name not in picks
        else:
            assert name in picks
    assert f"No. 10 {UNAVAILABLE} — said no" in page.locator("ul.left-out").inner_text()
    context.close()
