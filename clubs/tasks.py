"""Background work for availability: answer links and reminders by e-mail.

Tasks run through Django's tasks framework (``settings.TASKS``), so making links
for a whole squad never holds up a coach's request; each mail then goes through the
outbox (``outbox.services.mail_send``), delivered and retried on its own. The
reminder is enqueued with ``run_after`` on backends that can defer (django-tasks-db);
the task itself re-checks the game's ``remind_at``, so moving the reminder makes
the earlier scheduled run a no-op.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from outbox.services import mail_send

from .audit import audit_record
from .models import Game, Player
from .services import answer_link_create


def _mail_link(*, player: Player, game: Game, base_url: str, reminder: bool) -> None:
    """One personal answer link, in the language the coach used and on the club's clock
    (the caller activates both: _mail_links)."""
    token = answer_link_create(player=player, game=game)
    context = {
        "player": player,
        "game": game,
        "team": game.team,
        "url": f"{base_url.rstrip('/')}/a/{token}/",
        "reminder": reminder,
        "expires_at": game.kickoff,
    }
    name = "clubs/manage/emails/answer-link"
    mail_send(
        subject=render_to_string(f"{name}-subject.txt", context).strip(),
        body=render_to_string(f"{name}-body.txt", context),
        html=render_to_string(f"{name}-body.html", context),
        to=[player.email],
    )


def _recipients(game: Game, *, unanswered_only: bool) -> list[Player]:
    players = game.team.active_players().exclude(email="")
    if unanswered_only:
        players = players.exclude(availability__game=game)
    return list(players.order_by("number"))


def _mail_links(game: Game, base_url: str, *, reminder: bool, language: str) -> int:
    """A fresh personal link to each player (only those yet to answer, for a reminder)."""
    players = _recipients(game, unanswered_only=reminder)
    with translation.override(language), timezone.override(game.team.club.zone):
        for player in players:
            _mail_link(player=player, game=game, base_url=base_url, reminder=reminder)
        n, what = len(players), {"game": str(game), "n": len(players)}
        if reminder:
            summary = ngettext(
                "sent reminders for %(game)s to %(n)s player",
                "sent reminders for %(game)s to %(n)s players",
                n,
            )
        else:
            summary = ngettext(
                "sent answer links for %(game)s to %(n)s player",
                "sent answer links for %(game)s to %(n)s players",
                n,
            )
    audit_record(
        by=None,
        by_name="teamcoach",
        club=game.team.club,
        team=game.team,
        obj=game,
        action="send",
        summary=summary % what,
    )
    return len(players)


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
