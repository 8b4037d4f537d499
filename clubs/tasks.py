"""Background work for availability: answer links, reminders and the lineup by e-mail.

Tasks run through Django's tasks framework (``settings.TASKS``), so making links
for a whole squad never holds up a coach's request; each mail then goes through the
outbox (``outbox.services.mail_send``), delivered and retried on its own. The
reminder is enqueued with ``run_after`` on backends that can defer (django-tasks-db);
the task itself re-checks the game's ``remind_at``, so moving the reminder makes
the earlier scheduled run a no-op.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from outbox.services import mail_send

from .audit import audit_record
from .models import Game, GameShare, Player
from .services import answer_link_create
from .sharing import share_expires_at, share_token, shared_lineup


def _mail_link(*, player: Player, game: Game, address: str, base_url: str, reminder: bool) -> None:
    """One personal answer link to one address, in the language the coach used and on the
    club's clock (the caller activates both: _mail_links)."""
    token = answer_link_create(player=player, game=game, sent_to=address)
    context = {
        "player": player,
        "game": game,
        "team": game.team,
        "url": f"{base_url.rstrip('/')}/a/{token}/",
        "reminder": reminder,
        "expires_at": game.kickoff,
    }
    _mail("clubs/manage/emails/answer-link", context, address)


def _mail(name: str, context: dict[str, Any], address: str) -> None:
    mail_send(
        subject=render_to_string(f"{name}-subject.txt", context).strip(),
        body=render_to_string(f"{name}-body.txt", context),
        html=render_to_string(f"{name}-body.html", context),
        to=[address],
    )


def recipients(game: Game, *, unanswered_only: bool) -> list[Player]:
    """Active players with somewhere to write: their own address or a contact's."""
    players = (
        game.team.active_players().filter(Q(email__gt="") | Q(contacts__isnull=False)).distinct()
    )
    if unanswered_only:
        players = players.exclude(availability__game=game)
    return list(players.prefetch_related("contacts").order_by("number"))


def _mail_links(game: Game, base_url: str, *, reminder: bool, language: str) -> int:
    """A fresh personal link to each player's address and each of their contacts (only
    for players yet to answer, for a reminder); the number of mails."""
    players = recipients(game, unanswered_only=reminder)
    sent = 0
    with translation.override(language), timezone.override(game.team.club.zone):
        for player in players:
            for address in player.addresses():
                _mail_link(
                    player=player, game=game, address=address, base_url=base_url, reminder=reminder
                )
                sent += 1
        n, what = len(players), {"game": str(game), "n": len(players), "sent": sent}
        if reminder:
            summary = ngettext(
                "sent reminders for %(game)s to %(n)s player (%(sent)s addresses)",
                "sent reminders for %(game)s to %(n)s players (%(sent)s addresses)",
                n,
            )
        else:
            summary = ngettext(
                "sent answer links for %(game)s to %(n)s player (%(sent)s addresses)",
                "sent answer links for %(game)s to %(n)s players (%(sent)s addresses)",
                n,
            )
    _record_sent(game, summary % what)
    return sent


def _record_sent(game: Game, summary: str) -> None:
    """The audit event of a mail-out: made by the site itself, not by a person."""
    audit_record(
        by=None,
        by_name="teamcoach",
        club=game.team.club,
        team=game.team,
        obj=game,
        action="send",
        summary=summary,
    )


@task
def send_answer_links(game_id: int, base_url: str, language: str = "en") -> int:
    """E-mail every active player with an address a fresh personal answer link (in
    ``language``, the one the coach was using)."""
    game = Game.objects.select_related("team__club").get(pk=game_id)
    if game.kickoff <= timezone.now():
        return 0
    return _mail_links(game, base_url, reminder=False, language=language)


@task
def send_reminders(game_id: int, base_url: str, remind_at: str, language: str = "en") -> int:
    """At the coach's time: a new link to each player who has not answered yet."""
    game = Game.objects.select_related("team__club").get(pk=game_id)
    if game.remind_at is None or game.remind_at.isoformat() != remind_at:
        return 0  # the coach moved or cancelled this reminder
    if game.kickoff <= timezone.now():
        return 0
    return _mail_links(game, base_url, reminder=True, language=language)


def reminder_schedule(*, game: Game, base_url: str, remind_at: dt.datetime) -> bool:
    """Enqueue the reminder for ``remind_at``. False when the task backend cannot defer."""
    if not default_task_backend.supports_defer:
        return False
    send_reminders.using(run_after=remind_at).enqueue(
        game.pk, base_url, remind_at.isoformat(), translation.get_language() or "en"
    )
    return True


@task
def send_lineup(share_id: int, base_url: str, language: str = "en") -> int:
    """ "Send the lineup": to every player's address and every contact, with the game's
    share link and that recipient's own answer link; the number of mails."""
    share = GameShare.objects.select_related("game__team__club").filter(pk=share_id).first()
    if share is None or share.revoked_at is not None:
        return 0
    game = share.game
    if game.kickoff <= timezone.now() or share_expires_at(game) <= timezone.now():
        return 0
    base = base_url.rstrip("/")
    sent = 0
    players = recipients(game, unanswered_only=False)
    # In the coach's language and on the club's clock, like the answer links.
    with translation.override(language), timezone.override(game.team.club.zone):
        lineup = shared_lineup(game)
        for player in players:
            for address in player.addresses():
                token = answer_link_create(player=player, game=game, sent_to=address)
                context = {
                    "player": player,
                    "game": game,
                    "team": game.team,
                    "lineup": lineup,
                    "share_url": f"{base}/s/{share_token(share)}/",
                    "answer_url": f"{base}/a/{token}/",
                }
                _mail("clubs/manage/emails/lineup", context, address)
                sent += 1
    summary = ngettext(
        "sent the lineup for %(game)s to %(n)s player (%(sent)s addresses)",
        "sent the lineup for %(game)s to %(n)s players (%(sent)s addresses)",
        len(players),
    )
    _record_sent(game, summary % {"game": str(game), "n": len(players), "sent": sent})
    return sent
