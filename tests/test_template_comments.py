"""Django's ``{# … #}`` comment ends at the end of its line: one spread over two lines
is printed on the page as text (once, the language switch's note in every footer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OPENED = re.compile(r"\{#(?:(?!#\}).)*$", re.M)


def templates() -> list[Path]:
    return sorted(
        p
        for p in ROOT.glob("**/templates/**/*")
        if p.suffix in {".html", ".txt", ".svg"}
        and ".venv" not in p.parts
        and "node_modules" not in p.parts
    )


def test_every_one_line_comment_closes_on_its_line():
    found = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in templates()
        for text in [path.read_text()]
        for m in OPENED.finditer(text)
    ]
    assert len(templates()) > 50
    assert found == [], "multi-line {# #} comments (use {% comment %}): " + ", ".join(found)


@pytest.mark.django_db
def test_no_page_shows_a_template_comment(client):
    page = client.get("/").content.decode()
    assert "{#" not in page and "#}" not in page
