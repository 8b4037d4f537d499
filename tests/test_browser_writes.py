"""In a real browser: a demo coach edits a player, imports a CSV, sets availability,
and the best lineup follows. Also axe-core over the write pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.live import Server
from tests.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

TEAM = "riverside-first-xi"


def test_a_coach_edits_imports_and_sets_availability_and_the_lineup_follows(
    coach_page, writes_server: Server, tmp_path: Path
):
    page, base = coach_page, writes_server.url
    page.get_by_role("link", name="Riverside First XI").click()
    page.wait_for_url(f"**/teams/{TEAM}/manage/")

    # Edit a player: the first of the squad gets a new name.
    page.get_by_role("region", name="Squad").locator("a.team-link").first.click()
    page.get_by_label("Name", exact=True).fill("Zed Edited")
    page.get_by_role("button", name="Save the player").click()
    page.wait_for_url(f"**/teams/{TEAM}/manage/")
    assert "Zed Edited was saved." in page.locator(".messages").inner_text()

    # Import a roster CSV: preview first, nothing saved, then confirm.
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text("name,number,positions\nNina Import,77,CB:99;CM:99;ST:99\n")
    page.get_by_role("link", name="Import roster").click()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("1 row is ready. Nothing is saved until you confirm.").wait_for()
    page.get_by_role("button", name="Confirm the import").click()
    page.wait_for_url(f"**/teams/{TEAM}/manage/")
    assert "Imported: 1 new." in page.locator(".messages").inner_text()

    def resuggest() -> None:
        """The next game has a saved lineup: it stays until the coach takes the
        new suggestion, and says it is out of date meanwhile."""
        page.goto(f"{base}/best/{TEAM}/11/")
        stale = page.locator(".lineup-stale")
        assert "out of date" in stale.inner_text()
        stale.get_by_role("link", name="Update it on the game's lineup page").click()
        page.get_by_role("button", name="Re-suggest and save").click()
        page.goto(f"{base}/best/{TEAM}/11/")

    # She is the best player there is, so the best lineup picks her ...
    resuggest()
    assert "Nina Import" in page.locator("ol.picks").inner_text()

    # ... until the coach records that she cannot play in the next game.
    page.goto(f"{base}/teams/{TEAM}/manage/")
    page.get_by_role("region", name="Upcoming games").get_by_role(
        "link", name="Availability"
    ).first.click()
    nina = page.get_by_role("group", name="Nina Import")
    nina.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save availability").click()
    assert "1 answer changed" in page.locator(".messages").inner_text()

    resuggest()
    assert "Nina Import" not in page.locator("ol.picks").inner_text()
    assert "No. 77 Nina Import — said no" in page.locator("ul.left-out").inner_text()

    # The history says who did all this.
    page.goto(f"{base}/teams/{TEAM}/history/")
    history = page.locator("ol.history").inner_text()
    assert "imported the roster: 1 new player, 0 updated" in history
    assert "No. 77 Nina Import: no for" in history


@pytest.mark.parametrize(
    "path",
    [
        "/manage/",
        f"/teams/{TEAM}/manage/",
        f"/teams/{TEAM}/edit/",
        f"/teams/{TEAM}/players/new/",
        f"/teams/{TEAM}/games/new/",
        f"/teams/{TEAM}/import/roster/",
        f"/teams/{TEAM}/history/",
        f"/teams/{TEAM}/rotation-settings/",
    ],
)
def test_write_pages_have_no_serious_accessibility_violations(coach_page, writes_server, path):
    coach_page.goto(f"{writes_server.url}{path}")
    assert_no_axe_violations(coach_page)


def test_a_coach_ticks_a_position_a_player_may_not_play(coach_page, writes_server):
    coach_page.goto(f"{writes_server.url}/teams/{TEAM}/rotation-settings/")
    coach_page.get_by_text("Positions players may not play").click()  # opens the <details>
    group = coach_page.locator("fieldset.field").first
    player = group.locator("legend").inner_text()
    group.get_by_label("Goalkeeper").check()
    coach_page.get_by_role("button", name="Save settings").click()
    coach_page.goto(f"{writes_server.url}/teams/{TEAM}/rotation-settings/")
    group = coach_page.locator("fieldset.field", has=coach_page.get_by_text(player, exact=True))
    assert group.get_by_label("Goalkeeper").is_checked()
    assert coach_page.locator("details.forbidden-positions").get_attribute("open") is not None
