"""A team's fixtures for calendar apps: the iCalendar document and its two pages.

``GET /calendar/<token>.ics`` serves the feed at its secret address;
``/teams/<slug>/calendar/`` lets the team's coaches make, replace or switch off
that address (through ``clubs.services``, with an audit event each).

The document is built with ``icalendar`` (RFC 5545). Every value comes from the
data, never from the clock, so the same fixtures give the same bytes (and the
same ETag): UID from the game's id, DTSTAMP and LAST-MODIFIED from when the game
last changed, SEQUENCE growing with each change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from icalendar import Calendar, Event

from web.representation import representation
from web.responses import see_other

from . import presenters, services
from .models import CalendarFeed, Game, HomeAway, Team
from .permissions import team_for

#: How long a game is shown in the calendar.
GAME_LENGTH = dt.timedelta(hours=2)
#: SEQUENCE counts seconds since this moment at the game's last change: it only grows.
_SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def sequence(game: Game) -> int:
    return max(0, int((game.updated_at - _SEQUENCE_EPOCH).total_seconds()))


def fixtures_calendar(
    team: Team, games: Sequence[Game], *, link: Callable[[Game], str] | None = None
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//teamcoach//fixtures//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{team.name} — {team.club.name}")
    # Times stay in UTC (unambiguous); apps that show a calendar in its own zone use this.
    cal.add("x-wr-timezone", team.club.time_zone)
    for game in games:
        event = Event()
        event.add("uid", f"game-{game.pk}@teamcoach")
        names = {"team": team.name, "opponent": game.opponent}
        if game.home_away == HomeAway.HOME:
            summary = _("%(team)s v %(opponent)s") % names
        else:
            summary = _("%(team)s at %(opponent)s") % names
        event.add("summary", summary)
        event.add("dtstart", game.kickoff.astimezone(dt.UTC))
        event.add("dtend", (game.kickoff + GAME_LENGTH).astimezone(dt.UTC))
        event.add("dtstamp", game.updated_at.astimezone(dt.UTC))
        event.add("last-modified", game.updated_at.astimezone(dt.UTC))
        event.add("sequence", sequence(game))
        if game.venue:
            event.add("location", game.venue)
        if link is not None:
            event.add("url", link(game))
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """GET /calendar/<token>.ics — the team's fixtures for calendar apps."""
    feeds = CalendarFeed.objects.filter(token=token, team__in=Team.objects.all())  # not deleted
    feed = feeds.select_related("team__club").first()
    if feed is None:
        # No message naming the address: it is a secret (and may be an old one).
        raise Http404(_("This calendar address does not exist or was replaced."))
    team = feed.team
    games = list(team.games.order_by("kickoff", "pk"))
    data = presenters.fixtures_data(team, games)

    def ics() -> HttpResponse:
        lineup = request.build_absolute_uri(team.get_absolute_url())
        body = fixtures_calendar(team, games, link=lambda game: lineup)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{team.slug}-fixtures.ics"'
        return response

    response = representation(
        request,
        renderers={"text/calendar": ics},
        version=[data, feed.token, request.get_host()],
        last_modified=presenters.games_changed(team, games),
        public=False,
        strict=False,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """/teams/<slug>/calendar/ — show, create, replace or switch off the secret feed address."""
    team = team_for(request.user, slug, edit=True)
    feed = CalendarFeed.objects.filter(team=team).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create" and feed is None:
            services.calendar_feed_create(team=team, by=request.user)
            messages.success(request, _("The calendar address is ready: copy it below."))
        elif action == "rotate" and feed is not None:
            services.calendar_feed_rotate(feed=feed, by=request.user)
            messages.success(
                request, _("New address made. The old one no longer works: share the new one.")
            )
        elif action == "revoke" and feed is not None:
            services.calendar_feed_delete(feed=feed, by=request.user)
            messages.success(request, _("The calendar address is switched off."))
        else:
            messages.error(request, _("That did not change anything: reload and try again."))
        return see_other("clubs:calendar_manage", team.slug)
    url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    response = render(
        request, "clubs/manage/calendar.html", {"team": team, "feed": feed, "feed_url": url}
    )
    response["Cache-Control"] = "private, no-store"
    return response
