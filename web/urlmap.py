"""The site's URL map, remembered: each address is matched against the patterns once
per process, not on every request.

Django tries a URL map's patterns in order on every request (a team's rotation page
sits behind about fifty of them: 30 µs of a 370 µs kept page). Which view answers an
address never changes while the process runs, so :class:`RememberedURLMap` keeps the
last few thousand answers; addresses nothing answers (404) are not kept, so made-up
ones cannot fill it.
"""

from __future__ import annotations

import functools
from typing import Any

from django.urls import URLPattern, URLResolver
from django.urls.resolvers import ResolverMatch, RoutePattern

#: Distinct addresses remembered per process (a team page per team, size and game).
REMEMBERED = 4096


class RememberedURLMap(URLResolver):
    """``patterns`` at the root of the site, as ``path("", include(patterns))`` would
    mount them, with each successful match remembered."""

    def __init__(self, patterns: list[URLPattern | URLResolver]) -> None:
        super().__init__(RoutePattern(""), patterns)
        self._remembered = functools.lru_cache(maxsize=REMEMBERED)(self._match)

    def _match(self, path: str) -> ResolverMatch:
        match = super().resolve(path)
        # What was tried before the match is for debugging a 404; nobody reads it
        # after a match, and the root map would copy it on every request.
        match.tried = None
        return match

    def resolve(self, path: Any) -> ResolverMatch:
        return self._remembered(str(path))
