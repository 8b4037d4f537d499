"""Lighthouse gives at least 95 in every category — performance,
accessibility, best practices, SEO — on the main pages, on a phone.

Lighthouse 13 from npm, with its defaults: the mobile form factor and simulated
throttling (a mid-range phone on a slow 4G network, computed from the page's real
loading, so a busy machine moves the figure less than real throttling would). The
performance score still wavers on a loaded machine: a page under 95 is measured once more
and the better of the two runs counts. The scores are printed as a table (``pytest -s``)
and kept as the test's ``lighthouse`` property (``--junitxml``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import lighthouse, lighthouse_failures
from tests.test_browser_layout import layout_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 0.95


def main_pages(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(persona, path): what a visitor, a parent and a coach open most."""
    u09 = data["teams"]["riverside-u09"]["game"]
    first = data["teams"]["riverside-first-xi"]["game"]
    return [
        ("anonymous", "/"),
        ("anonymous", "/best/"),
        ("anonymous", "/best/riverside-first-xi/11/"),
        ("anonymous", f"/teams/riverside-first-xi/games/{first}/lineup/"),
        ("anonymous", "/teams/riverside-first-xi/roster/"),
        ("anonymous", "/teams/riverside-first-xi/fixtures/"),
        ("anonymous", "/teams/riverside-first-xi/season/"),
        ("coach", f"/teams/riverside-u09/games/{u09}/rotation/"),
        ("coach", "/teams/riverside-u09/fairness/"),
        ("anonymous", "/accounts/login/"),
        ("coach", "/manage/"),
    ]


def scores_of(report: dict[str, Any]) -> dict[str, float]:
    return {c: float(report["categories"][c]["score"] or 0) for c in CATEGORIES}


def table(rows: dict[str, dict[str, Any]]) -> str:
    head = f"{'page':58} " + " ".join(f"{c[:14]:>14}" for c in CATEGORIES)
    lines = [head, "-" * len(head)]
    for page, row in rows.items():
        cells = []
        for category in CATEGORIES:
            runs = "/".join(f"{100 * s:.0f}" for s in row["runs"][category])
            cells.append(f"{runs:>14}")
        lines.append(f"{page[:58]:58} " + " ".join(cells))
    return "\n".join(lines)


def test_lighthouse_scores_at_least_95_in_every_category_on_the_main_pages(
    layout_server,  # noqa: F811 (the fixture imported above)
    record_property,
):
    server, data = layout_server
    rows: dict[str, dict[str, Any]] = {}
    low: dict[str, list[str]] = {}
    for persona, path in main_pages(data):
        session = data["sessions"].get(persona)
        cookie = f"sessionid={session}" if session else ""
        url = server.url + path
        report = lighthouse(url, categories=CATEGORIES, cookie=cookie)
        assert report["finalDisplayedUrl"] == url, f"{path} sent {persona} elsewhere"
        runs = {c: [s] for c, s in scores_of(report).items()}
        if runs["performance"][0] < MINIMUM:  # the one figure that wavers: measure again
            again = lighthouse(url, categories=("performance",), cookie=cookie)
            runs["performance"].append(scores_of_performance(again))
            if runs["performance"][1] > runs["performance"][0]:
                report["categories"]["performance"] = again["categories"]["performance"]
                report["audits"].update(again["audits"])
        key = f"{persona} {path}"
        rows[key] = {"runs": runs}
        for category in CATEGORIES:
            if max(runs[category]) < MINIMUM:
                low[f"{key} {category}"] = lighthouse_failures(report, category)
    printed = table(rows)
    print("\nLighthouse 13 (mobile, simulated throttling); runs separated by '/':\n" + printed)
    record_property("lighthouse", printed)
    assert low == {}, "\n".join(f"{k}: {v}" for k, v in low.items()) + "\n" + printed


def scores_of_performance(report: dict[str, Any]) -> float:
    return float(report["categories"]["performance"]["score"] or 0)
