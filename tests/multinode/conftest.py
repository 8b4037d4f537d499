"""The multi-node tier's cluster (tests/multinode/cluster.py), started once for its tests.

Off unless TEAMCOACH_MULTINODE=1 (scripts/multinode.py sets it; .ci/run runs it):
it stops and starts the machine's PostgreSQL, which nothing else should meet by surprise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from conftest import require
from tests.multinode import cluster as multinode


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("TEAMCOACH_MULTINODE") == "1":
        return
    skip = pytest.mark.skip(reason="the multi-node tier: .venv/bin/python scripts/multinode.py")
    for item in items:
        if item.get_closest_marker("multinode"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def cluster() -> Iterator[object]:
    missing = multinode.missing_tools()
    require(not missing, f"needs {', '.join(missing)}")
    with multinode.cluster() as running:
        yield running


def figures(scenario: str, text: str) -> None:
    """One line per scenario in the tier's output: what the issue asks to quote."""
    print(f"\n[multinode] {scenario}: {text}", flush=True)
