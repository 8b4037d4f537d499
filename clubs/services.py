"""Every write to a club's data: one keyword-only function per action.

Each runs in one transaction, calls ``full_clean()`` before ``save()``, and
records an :class:`~clubs.models.AuditEvent` saying who changed what (the helpers
are in :mod:`clubs.audit`). Edits carry the ``version`` the form was loaded with;
if someone saved in between, :class:`~clubs.audit.StaleEdit` is raised instead of
overwriting their change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .audit import (
    StaleEdit,
    actor_name,
    apply_changes,
    audit,
    create_and_audit,
    delete_and_audit,
    lock_at_version,
    plain,
    save_and_audit,
    save_checked,
    update_and_audit,
)
from .models import (
    RESTORE_WINDOW,
    Answer,
    AnswerLink,
    AuditEvent,
    Availability,
    AvailabilityEdit,
    CalendarFeed,
    Club,
    Game,
    GameShare,
    Player,
    PlayerContact,
    PlayerPosition,
    SavedLineup,
    Team,
    new_feed_token,
)

DAYS = RESTORE_WINDOW.days

#: How long an answer link stays valid after kick-off (the game is over by then).
ANSWER_LINK_GRACE = dt.timedelta(hours=3)


# --- clubs ---------------------------------------------------------------------------


@transaction.atomic
def club_create(*, name: str, slug: str, by: Any, time_zone: str = "") -> Club:
    """A new club with ``by`` as its first admin (on the site's clock unless ``time_zone``)."""
    club = Club(name=name, slug=slug)
    if time_zone:
        club.time_zone = time_zone
    summary = _("created the club %(club)s") % {"club": club.name}
    save_and_audit(club, action=AuditEvent.Action.CREATE, summary=summary, by=by)
    club.admins.add(by)
    return club


@transaction.atomic
def club_update(*, club: Club, data: Mapping[str, Any], by: Any) -> Club:
    """Rename a club, change its URL name or its time zone (a club admin's action)."""
    summary = _("changed the club %(name)s")
    return update_and_audit(club, data, version=None, by=by, summary=summary)


@transaction.atomic
def club_delete(*, club: Club, by: Any) -> None:
    """Delete a club: hidden at once with its teams, restorable by its admins for
    ``RESTORE_WINDOW`` (:func:`club_restore`), then purged (:func:`purge_deleted`)."""
    club = lock_at_version(Club, club.pk, None)
    _soft_delete(
        club, _("deleted the club %(name)s (its admins can restore it for %(days)s days)"), by
    )


@transaction.atomic
def club_restore(*, club: Club, by: Any) -> Club:
    """Bring a deleted club back, with the teams it had when it was deleted."""
    return _soft_delete(club, _("restored the club %(name)s"), by, undo=True)


def _soft_delete[M: (Club, Team)](obj: M, summary: str, by: Any, *, undo: bool = False) -> M:
    """Set ``deleted_at`` — or, with ``undo``, clear it — with its audit line."""
    if undo:
        obj = type(obj).all_objects.select_for_update().get(pk=obj.pk)
    obj.deleted_at = None if undo else timezone.now()
    obj.save(update_fields=["deleted_at"])
    action = AuditEvent.Action.RESTORE if undo else AuditEvent.Action.DELETE
    audit(obj, action=action, summary=summary % {"name": obj.name, "days": DAYS}, by=by)
    return obj


@transaction.atomic
def purge_deleted(*, now: dt.datetime | None = None, by_name: str) -> tuple[int, int]:
    """Remove for good the clubs and teams deleted longer than ``RESTORE_WINDOW`` ago,
    with their players, games and answers: (clubs, teams). Their audit lines stay,
    with the names kept as text."""
    clubs = list(Club.all_objects.expired(now).select_for_update())
    teams = list(Team.all_objects.expired(now).exclude(club__in=clubs).select_for_update())
    gone: list[Club | Team] = [*teams, *clubs]
    for obj in gone:
        summary = _("purged %(name)s, deleted on %(day)s") % {
            "name": obj.name,
            "day": timezone.localdate(obj.deleted_at).isoformat(),
        }
        audit(obj, action=AuditEvent.Action.PURGE, summary=summary, by=None, by_name=by_name)
        obj.delete()
    return len(clubs), len(teams)


# --- teams ---------------------------------------------------------------------------


@transaction.atomic
def team_create(*, club: Club, data: Mapping[str, Any], by: Any) -> Team:
    """A new team in ``club``; a club admin's action."""
    return create_and_audit(Team(club=club), data, summary=_("created the team %(name)s"), by=by)


@transaction.atomic
def team_update(*, team: Team, data: Mapping[str, Any], version: int | None, by: Any) -> Team:
    """Change a team's settings, unless someone else did since ``version``."""
    summary = _("changed the team %(name)s")
    return update_and_audit(team, data, version=version, by=by, summary=summary)


@transaction.atomic
def team_delete(*, team: Team, version: int | None = None, by: Any) -> None:
    """Delete a team: hidden at once with its players and games, restorable by the club's
    admins for ``RESTORE_WINDOW`` (:func:`team_restore`), then purged."""
    team = lock_at_version(Team, team.pk, version)
    summary = _("deleted the team %(name)s (the club's admins can restore it for %(days)s days)")
    _soft_delete(team, summary, by)


@transaction.atomic
def team_restore(*, team: Team, by: Any) -> Team:
    """Bring a deleted team back with its players, games and history."""
    return _soft_delete(team, _("restored the team %(name)s"), by, undo=True)


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


@dataclass(frozen=True)
class Contact:
    """A contact as typed (form, CSV, API): who hears about the player's games."""

    name: str
    email: str
    phone: str = ""

    def __str__(self) -> str:
        return contacts_text([self])


def contacts_text(contacts: Iterable[Any]) -> str:
    """``Ann Smith <ann@example.org> 0123; …`` — the CSV cell and the audit line."""
    parts = []
    for c in contacts:
        text = f"{c.name} <{c.email}>"
        parts.append(f"{text} {c.phone}" if c.phone else text)
    return "; ".join(parts)


def _contacts_set(player: Player, contacts: Iterable[Contact]) -> dict[str, list[Any]]:
    """Replace the player's contacts with ``contacts``; return what changed.

    A bad one is a ValidationError naming the row (``contacts.0``).
    """
    before = [Contact(c.name, c.email, c.phone) for c in player.contacts.all()]
    after = list(contacts)
    if before == after:
        return {}
    player.contacts.all().delete()
    rows = [PlayerContact(player=player, name=c.name, email=c.email, phone=c.phone) for c in after]
    seen: set[str] = set()
    for index, row in enumerate(rows):
        try:
            row.full_clean(exclude=["player"], validate_unique=False)
            if row.email.casefold() in seen:
                raise ValidationError(
                    {"email": _("%(email)s is listed twice.") % {"email": row.email}}
                )
        except ValidationError as error:
            messages = [m for ms in error.message_dict.values() for m in ms]
            raise ValidationError({f"contacts.{index}": " ".join(messages)}) from None
        seen.add(row.email.casefold())
    PlayerContact.objects.bulk_create(rows)
    return {"contacts": [contacts_text(before) or None, contacts_text(after) or None]}


@transaction.atomic
def player_create(
    *,
    team: Team,
    data: Mapping[str, Any],
    ratings: Mapping[str, int],
    contacts: Iterable[Contact] = (),
    by: Any,
) -> Player:
    """Add a player to the squad with their positions, ratings and contacts."""
    player = Player(team=team)
    apply_changes(player, data)
    summary = _("added %(player)s to the squad") % {"player": player}
    contacts = list(contacts)
    changes = {"positions": [None, _ratings_text(ratings)]}
    if contacts:
        changes["contacts"] = [None, contacts_text(contacts)]
    save_and_audit(player, action="create", summary=summary, by=by, changes=changes)
    _ratings_set(player, ratings)
    _contacts_set(player, contacts)
    return player


@transaction.atomic
def player_update(
    *,
    player: Player,
    data: Mapping[str, Any],
    ratings: Mapping[str, int] | None,
    version: int | None,
    by: Any,
    contacts: Iterable[Contact] | None = None,
) -> Player:
    """Change a player, their ratings and contacts, unless someone else did since
    ``version``.

    ``data`` may hold only some fields (an API PATCH); ``ratings=None`` and
    ``contacts=None`` keep them.
    """
    player = lock_at_version(Player, player.pk, version)
    changes = apply_changes(player, data)
    player.full_clean()  # before the ratings are touched
    if ratings is not None:
        changes |= _ratings_set(player, ratings)
    if contacts is not None:
        changes |= _contacts_set(player, contacts)
    if changes:
        summary = _("changed %(player)s") % {"player": player}
        save_and_audit(player, action="update", summary=summary, by=by, changes=changes)
    return player


@transaction.atomic
def player_retire(*, player: Player, by: Any, now: dt.datetime | None = None) -> Player:
    """Take a player out of the squad; their history (answers, audit) stays."""
    player = lock_at_version(Player, player.pk, None)
    if player.retired_at is None:
        player.retired_at = now or timezone.now()
        summary = _("took %(player)s out of the squad") % {"player": player}
        save_and_audit(player, action="retire", summary=summary, by=by)
    return player


@transaction.atomic
def player_delete(*, player: Player, version: int | None = None, by: Any) -> None:
    """Delete a player with their positions and answers (the API's DELETE).

    The forms retire players instead (:func:`player_retire`), which keeps their history.
    """
    player = lock_at_version(Player, player.pk, version)
    summary = _("deleted %(player)s and their answers") % {"player": player}
    delete_and_audit(player, summary=summary, by=by)


# --- games ---------------------------------------------------------------------------


def _kickoff_text(game: Game) -> str:
    return date_format(timezone.localtime(game.kickoff), "SHORT_DATETIME_FORMAT")


@transaction.atomic
def game_create(*, team: Team, data: Mapping[str, Any], by: Any) -> Game:
    game = Game(team=team)
    apply_changes(game, data)
    summary = _("scheduled %(game)s on %(kickoff)s") % {
        "game": game,
        "kickoff": _kickoff_text(game) if game.kickoff else "?",
    }
    return save_and_audit(game, action="create", summary=summary, by=by)


@transaction.atomic
def game_update(*, game: Game, data: Mapping[str, Any], version: int | None, by: Any) -> Game:
    summary = _("changed %(name)s")
    return update_and_audit(game, data, version=version, by=by, summary=summary)


@transaction.atomic
def game_delete(*, game: Game, version: int | None = None, by: Any) -> None:
    """Delete a game with its answers and rotation plans."""
    game = lock_at_version(Game, game.pk, version)
    summary = _("deleted %(game)s on %(kickoff)s") % {"game": game, "kickoff": _kickoff_text(game)}
    delete_and_audit(game, summary=summary, by=by)


@transaction.atomic
def game_finish(*, game: Game, by: Any, now: dt.datetime | None = None) -> Game:
    """Mark a game that has kicked off as finished: it leaves "now playing" at once."""
    now = now or timezone.now()
    game = lock_at_version(Game, game.pk, None)
    if game.kickoff > now:
        raise ValidationError(_("A game can be marked finished only once it has kicked off."))
    if game.finished_at is not None:
        return game
    game.finished_at = now
    summary = _("marked %(game)s as finished") % {"game": game}
    return save_and_audit(game, action="update", summary=summary, by=by)


@transaction.atomic
def game_reopen(*, game: Game, by: Any) -> Game:
    """Undo "finished": the game is current again until its scheduled end."""
    game = lock_at_version(Game, game.pk, None)
    if game.finished_at is None:
        return game
    game.finished_at = None
    summary = _("marked %(game)s as not finished") % {"game": game}
    return save_and_audit(game, action="update", summary=summary, by=by)


# --- the coach's lineup for a game ---------------------------------------------------


def _choice_at(game: Game, version: int | None) -> SavedLineup:
    """The game's lineup row, locked (a new, unsaved one if missing); ``StaleEdit`` if it
    moved past the ``version`` the page was loaded at (``0``: the page saw no row yet)."""
    current = SavedLineup.objects.select_for_update().filter(game=game).first()
    if current is None:
        return SavedLineup(game=game)
    current.game = game
    if version is not None and current.version != version:
        last = (
            AuditEvent.objects.filter(object_type="savedlineup", object_id=current.pk)
            .order_by("-at", "-pk")
            .first()
        )
        raise StaleEdit(
            current, last.actor_name if last else _("someone"), last.at if last else None
        )
    return current


def _ids(keys: Iterable[str]) -> list[int]:
    return sorted(int(k) for k in keys)


@transaction.atomic
def lineup_choose(
    *,
    game: Game,
    pinned: Collection[str],
    locked: Mapping[str, int],
    excluded: Collection[str],
    formation: str,
    version: int | None,
    by: Any,
    summary: str,
) -> SavedLineup:
    """Store the coach's pins, locks and players left out for ``game`` (player ids as
    strings, ``locked`` to slot indices of ``formation``). A saved lineup becomes a
    suggestion again: the coach saves the new one when it suits them."""
    choice = _choice_at(game, version)
    data = {
        "pinned": _ids(pinned),
        "locked": {str(k): int(v) for k, v in sorted(locked.items(), key=lambda kv: kv[1])},
        "excluded": _ids(excluded),
        "formation": formation,
    }
    changes = apply_changes(choice, data)
    if not changes:
        return choice
    if choice.saved_at is not None:
        changes["saved_at"] = [plain(choice.saved_at), None]
        choice.starters, choice.saved_at, choice.saved_by, choice.saved_by_name = [], None, None, ""
    return save_and_audit(choice, action="update", summary=summary, by=by, changes=changes)


@transaction.atomic
def lineup_save(
    *,
    game: Game,
    starters: Sequence[int | None],
    formation: str,
    version: int | None,
    by: Any,
    pinned: Collection[str] | None = None,
    locked: Mapping[str, int] | None = None,
    excluded: Collection[str] | None = None,
    by_name: str = "",
) -> SavedLineup:
    """Save ``starters`` (a player id or ``None`` per slot of ``formation``) as the game's
    lineup: everyone with access sees it from now on. Optionally replaces the coach's
    choices in the same step (a re-suggestion)."""
    choice = _choice_at(game, version)
    team_ids = set(game.team.players.values_list("pk", flat=True))
    given = [pk for pk in starters if pk is not None]
    if len(set(given)) != len(given) or not set(given) <= team_ids:
        raise ValidationError(_("A lineup names each player of the team at most once."))
    if pinned is not None:
        choice.pinned = _ids(pinned)
    if locked is not None:
        choice.locked = {str(k): int(v) for k, v in locked.items()}
    if excluded is not None:
        choice.excluded = _ids(excluded)
    before = list(choice.starters) if choice.saved_at else None
    choice.starters = [None if pk is None else int(pk) for pk in starters]
    choice.formation = formation
    choice.saved_at = timezone.now()
    choice.saved_by = by if getattr(by, "is_authenticated", False) else None
    choice.saved_by_name = actor_name(by) or by_name or _("someone")
    numbers = dict(game.team.players.filter(pk__in=given).values_list("pk", "number"))
    text = ", ".join(f"No. {numbers[pk]}" if pk is not None else "—" for pk in choice.starters)
    summary = _("saved the lineup for %(game)s: %(starters)s") % {"game": game, "starters": text}
    changes = {"starters": [before, choice.starters]}
    return save_and_audit(
        choice, action="update", summary=summary, by=by, changes=changes, by_name=by_name
    )


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
    else:
        row = current or Availability(game=game, player=player)
        row.answer = answer
        save_checked(row)
    audit(
        game,
        by=by,
        by_name=by_name,
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


def _answer_label(answer: str) -> str:
    return str(Answer(answer).label) if answer else _("No answer")


@transaction.atomic
def availability_edit(
    *,
    game: Game,
    answers: Mapping[Player, str],
    seen: Mapping[Player, str],
    key: str,
    by: Any,
) -> AvailabilityEdit:
    """The coach's availability form, sent at once or replayed from a phone's queue.

    ``seen`` holds each player's answer as the page showed it. A player whose answer
    changed elsewhere since (to something else than the coach chose) is not overwritten:
    the edit answers 409 with a sentence naming them and their new answers, and the
    other players are saved. The same ``key`` sent again stores nothing more and gets
    the first answer back (status and message).
    """
    Game.objects.select_for_update().filter(pk=game.pk).first()  # one edit of a game at a time
    if key:
        done = AvailabilityEdit.objects.filter(game=game, key=key).first()
        if done is not None:
            return done
    current = dict(Availability.objects.filter(game=game).values_list("player_id", "answer"))
    edit = AvailabilityEdit(game=game, key=key)
    for player, answer in answers.items():
        now = current.get(player.pk, "")
        if player in seen and seen[player] != now and answer != now:
            edit.kept.append([player.pk, now])
        else:
            edit.changed += availability_set(game=game, player=player, answer=answer, by=by)
    if key:
        edit.save()
    return edit


def availability_edit_message(edit: AvailabilityEdit) -> str:
    """What the coach is told about an edit (in their language, also on a replay): how
    many answers changed, and whose answer changed meanwhile, to what."""
    saved = ngettext(
        "Availability saved: %(n)s answer changed.",
        "Availability saved: %(n)s answers changed.",
        edit.changed,
    ) % {"n": edit.changed}
    if not edit.kept:
        return saved
    names = dict(
        Player.objects.filter(pk__in=[pk for pk, _a in edit.kept]).values_list("pk", "name")
    )
    listed = ", ".join(
        _("%(player)s (now %(answer)s)")
        % {"player": names.get(pk, "?"), "answer": _answer_label(answer)}
        for pk, answer in edit.kept
    )
    message = ngettext(
        "The answer of %(players)s changed meanwhile and was not overwritten.",
        "The answers of %(players)s changed meanwhile and were not overwritten.",
        len(edit.kept),
    ) % {"players": listed}
    return f"{message} {saved}" if edit.changed else message


# --- calendar feeds ------------------------------------------------------------------
# The secret address never goes into the trail: coaches read the history.


@transaction.atomic
def calendar_feed_create(*, team: Team, by: Any, by_name: str = "") -> CalendarFeed:
    """Publish the team's fixtures at a new secret calendar address."""
    feed = CalendarFeed(
        team=team, created_by=by if getattr(by, "is_authenticated", False) else None
    )
    summary = _("published the fixtures of %(team)s as a calendar") % {"team": team.name}
    return save_and_audit(feed, action="create", summary=summary, by=by, by_name=by_name)


@transaction.atomic
def calendar_feed_rotate(*, feed: CalendarFeed, by: Any, by_name: str = "") -> CalendarFeed:
    """A new address for the feed: the old one stops working at once."""
    feed = lock_at_version(CalendarFeed, feed.pk, None)
    feed.token = new_feed_token()
    feed.rotated_at = timezone.now()
    summary = _("replaced the calendar address of %(team)s") % {"team": feed.team.name}
    return save_and_audit(feed, action="update", summary=summary, by=by, by_name=by_name)


@transaction.atomic
def calendar_feed_delete(*, feed: CalendarFeed, by: Any) -> None:
    """Switch the feed off: its address answers 404 from now on."""
    summary = _("switched off the calendar of %(team)s") % {"team": feed.team.name}
    delete_and_audit(feed, summary=summary, by=by)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def answer_link_create(*, player: Player, game: Game, sent_to: str = "") -> str:
    """A fresh personal link token for one player and game; only its hash is stored.

    An older mailed link to the same address (``sent_to``) is revoked, so the newest
    mail wins; the links mailed to the player's other contacts, and the one the coach
    copies, keep working.
    """
    AnswerLink.objects.filter(
        player=player, game=game, sent_to=sent_to, salt="", revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    AnswerLink.objects.create(
        player=player,
        game=game,
        token_hash=token_hash(token),
        expires_at=game.kickoff + ANSWER_LINK_GRACE,
        sent_to=sent_to,
    )
    return token


@transaction.atomic
def answer_links_for_copying(*, game: Game, by: Any) -> int:
    """Make each active player's answer link that the coach copies (for WhatsApp or
    SMS), where they have none yet; how many were made. The token is derived from a
    stored salt (``clubs.sharing.derived_token``), so the page can show it again."""
    from .sharing import derived_token

    have = set(
        AnswerLink.objects.usable()
        .filter(game=game)
        .exclude(salt="")
        .values_list("player_id", flat=True)
    )
    made = 0
    for player in game.team.active_players().exclude(pk__in=have):
        salt = secrets.token_hex(16)
        AnswerLink.objects.create(
            player=player,
            game=game,
            token_hash=token_hash(derived_token(salt, "answer")),
            expires_at=game.kickoff + ANSWER_LINK_GRACE,
            salt=salt,
        )
        made += 1
    if made:
        summary = ngettext(
            "made %(n)s answer link to copy for %(game)s",
            "made %(n)s answer links to copy for %(game)s",
            made,
        ) % {"n": made, "game": game}
        audit(game, action="send", summary=summary, by=by)
    return made


# --- share links ---------------------------------------------------------------------
# Like the calendar address, the secret never goes into the trail.


@transaction.atomic
def game_share_create(*, game: Game, by: Any, by_name: str = "") -> GameShare:
    """A new share link for the game; an older one stops working (it answers 410)."""
    from .sharing import derived_token

    now = timezone.now()
    GameShare.objects.filter(game=game, revoked_at__isnull=True).update(revoked_at=now)
    salt = secrets.token_hex(16)
    share = GameShare(
        game=game,
        salt=salt,
        token_hash=token_hash(derived_token(salt, "share")),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        created_at=now,
    )
    summary = _("made a share link for %(game)s") % {"game": game}
    return save_and_audit(share, action="create", summary=summary, by=by, by_name=by_name)


@transaction.atomic
def game_share_revoke(*, share: GameShare, by: Any, by_name: str = "") -> GameShare:
    """Switch a share link off: from now on it answers 410 ("no longer shared")."""
    share = lock_at_version(GameShare, share.pk, None)
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        summary = _("switched off the share link for %(game)s") % {"game": share.game}
        save_and_audit(share, action="delete", summary=summary, by=by, by_name=by_name)
    return share


#: "Send the lineup" twice within this time asks the coach to confirm.
RESEND_WINDOW = dt.timedelta(minutes=15)


class RecentlySent(Exception):
    """The lineup went out a moment ago; sending again needs the coach's confirmation."""

    def __init__(self, sent_at: dt.datetime) -> None:
        self.sent_at = sent_at
        super().__init__(f"lineup sent at {sent_at}")


@transaction.atomic
def lineup_send(*, game: Game, confirm: bool = False, by: Any) -> GameShare:
    """Mark the lineup as sent with the game's share link (made if there is none); the
    caller enqueues the mails (``clubs.tasks.send_lineup``) with the link returned.

    Raises :class:`RecentlySent` when it went out within ``RESEND_WINDOW`` and the
    coach has not confirmed: a double tap never mails every parent twice.
    """
    game = lock_at_version(Game, game.pk, None)
    share = game.shares.filter(revoked_at__isnull=True).first()
    now = timezone.now()
    if share is None:
        share = game_share_create(game=game, by=by)
    elif share.sent_at and now - share.sent_at < RESEND_WINDOW and not confirm:
        raise RecentlySent(share.sent_at)
    share.sent_at = now
    share.save(update_fields=["sent_at"])
    audit(game, action="send", summary=_("sent the lineup for %(game)s") % {"game": game}, by=by)
    return share


def answer_link_find(token: str, now: dt.datetime | None = None) -> AnswerLink | None:
    """The usable link for ``token``, or None (unknown, tampered, revoked or expired)."""
    if not token or len(token) > 100:
        return None
    return (
        AnswerLink.objects.usable(now)
        .select_related("player__team__club", "game")
        .filter(token_hash=token_hash(token), game__team__in=Team.objects.all())
        .first()
    )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    #: Rows that said what is saved already: nothing to do.
    unchanged: int = 0
    #: Rows that would have renamed a player without the coach's confirmation.
    skipped: int = 0


def _upsert(
    rows: Iterable[Any],
    existing: Mapping[Any, Any],
    *,
    key: Callable[[Any], Any],
    new: Callable[[Any], Any],
    data: Callable[[Any], Mapping[str, Any]],
) -> tuple[ImportResult, list[tuple[Any, Any]]]:
    """Create the rows whose ``key`` is new, update the others: (counts, [(row, obj)…])."""
    created = updated = 0
    saved = []
    for row in rows:
        obj = existing.get(key(row))
        if obj is None:
            obj = new(row)
            created += 1
        else:
            updated += 1
        apply_changes(obj, data(row))
        saved.append((row, save_checked(obj)))
    return ImportResult(created, updated), saved


@transaction.atomic
def roster_import(
    *, team: Team, rows: Iterable[Any], by: Any, renames: Collection[int] = ()
) -> ImportResult:
    """All-or-nothing: add new players and update those whose shirt number exists.

    ``rows`` are :class:`clubs.importers.RosterRow`, already validated. A row that gives
    an existing shirt number another name renames that player only if the coach
    confirmed it (``renames``: those shirt numbers); otherwise the row is left out. A
    row that changes nothing saves nothing (the file the site exports comes back as
    "no changes"). A blank e-mail, fit or contacts cell keeps what we have; a retired
    number comes back. One audit line, when something changed.
    """
    existing = {p.number: p for p in team.players.select_for_update()}
    counts = dict.fromkeys(("created", "updated", "unchanged", "skipped"), 0)
    for row in rows:
        player = existing.get(row.number) or Player(team=team, number=row.number)
        if player.pk is not None and player.name != row.name and row.number not in renames:
            counts["skipped"] += 1
            continue
        data = {"name": row.name, "retired_at": None}
        data |= {"email": row.email} if row.email else {}
        data |= {"fit": row.fit} if row.fit is not None else {}
        fields = apply_changes(player, data)
        contacts = getattr(row, "contacts", None)
        if player.pk is None:
            save_checked(player)  # the positions need the row
            _ratings_set(player, row.ratings)
            _contacts_set(player, contacts or ())
            counts["created"] += 1
        elif (
            fields
            | _ratings_set(player, row.ratings)
            | (_contacts_set(player, contacts) if contacts is not None else {})
        ):
            save_checked(player)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    result = ImportResult(**counts)
    if result.created or result.updated:
        new = ngettext("%(n)s new player", "%(n)s new players", result.created)
        _audit_import(team, result, _("imported the roster: %(new)s, %(updated)s"), new, by)
    return result


def _audit_import(team: Team, result: ImportResult, summary: str, new: str, by: Any) -> None:
    """The one audit line of an import: "imported the roster: 2 new players, 1 updated"."""
    updated = ngettext("%(n)s updated", "%(n)s updated", result.updated)
    parts = {"new": new % {"n": result.created}, "updated": updated % {"n": result.updated}}
    audit(team, action="import", summary=summary % parts, by=by)


@transaction.atomic
def fixtures_import(*, team: Team, rows: Iterable[Any], by: Any) -> ImportResult:
    """All-or-nothing: schedule the games; a game at the same kick-off is updated."""
    result, _saved = _upsert(
        rows,
        {g.kickoff: g for g in team.games.select_for_update()},
        key=lambda row: row.kickoff,
        new=lambda row: Game(team=team, kickoff=row.kickoff),
        data=lambda row: {"opponent": row.opponent, "venue": row.venue, "home_away": row.home_away},
    )
    new = ngettext("%(n)s new game", "%(n)s new games", result.created)
    _audit_import(team, result, _("imported the fixtures: %(new)s, %(updated)s"), new, by)
    return result
