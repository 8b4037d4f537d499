"""Which stamps a write bumps, and what the team pages depend on (web.validators).

Every row saved or deleted that belongs to a team — the team itself, its players and
their ratings, games, answers, coaches, audit events, and the rows other apps keep per
team or game (rotation settings and plans, …) — bumps the stamp ``team:<id>``, in the
write's own transaction. A change to a club (its rows, its admins) bumps all its teams.
Writes that bypass model signals (``QuerySet.update``, ``bulk_create``) are covered by
the audit event every service writes (``clubs.audit``): it bumps its team too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from web.models import Stamp
from web.validators import bump, stamp_counts

from .models import Club, Game, Player, Team


def team_key(team_id: int) -> str:
    return f"team:{team_id}"


def _team_ids(instance: Model) -> list[int]:
    """The teams whose pages may show ``instance`` (no query for most rows)."""
    if isinstance(instance, Stamp):
        return []
    if isinstance(instance, Team):
        return [instance.pk]
    if isinstance(instance, Club):
        return list(Team.all_objects.filter(club_id=instance.pk).values_list("pk", flat=True))
    team_id = getattr(instance, "team_id", None)
    if team_id:
        return [team_id]
    game_id = getattr(instance, "game_id", None)
    if game_id:
        return list(Game.objects.filter(pk=game_id).values_list("team_id", flat=True))
    player_id = getattr(instance, "player_id", None)
    if player_id:
        return list(Player.objects.filter(pk=player_id).values_list("team_id", flat=True))
    club_id = getattr(instance, "club_id", None)
    if club_id:
        return list(Team.all_objects.filter(club_id=club_id).values_list("pk", flat=True))
    return []


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    teams = _team_ids(instance)
    if teams:
        bump(team_key(pk) for pk in teams)


def _admins_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, Club):
        _changed(Club, instance)


def connect() -> None:
    """Called once from ``ClubsConfig.ready``."""
    post_save.connect(_changed, dispatch_uid="clubs.stamps.saved")
    post_delete.connect(_changed, dispatch_uid="clubs.stamps.deleted")
    m2m_changed.connect(_admins_changed, sender=Club.admins.through, dispatch_uid="clubs.admins")


# --- What the team pages depend on --------------------------------------------------------


def team_depends(team: Team) -> list[object]:
    """A team page's dependencies: the team row and its stamp (one query)."""
    (count,) = stamp_counts([team_key(team.pk)])
    return [team.pk, team.version, team.visibility, count]


def lineup_depends(team: Team, now: dt.datetime | None = None) -> tuple[list[object], Game | None]:
    """The lineup's dependencies and the team's current or next game (two queries).

    The game is part of them: when a game kicks off or ends, the lineup is for it or the
    next one, with no write in between; whether it is being played shows on the page.
    """
    now = now or timezone.now()
    (count,) = stamp_counts([team_key(team.pk)])
    game = team.current_or_next_game(now)
    playing = game is not None and game.kickoff <= now
    return [
        team.pk,
        team.version,
        team.visibility,
        count,
        game.pk if game else None,
        game.version if game else None,
        playing,
    ], game
