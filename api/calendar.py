"""A team's fixture list as an iCalendar (RFC 5545) document, built with ``icalendar``.

Every value comes from the data, never from the clock, so the same fixtures give
the same bytes (and the same ETag): UID from the game's id, DTSTAMP and
LAST-MODIFIED from when the game last changed, SEQUENCE growing with each change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from icalendar import Calendar, Event

from clubs.models import Game, HomeAway, Team

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
    for game in games:
        event = Event()
        event.add("uid", f"game-{game.pk}@teamcoach")
        where = "v" if game.home_away == HomeAway.HOME else "at"
        event.add("summary", f"{team.name} {where} {game.opponent}")
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
    return cal.to_ical()
