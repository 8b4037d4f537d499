"""URL names ("slugs") made from names, so a coach never has to invent one.

A club called "Riverside FC" gets ``riverside-fc``; its team "U10" gets
``riverside-fc-u10`` (team addresses are site-wide: ``/best/<team>/<n>/``). A name
already taken — by a live or a deleted club or team, which keeps its URL name until
it is purged — gets ``-2``, ``-3`` … The forms call this when the URL name is left
empty; ``static/js/slug-field.js`` shows the same base while the coach types.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import models
from django.utils.text import slugify

from .models import RESERVED_TEAM_SLUGS, Club, Team, TeamType

#: URL names the site's own pages use.
RESERVED_CLUB_SLUGS = frozenset({"new"})
RESERVED_TEAM = RESERVED_TEAM_SLUGS | frozenset(TeamType.values)

MAX_LENGTH = 60  # Club.slug and Team.slug


def team_slug_base(club_slug: str, name: str) -> str:
    """The club's URL name and the team's name: ``riverside`` + "U10" → ``riverside-u10``."""
    name_slug = slugify(name)
    if not club_slug or name_slug == club_slug or name_slug.startswith(f"{club_slug}-"):
        return name_slug
    return f"{club_slug}-{name_slug}" if name_slug else club_slug


def free_slug(
    model: type[models.Model],
    base: str,
    *,
    reserved: Collection[str] = (),
    exclude_pk: object = None,
    fallback: str,
) -> str:
    """``base`` (already a slug), or ``base-2``, ``base-3`` … whichever no row holds.

    ``fallback`` stands in for a name with no letter or digit slugify keeps ("!!!").
    """
    base = base[:MAX_LENGTH].strip("-") or fallback
    manager = model.all_objects  # type: ignore[attr-defined]  # deleted rows keep theirs
    taken = set(
        manager.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken or candidate in reserved:
        n += 1
        suffix = f"-{n}"
        candidate = f"{base[: MAX_LENGTH - len(suffix)].rstrip('-')}{suffix}"
    return candidate


def free_club_slug(name: str) -> str:
    return free_slug(Club, slugify(name), reserved=RESERVED_CLUB_SLUGS, fallback="club")


def free_team_slug(club_slug: str, name: str, *, exclude_pk: object = None) -> str:
    base = team_slug_base(club_slug, name)
    return free_slug(Team, base, reserved=RESERVED_TEAM, exclude_pk=exclude_pk, fallback="team")
