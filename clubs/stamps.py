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
import hashlib
from typing import Any

from django.core.cache import caches
from django.db.models import CharField, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.db.models.signals import m2m_changed, post_delete, post_save

from web.models import Stamp
from web.prepared import Prepared, instance
from web.validators import KEPT, bump, page_cache_seconds, release, stamp_counts

from .models import Club, Coach, Game, Player, SavedLineup, Team, games_to_come_of


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


#: The stamp of which teams exist and who may see them (the API's team list): bumped by a
#: change to a team or a club row, a club's admins or a team's coaches. Rare writes, so
#: one counter for all (an answer or a rating does not touch it).
TEAMS_KEY = "teams"


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    teams = _team_ids(instance)
    keys = [team_key(pk) for pk in teams]
    if isinstance(instance, (Team, Club, Coach)) or sender is Club.admins.through:
        keys.append(TEAMS_KEY)
    if keys:
        bump(keys)


def _admins_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        # From either side: club.admins.add(user) or user.club_set.add(club).
        bump([TEAMS_KEY])
        if isinstance(instance, Club):
            _changed(Club, instance)


def connect() -> None:
    """Called once from ``ClubsConfig.ready``."""
    post_save.connect(_changed, dispatch_uid="clubs.stamps.saved")
    post_delete.connect(_changed, dispatch_uid="clubs.stamps.deleted")
    m2m_changed.connect(_admins_changed, sender=Club.admins.through, dispatch_uid="clubs.admins")


# --- The team a page is about, and what its pages depend on -----------------------------


_TEAM_FIELDS = [f.attname for f in Team._meta.concrete_fields]
_CLUB_FIELDS = [f.attname for f in Club._meta.concrete_fields]


def _team_with_club_and_stamp(slug: str) -> QuerySet[Team]:
    count = Stamp.objects.filter(
        key=Concat(Value("team:"), Cast(OuterRef("pk"), output_field=CharField()))
    ).values("count")[:1]
    club = [f"club__{name}" for name in _CLUB_FIELDS]
    found = Team.objects.filter(slug=slug).annotate(stamp_count=Subquery(count))
    return found.values_list(*_TEAM_FIELDS, *club, "stamp_count")


#: The team, its club and its stamp in one statement, compiled once (web.prepared).
_TEAM_CALLED = Prepared(_team_with_club_and_stamp, slug=Team._meta.get_field("slug"))


def team_called(slug: str) -> Team:
    """The team called ``slug`` with its club, and its stamp count as ``team.stamp``.

    Kept in the page cache under the slug: while the team's stamp has not moved, nothing
    of the team or its club has changed, so a revalidation costs one indexed query (the
    stamp) instead of building the row. Read fresh — row and stamp in one statement, so
    they agree — when the stamp moved or nothing is kept. Raises ``Team.DoesNotExist``.
    """
    seconds = page_cache_seconds()
    # Hashed: an address may carry any text, and a cache key must be short and plain.
    key = f"team-called:{release()}:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"
    if seconds > 0:
        kept: Team | None = caches[KEPT].get(key)
        if kept is not None and stamp_counts([team_key(kept.pk)]) == (kept.stamp,):
            return kept
    rows = _TEAM_CALLED.rows(slug=slug)
    if not rows:
        raise Team.DoesNotExist(f"No team called {slug!r}.")
    (row,) = rows
    width = len(_TEAM_FIELDS)
    team = instance(Team, _TEAM_FIELDS, row[:width])
    team.club = instance(Club, _CLUB_FIELDS, row[width:-1])
    team.stamp = row[-1] or 0
    if seconds > 0:
        caches[KEPT].set(key, team, seconds)
    return team


def game_of(team: Team, game_id: int) -> Game:
    """The team's game ``game_id``, kept under the team's stamp like the team (a change
    to a game bumps it). Raises ``Game.DoesNotExist``."""
    seconds = page_cache_seconds()
    key = f"game-of:{release()}:{team.pk}:{stamp_of(team)}:{game_id}"
    game: Game | None = caches[KEPT].get(key) if seconds > 0 else None
    if game is None:
        game = Game.objects.get(team_id=team.pk, pk=game_id)
        if seconds > 0:
            caches[KEPT].set(key, game, seconds)
    return game


def stamp_of(team: Team) -> int:
    """The team's stamp count: as :func:`team_called` read it, else one query."""
    count = getattr(team, "stamp", None)
    if count is None:
        (count,) = stamp_counts([team_key(team.pk)])
    return int(count)


def team_list_depends(user: Any) -> list[object]:
    """What a list of the teams ``user`` may see depends on: which teams and clubs exist
    and who belongs where (:data:`TEAMS_KEY`: one indexed query), and who asks."""
    (count,) = stamp_counts([TEAMS_KEY])
    signed_in = getattr(user, "is_authenticated", False)
    return [count, user.pk if signed_in else None, getattr(user, "is_superuser", False)]


def team_depends(team: Team) -> list[object]:
    """A team page's dependencies: the team row and its stamp (no query after
    :func:`team_called`)."""
    return [team.pk, team.version, team.visibility, stamp_of(team)]


_GAME_FIELDS = [f.attname for f in Game._meta.concrete_fields]
_CHOICE_FIELDS = [f.attname for f in SavedLineup._meta.concrete_fields]
_CHOICE = Game._meta.get_field("lineup_choice")


def _games_with_choices(team_id: int, since: dt.datetime) -> QuerySet[Game]:
    choices = [f"lineup_choice__{name}" for name in _CHOICE_FIELDS]
    return games_to_come_of(team_id, since).values_list(*_GAME_FIELDS, *choices)


#: ``Team.games_to_come`` with each game's stored choices, compiled once (web.prepared).
_GAMES_TO_COME = Prepared(
    _games_with_choices,
    team_id=Game._meta.get_field("team"),
    since=Game._meta.get_field("kickoff"),
)


def _games_to_come(team_id: int, since: dt.datetime) -> list[Game]:
    """The games of :data:`_GAMES_TO_COME`, each with its ``lineup_choice`` (or none) read."""
    games = []
    width = len(_GAME_FIELDS)
    for row in _GAMES_TO_COME.rows(team_id=team_id, since=since):
        game = instance(Game, _GAME_FIELDS, row[:width])
        if row[width] is None:
            _CHOICE.set_cached_value(game, None)
        else:
            game.lineup_choice = instance(SavedLineup, _CHOICE_FIELDS, row[width:])
        games.append(game)
    return games


def lineup_depends(team: Team, now: dt.datetime) -> tuple[list[object], Any]:
    """The lineup's dependencies and the team's current or next game.

    The game is part of them: when a game kicks off or ends, the lineup is for it or the
    next one, with no write in between; whether it is being played shows on the page.
    Which game that is comes from the team's schedule, kept under its stamp (time only
    moves games out of it; adding or moving one is a write): no query on a
    revalidation. The game itself is returned when it was read now, else
    ``clubs.lineups.NEXT`` for the build to look up.
    """
    from .lineups import NEXT

    count = stamp_of(team)
    since = now - team.game_length()
    key = f"schedule:{team.pk}:{count}"
    seconds = page_cache_seconds()
    schedule = caches[KEPT].get(key) if seconds > 0 else None
    game: Any = NEXT
    if schedule is None:
        games = _games_to_come(team.pk, now - team.game_length())
        schedule = [(g.pk, g.version, g.kickoff) for g in games]
        if seconds > 0:
            caches[KEPT].set(key, schedule, seconds)
        game = games[0] if games else None
        if game is not None:
            game.team = team
    current = next((entry for entry in schedule if entry[2] > since), None)
    if current is None:
        game = None
    playing = current is not None and current[2] <= now
    return [
        team.pk,
        team.version,
        team.visibility,
        count,
        current[0] if current else None,
        current[1] if current else None,
        playing,
    ], game
