"""Every write to a game's result: the score, the starters, the events.

Each function runs in one transaction, validates with ``full_clean()`` and records
one audit line (``clubs.audit``). The score carries the ``version`` it was read at
(``0``: "there was no result yet"), so two phones saving at once give one result
and a :class:`~clubs.audit.StaleEdit` for the second; events carry a ``key``, so
sending the same event twice records it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clubs.audit import StaleEdit, apply_changes, audit, delete_and_audit, lock_at_version
from clubs.models import AuditEvent, Game, Player

from .models import EventKind, GameResult, MatchEvent


def _lock_game(game: Game) -> Game:
    """Writes to one game's result queue up behind each other (PostgreSQL row lock)."""
    return lock_at_version(Game, game.pk, None)


def _stale(result: GameResult) -> StaleEdit:
    last = (
        AuditEvent.objects.filter(object_type="gameresult", object_id=result.pk)
        .order_by("-at", "-pk")
        .first()
    )
    return StaleEdit(result, last.actor_name if last else _("someone"), last.at if last else None)


@transaction.atomic
def result_save(
    *, game: Game, goals_for: int, goals_against: int, version: int | None, by: Any
) -> GameResult:
    """Record or correct the score.

    ``version`` is the result's version the writer saw: ``0`` when there was none yet,
    ``None`` to overwrite whatever is there. A different current version raises
    :class:`~clubs.audit.StaleEdit` and saves nothing.
    """
    _lock_game(game)
    result = GameResult.objects.select_for_update().filter(game=game).first()
    if result is None:
        if version:
            raise ValidationError(_("This game has no result to change yet."))
        result = GameResult(game=game)
        action = AuditEvent.Action.CREATE
    else:
        if version is not None and result.version != version:
            raise _stale(result)
        result.version += 1
        action = AuditEvent.Action.UPDATE
    changes = apply_changes(result, {"goals_for": goals_for, "goals_against": goals_against})
    if not changes and action == AuditEvent.Action.UPDATE:
        result.version -= 1
        return result
    result.game = game
    result.full_clean()
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:
        # Another phone created the result between our read and our insert.
        raise _stale(GameResult.objects.get(game=game)) from None
    summary = _("recorded %(score)s against %(opponent)s") % {
        "score": result.score,
        "opponent": game.opponent,
    }
    audit(result, action=action, summary=summary, by=by, changes=changes)
    return result


def _result_of(game: Game) -> GameResult:
    result, _created = GameResult.objects.get_or_create(game=game)
    return result


@transaction.atomic
def starters_set(*, game: Game, players: Iterable[Player], by: Any) -> None:
    """Who started the game (replaces the earlier list; players of other teams refused)."""
    _lock_game(game)
    chosen = {player.pk: player for player in players}
    if any(player.team_id != game.team_id for player in chosen.values()):
        raise ValidationError(_("Every starter must be a player of this team."))
    result = _result_of(game)
    before = set(result.starters.values_list("pk", flat=True))
    if before == set(chosen):
        return
    result.starters.set(list(chosen.values()))
    numbers = sorted(player.number for player in chosen.values())
    summary = _("set the starters for %(game)s: %(numbers)s") % {
        "game": game,
        "numbers": ", ".join(f"No. {n}" for n in numbers) or _("nobody"),
    }
    changes = {"starters": [sorted(before), sorted(chosen)]}
    audit(result, action=AuditEvent.Action.UPDATE, summary=summary, by=by, changes=changes)


def _event_text(event: MatchEvent) -> str:
    names = {
        "player": str(event.player) if event.player else _("unknown"),
        "off": str(event.player_off) if event.player_off else "",
        "minute": event.minute,
        "game": event.game,
    }
    if event.kind == EventKind.SUBSTITUTION:
        if event.player and event.player_off:
            text = _("%(minute)s': %(player)s on for %(off)s, %(game)s")
        elif event.player:
            text = _("%(minute)s': %(player)s on, %(game)s")
        else:
            text = _("%(minute)s': %(off)s off, %(game)s")
    elif event.kind == EventKind.GOAL:
        text = _("%(minute)s': goal by %(player)s, %(game)s")
    elif event.kind == EventKind.ASSIST:
        text = _("%(minute)s': assist by %(player)s, %(game)s")
    elif event.kind == EventKind.YELLOW:
        text = _("%(minute)s': yellow card for %(player)s, %(game)s")
    else:
        text = _("%(minute)s': red card for %(player)s, %(game)s")
    return text % names


@transaction.atomic
def event_record(
    *,
    game: Game,
    kind: str,
    minute: int,
    player: Player | None,
    player_off: Player | None = None,
    period: int | None = None,
    key: str,
    by: Any,
) -> MatchEvent:
    """Record a goal, assist, card or substitution made.

    Idempotent by ``key``: if this game already has an event with the key, that event
    is returned unchanged and nothing else is written.
    """
    if not key or len(key) > 100:
        raise ValidationError({"key": _("Give a key of 1 to 100 characters.")})
    _lock_game(game)
    existing = MatchEvent.objects.filter(game=game, key=key).first()
    if existing is not None:
        return existing
    event = MatchEvent(
        game=game,
        kind=kind,
        minute=minute,
        period=period,
        player=player,
        player_off=player_off,
        key=key,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    event.full_clean()
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        # The same key arrived twice at once: the other request stored it.
        return MatchEvent.objects.get(game=game, key=key)
    audit(event, action=AuditEvent.Action.CREATE, summary=_event_text(event), by=by)
    return event


@transaction.atomic
def event_delete(*, event: MatchEvent, by: Any) -> None:
    """Remove an event recorded by mistake."""
    _lock_game(event.game)
    summary = _("removed %(event)s") % {"event": _event_text(event)}
    delete_and_audit(event, summary=summary, by=by)
