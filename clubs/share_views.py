"""Reaching players and parents: the share link, "Send the lineup", answer links to copy.

The coach's actions are POSTs from the game's availability page (lookup → service →
303, like clubs/manage_views.py); ``/s/<token>/`` is the public page the share link
opens, for anyone holding it, without an account.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from web.ratelimit import rate_limit
from web.responses import see_other

from . import services, sharing, tasks
from .models import Game, GameShare
from .permissions import game_for


def _availability_url(game: Game) -> str:
    return reverse("clubs:game_availability", args=[game.team.slug, game.pk])


def _upcoming_or_refuse(request: HttpRequest, game: Game) -> bool:
    """Share links and lineup mails are for games still ahead (or under way)."""
    if timezone.now() >= sharing.share_expires_at(game):
        messages.error(request, _("This game is over; there is nothing left to share."))
        return False
    return True


def availability_extras(request: HttpRequest, game: Game) -> dict[str, object]:
    """What the availability page shows for reaching people: the share link (to copy),
    whether the lineup went out, and each player's answer link to copy."""
    share = sharing.current_share(game)
    base = request.build_absolute_uri("/").rstrip("/")
    links = sharing.copy_links(game)
    return {
        "share": share,
        "share_url": f"{base}/s/{sharing.share_token(share)}/" if share else "",
        "share_open": timezone.now() < sharing.share_expires_at(game),
        "resend": request.GET.get("resend") == "1",
        "copy_links": {pk: f"{base}/a/{token}/" for pk, token in links.items()},
    }


@require_POST
@login_required
def game_share(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Make a new share link for the game (``action=create``; an older one stops
    working) or switch the current one off (``action=revoke``)."""
    game = game_for(request.user, slug, pk, edit=True)
    action = request.POST.get("action", "")
    if action == "revoke":
        share = sharing.current_share(game)
        if share is not None:
            services.game_share_revoke(share=share, by=request.user)
            messages.success(
                request, _("The share link is switched off: it now says “no longer shared”.")
            )
        return see_other(_availability_url(game))
    if action != "create":
        messages.error(request, _("Choose to make or to switch off the share link."))
        return see_other(_availability_url(game))
    if _upcoming_or_refuse(request, game):
        services.game_share_create(game=game, by=request.user)
        messages.success(
            request, _("The share link is ready: copy it into your team's chat, or send it.")
        )
    return see_other(_availability_url(game))


@require_POST
@login_required
def lineup_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """E-mail the lineup to every player and contact, each with their own answer link."""
    game = game_for(request.user, slug, pk, edit=True)
    if not _upcoming_or_refuse(request, game):
        return see_other(_availability_url(game))
    if game.kickoff <= timezone.now():
        messages.error(request, _("The game has kicked off; the lineup can no longer be sent."))
        return see_other(_availability_url(game))
    if not tasks.recipients(game, unanswered_only=False):
        messages.error(
            request,
            _(
                "Nobody in the squad has an e-mail address yet: add the players' own "
                "addresses or their contacts on each player's page, then send."
            ),
        )
        return see_other(_availability_url(game))
    try:
        share = services.lineup_send(
            game=game, confirm=request.POST.get("confirm") == "1", by=request.user
        )
    except services.RecentlySent as sent:
        when = date_format(timezone.localtime(sent.sent_at), "H:i")
        messages.warning(
            request,
            _(
                "The lineup went out at %(when)s; nothing was sent again. To send it once "
                "more (say, after a change), use “Send it again”."
            )
            % {"when": when},
        )
        return see_other(_availability_url(game) + "?resend=1#share")
    tasks.send_lineup.enqueue(
        share.pk, request.build_absolute_uri("/"), translation.get_language() or "en"
    )
    messages.success(request, _("The lineup is on its way to the players and their contacts."))
    return see_other(_availability_url(game))


@require_POST
@login_required
def answer_links_copy(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Make each player's answer link to copy into WhatsApp or a text message."""
    game = game_for(request.user, slug, pk, edit=True)
    if game.kickoff <= timezone.now():
        messages.error(request, _("This game has been played; its answers are final."))
    else:
        services.answer_links_for_copying(game=game, by=request.user)
        messages.success(request, _("Each player's answer link is below, ready to copy."))
    return see_other(_availability_url(game) + "#copy-links")


@rate_limit("links")  # a token guesser gets 429s long before a hit
@require_safe
@never_cache
def share_page(request: HttpRequest, token: str) -> HttpResponse:
    """/s/<token>/ — the game and its lineup for anyone holding the link (no account)."""
    share, gone = sharing.share_find(token)
    if share is None:
        raise Http404(
            _(
                "This share link is not valid: it may have been copied incompletely. "
                "Ask the coach for the link again."
            )
        )
    game: Game = share.game
    if gone:
        return _gone(request, share)
    context = {
        "game": game,
        "team": game.team,
        "lineup": sharing.shared_lineup(game),
        "share_url": request.build_absolute_uri(),
    }
    response = render(request, "clubs/share.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _gone(request: HttpRequest, share: GameShare) -> HttpResponse:
    game = share.game
    context = {"team": game.team, "game": game, "revoked": share.revoked_at is not None}
    response = render(request, "clubs/share_gone.html", context, status=410)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
