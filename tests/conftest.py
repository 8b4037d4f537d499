"""The real server for end-to-end tests: `make run`'s commands on a free port."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from devtools.live import Server, live_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with live_server(
        tmp_path_factory.mktemp("var"), database_url=os.environ.get("DATABASE_URL", "")
    ) as live:
        yield live
