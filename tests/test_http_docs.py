"""Every `curl` example in docs/http.md, run in order against the real server.

In each ```sh block, a ``# → <status>`` line follows every command that prints a
response: the test compares every status line the block prints with those lines,
in order — not only the last one. The server is this module's own (SQLite, demo
data), because the examples write.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import require
from devtools.live import ROOT, Server, live_server

pytestmark = pytest.mark.server

DOC = ROOT / "docs" / "http.md"


def blocks() -> list[tuple[str, list[str]]]:
    """(commands, the statuses they print, in order) for each ```sh block of the page."""
    found = re.findall(r"```sh\n(.*?)```", DOC.read_text(), re.S)
    out = []
    for block in found:
        expected = re.findall(r"^# → (\d{3})\s*$", block, re.M)
        assert expected, f"a block in docs/http.md does not say its statuses:\n{block}"
        out.append((block, expected))
    return out


def test_the_page_has_its_examples():
    statuses = [status for _, block_statuses in blocks() for status in block_statuses]
    assert len(blocks()) >= 10 and len(statuses) >= 20
    assert {"200", "304", "405", "412", "201", "204", "415", "422"} <= set(statuses)


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with live_server(tmp_path_factory.mktemp("docs-var")) as live:
        yield live


def test_every_curl_example_in_docs_http_md_answers_as_the_page_says(docs_server, tmp_path):
    require(shutil.which("curl") is not None, "curl is not installed")
    marker = "@@@ block"
    script = ["set -u"]
    for number, (commands, _statuses) in enumerate(blocks()):
        script += [f"echo '{marker} {number}'", commands]
    env = {
        **os.environ,
        "BASE": docs_server.url,
        "TEAMCOACH_VAR_DIR": str(docs_server.var),
        "PATH": f"{tmp_path}:{os.environ['PATH']}",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The page says .venv/bin/teamcoach; run this interpreter's, from a scratch folder.
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "teamcoach").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m teamcoach.cli "$@"\n')
    (venv / "teamcoach").chmod(0o755)
    run = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    outputs = run.stdout.split(marker)[1:]
    expected = blocks()
    assert len(outputs) == len(expected)
    for output, (commands, statuses) in zip(outputs, expected, strict=True):
        # Unanchored: a body without a final newline runs into the next status line.
        got = re.findall(r"HTTP/\d(?:\.\d)? (\d{3})\b", output)
        assert got == statuses, f"{commands}\n--- got {got}:\n{output[-3000:]}"
    assert Path(tmp_path / "lineup.pdf").read_bytes().startswith(b"%PDF-")
