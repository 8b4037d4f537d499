"""Every write to a club's data: one keyword-only function per action.

Each runs in one transaction, calls ``full_clean()`` before ``save()``, and
records an :class:`~clubs.models.AuditEvent` saying who changed what. Edits
carry the ``version`` the form was loaded with; if someone saved in between,
:class:`StaleEdit` is raised instead of overwriting their change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    AnswerLink,
    AuditEvent,
    Availability,
    Club,
    Game,
    Player,
    PlayerPosition,
    Team,
)

#: How long an answer link stays valid after kick-off (the game is over by then).
ANSWER_LINK_GRACE = dt.timedelta(hours=3)


class StaleEdit(Exception):
    """The object changed since the form was loaded; nothing was saved."""

    def __init__(self, obj: models.Model, changed_by: str, changed_at: dt.datetime | None) -> None:
        self.obj, self.changed_by, self.changed_at = obj, changed_by, changed_at
        super().__init__(f"{obj} was changed by {changed_by} meanwhile")


def actor_name(user: Any) -> str:
    return str(user) if user is not None and getattr(user, "is_authenticated", False) else ""


def audit_record(
    *,
    by: Any,
    club: Club,
    team: Team | None,
    obj: models.Model | None,
    action: str,
    summary: str,
    changes: Mapping[str, Any] | None = None,
    by_name: str = "",
) -> None:
    """Write one line of the audit trail (call inside the write's transaction)."""
    AuditEvent.objects.create(
        actor=by if getattr(by, "is_authenticated", False) else None,
        actor_name=by_name or actor_name(by) or _("someone"),
        club=club,
        team=team,
        object_type=(obj._meta.model_name or "") if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        action=action,
        summary=summary[:300],
        changes=dict(changes or {}),
    )


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a field value for the audit trail."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _apply(obj: models.Model, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the fields from ``data`` and return what changed as {field: [old, new]}."""
    changes = {}
    for name, new in data.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(obj, name, new)
    return changes


def _lock_at_version(model: type[models.Model], pk: int, version: int | None) -> Any:
    """The row, locked for this transaction — or StaleEdit if its version moved on."""
    current: Any = model._default_manager.select_for_update().get(pk=pk)
    if version is not None and current.version != version:
        last = (
            AuditEvent.objects.filter(object_type=model._meta.model_name, object_id=pk)
            .order_by("-at", "-pk")
            .first()
        )
        raise StaleEdit(
            current, last.actor_name if last else _("someone"), last.at if last else None
        )
    return current


def _team_of(obj: models.Model) -> Team | None:
    return obj if isinstance(obj, Team) else getattr(obj, "team", None)


def _save_and_audit[M: models.Model](
    obj: M,
    *,
    action: str,
    summary: str,
    by: Any,
    changes: Mapping[str, Any] | None = None,
) -> M:
    """The shape of every create and edit: validate, save, record one audit line.

    Saving an existing row counts a new ``version``, so a form or API client that
    loaded the old one gets :class:`StaleEdit` instead of overwriting this change.
    """
    if obj.pk is not None and hasattr(obj, "version"):
        obj.version += 1
    obj.full_clean()
    obj.save()
    team = _team_of(obj)
    audit_record(
        by=by,
        club=team.club if team is not None else cast(Club, obj),
        team=team,
        obj=obj,
        action=action,
        summary=summary,
        changes=changes,
    )
    return obj


def _delete_and_audit(obj: Any, *, summary: str, by: Any) -> None:
    """Record, then delete: the audit line keeps the object's type and id.

    A deleted team's own history goes with it, so its line is kept on the club only.
    """
    team = _team_of(obj)
    assert team is not None
    audit_record(
        by=by,
        club=team.club,
        team=None if obj is team else team,
        obj=obj,
        action="delete",
        summary=summary,
    )
    obj.delete()


# --- clubs ---------------------------------------------------------------------------


@transaction.atomic
def club_create(*, name: str, slug: str, by: Any) -> Club:
    """A new club with ``by`` as its first admin."""
    club = Club(name=name, slug=slug)
    club.full_clean()
    club.save()
    club.admins.add(by)
    audit_record(
        by=by,
        club=club,
        team=None,
        obj=club,
        action=AuditEvent.Action.CREATE,
        summary=_("created the club %(club)s") % {"club": club.name},
    )
    return club


@transaction.atomic
def club_update(*, club: Club, data: Mapping[str, Any], by: Any) -> Club:
    """Rename a club or change its URL name (a club admin's action)."""
    club = _lock_at_version(Club, club.pk, None)
    changes = _apply(club, data)
    if changes:
        summary = _("changed the club %(club)s") % {"club": club}
        _save_and_audit(club, action="update", summary=summary, by=by, changes=changes)
    return club


@transaction.atomic
def club_delete(*, club: Club, by: Any) -> None:
    """Delete a club with all its teams, players, games — and its audit trail."""
    _lock_at_version(Club, club.pk, None).delete()


# --- teams ---------------------------------------------------------------------------


@transaction.atomic
def team_create(*, club: Club, data: Mapping[str, Any], by: Any) -> Team:
    """A new team in ``club``; a club admin's action."""
    team = Team(club=club)
    _apply(team, data)
    summary = _("created the team %(team)s") % {"team": team.name}
    return _save_and_audit(team, action="create", summary=summary, by=by)


@transaction.atomic
def team_update(*, team: Team, data: Mapping[str, Any], version: int | None, by: Any) -> Team:
    """Change a team's settings, unless someone else did since ``version``."""
    team = _lock_at_version(Team, team.pk, version)
    changes = _apply(team, data)
    if changes:
        summary = _("changed the team %(team)s") % {"team": team.name}
        _save_and_audit(team, action="update", summary=summary, by=by, changes=changes)
    return team


@transaction.atomic
def team_delete(*, team: Team, version: int | None = None, by: Any) -> None:
    """Delete a team with its players and games; the club's trail keeps a line about it."""
    team = _lock_at_version(Team, team.pk, version)
    summary = _("deleted the team %(team)s") % {"team": team.name}
    _delete_and_audit(team, summary=summary, by=by)


# --- players -------------------------------------------------------------------------


def _ratings_set(player: Player, ratings: Mapping[str, int]) -> dict[str, list[Any]]:
    """Replace the player's positions with ``ratings``; return what changed.

    A bad rating is a ValidationError naming the position (``positions.GK``).
    """
    before = {p.position: p.rating for p in player.positions.all()}
    if before == dict(ratings):
        return {}
    player.positions.all().delete()
    rows = [PlayerPosition(player=player, position=pos, rating=r) for pos, r in ratings.items()]
    for row in rows:
        try:
            row.full_clean(exclude=["player"])
        except ValidationError as error:
            messages = [m for ms in error.message_dict.values() for m in ms]
            raise ValidationError({f"positions.{row.position}": " ".join(messages)}) from None
    PlayerPosition.objects.bulk_create(rows)
    return {"positions": [_ratings_text(before), _ratings_text(ratings)]}


def _ratings_text(ratings: Mapping[str, int]) -> str:
    return ";".join(f"{p}:{r}" for p, r in ratings.items())


@transaction.atomic
def player_create(
    *, team: Team, data: Mapping[str, Any], ratings: Mapping[str, int], by: Any
) -> Player:
    """Add a player to the squad with their positions and ratings."""
    player = Player(team=team)
    _apply(player, data)
    summary = _("added %(player)s to the squad") % {"player": player}
    changes = {"positions": [None, _ratings_text(ratings)]}
    _save_and_audit(player, action="create", summary=summary, by=by, changes=changes)
    _ratings_set(player, ratings)
    return player


@transaction.atomic
def player_update(
    *,
    player: Player,
    data: Mapping[str, Any],
    ratings: Mapping[str, int] | None,
    version: int | None,
    by: Any,
) -> Player:
    """Change a player and their ratings, unless someone else did since ``version``.

    ``data`` may hold only some fields (an API PATCH); ``ratings=None`` keeps them.
    """
    player = _lock_at_version(Player, player.pk, version)
    changes = _apply(player, data)
    player.full_clean()  # before the ratings are touched
    if ratings is not None:
        changes |= _ratings_set(player, ratings)
    if changes:
        summary = _("changed %(player)s") % {"player": player}
        _save_and_audit(player, action="update", summary=summary, by=by, changes=changes)
    return player


@transaction.atomic
def player_retire(*, player: Player, by: Any, now: dt.datetime | None = None) -> Player:
    """Take a player out of the squad; their history (answers, audit) stays."""
    player = _lock_at_version(Player, player.pk, None)
    if player.retired_at is None:
        player.retired_at = now or timezone.now()
        summary = _("took %(player)s out of the squad") % {"player": player}
        _save_and_audit(player, action="retire", summary=summary, by=by)
    return player


@transaction.atomic
def player_delete(*, player: Player, version: int | None = None, by: Any) -> None:
    """Delete a player with their positions and answers (the API's DELETE).

    The forms retire players instead (:func:`player_retire`), which keeps their history.
    """
    player = _lock_at_version(Player, player.pk, version)
    summary = _("deleted %(player)s and their answers") % {"player": player}
    _delete_and_audit(player, summary=summary, by=by)


# --- games ---------------------------------------------------------------------------


def _kickoff_text(game: Game) -> str:
    return timezone.localtime(game.kickoff).strftime("%d %b %H:%M")


@transaction.atomic
def game_create(*, team: Team, data: Mapping[str, Any], by: Any) -> Game:
    game = Game(team=team)
    _apply(game, data)
    summary = _("scheduled %(game)s on %(kickoff)s") % {
        "game": game,
        "kickoff": _kickoff_text(game) if game.kickoff else "?",
    }
    return _save_and_audit(game, action="create", summary=summary, by=by)


@transaction.atomic
def game_update(*, game: Game, data: Mapping[str, Any], version: int | None, by: Any) -> Game:
    game = _lock_at_version(Game, game.pk, version)
    changes = _apply(game, data)
    if changes:
        summary = _("changed %(game)s") % {"game": game}
        _save_and_audit(game, action="update", summary=summary, by=by, changes=changes)
    return game


@transaction.atomic
def game_delete(*, game: Game, version: int | None = None, by: Any) -> None:
    """Delete a game with its answers and rotation plans."""
    game = _lock_at_version(Game, game.pk, version)
    summary = _("deleted %(game)s on %(kickoff)s") % {"game": game, "kickoff": _kickoff_text(game)}
    _delete_and_audit(game, summary=summary, by=by)


# --- availability --------------------------------------------------------------------


@transaction.atomic
def availability_set(
    *, game: Game, player: Player, answer: str, by: Any, by_name: str = ""
) -> bool:
    """Record a player's answer ("" clears it). Returns whether anything changed."""
    current = Availability.objects.select_for_update().filter(game=game, player=player).first()
    old = current.answer if current else ""
    if old == answer:
        return False
    if not answer:
        assert current is not None
        current.delete()
    elif current is None:
        row = Availability(game=game, player=player, answer=answer)
        row.full_clean()
        row.save()
    else:
        current.answer = answer
        current.full_clean()
        current.save()
    audit_record(
        by=by,
        by_name=by_name,
        club=game.team.club,
        team=game.team,
        obj=game,
        action="answer",
        summary=_("%(player)s: %(answer)s for %(game)s")
        % {"player": player, "answer": answer or _("no answer"), "game": game},
        changes={"player": player.pk, "answer": [old or None, answer or None]},
    )
    return True


@transaction.atomic
def availability_set_many(*, game: Game, answers: Mapping[Player, str], by: Any) -> int:
    """The coach's availability form: all answers in one transaction; how many changed."""
    return sum(
        availability_set(game=game, player=player, answer=answer, by=by)
        for player, answer in answers.items()
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def answer_link_create(*, player: Player, game: Game) -> str:
    """A fresh personal link token for one player and game; only its hash is stored.

    Any older link for the same player and game is revoked, so the newest mail wins.
    """
    AnswerLink.objects.filter(player=player, game=game, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    AnswerLink.objects.create(
        player=player,
        game=game,
        token_hash=token_hash(token),
        expires_at=game.kickoff + ANSWER_LINK_GRACE,
    )
    return token


def answer_link_find(token: str, now: dt.datetime | None = None) -> AnswerLink | None:
    """The usable link for ``token``, or None (unknown, tampered, revoked or expired)."""
    if not token or len(token) > 100:
        return None
    return (
        AnswerLink.objects.usable(now)
        .select_related("player__team__club", "game")
        .filter(token_hash=token_hash(token))
        .first()
    )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@transaction.atomic
def roster_import(*, team: Team, rows: Iterable[Any], by: Any) -> ImportResult:
    """All-or-nothing: add new players and update those whose shirt number exists.

    ``rows`` are :class:`clubs.importers.RosterRow`, already validated.
    """
    existing = {p.number: p for p in team.players.select_for_update()}
    created = updated = 0
    for row in rows:
        # A blank e-mail cell keeps the address we have; a retired number comes back.
        data = {"name": row.name, "retired_at": None} | ({"email": row.email} if row.email else {})
        player = existing.get(row.number)
        if player is None:
            player = Player(team=team, number=row.number)
            _apply(player, data)
            player.full_clean()
            player.save()
            created += 1
        else:
            _apply(player, data)
            player.version += 1
            player.full_clean()
            player.save()
            updated += 1
        _ratings_set(player, row.ratings)
    audit_record(
        by=by,
        club=team.club,
        team=team,
        obj=team,
        action="import",
        summary=_("imported the roster: %(created)s new players, %(updated)s updated")
        % {"created": created, "updated": updated},
    )
    return ImportResult(created, updated)


@transaction.atomic
def fixtures_import(*, team: Team, rows: Iterable[Any], by: Any) -> ImportResult:
    """All-or-nothing: schedule the games; a game at the same kick-off is updated."""
    existing = {g.kickoff: g for g in team.games.select_for_update()}
    created = updated = 0
    for row in rows:
        data = {"opponent": row.opponent, "venue": row.venue, "home_away": row.home_away}
        game = existing.get(row.kickoff)
        if game is None:
            game = Game(team=team, kickoff=row.kickoff)
            created += 1
        else:
            game.version += 1
            updated += 1
        _apply(game, data)
        game.full_clean()
        game.save()
    audit_record(
        by=by,
        club=team.club,
        team=team,
        obj=team,
        action="import",
        summary=_("imported the fixtures: %(created)s new games, %(updated)s updated")
        % {"created": created, "updated": updated},
    )
    return ImportResult(created, updated)
