"""`teamcoach calendar_feed <team>`: print the team's secret calendar address (made if missing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clubs import services
from clubs.models import CalendarFeed, Team

#: The actor's name in the team's history.
COMMAND = "teamcoach calendar_feed (command line)"


class Command(BaseCommand):
    help = "Print the path of a team's calendar feed, creating the feed if it has none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("team", help="The team's URL name (slug).")
        parser.add_argument("--rotate", action="store_true", help="Replace the secret address.")

    def handle(self, *args: Any, team: str, rotate: bool, **options: Any) -> None:
        found = Team.objects.filter(slug=team).first()
        if found is None:
            raise CommandError(f"There is no team called {team!r}.")
        feed = CalendarFeed.objects.filter(team=found).first()
        if feed is None:
            feed = services.calendar_feed_create(team=found, by=None, by_name=COMMAND)
        elif rotate:
            feed = services.calendar_feed_rotate(feed=feed, by=None, by_name=COMMAND)
        self.stdout.write(feed.get_absolute_url())
