"""`teamcoach share_link <team>`: print the share link of the team's next game (made if
missing), as `/s/<token>/`; `--new` replaces it, `--revoke` switches it off."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clubs import services, sharing
from clubs.models import Team

#: The actor's name in the team's history.
COMMAND = "teamcoach share_link (command line)"


class Command(BaseCommand):
    help = "Print the path of a game's share link, making the link if the game has none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("team", help="The team's URL name (slug).")
        parser.add_argument("--game", type=int, help="The game's id (default: the next game).")
        parser.add_argument("--new", action="store_true", help="Replace the link.")
        parser.add_argument("--revoke", action="store_true", help="Switch the link off.")

    def handle(
        self, *args: Any, team: str, game: int | None, new: bool, revoke: bool, **options: Any
    ) -> None:
        found = Team.objects.filter(slug=team).first()
        if found is None:
            raise CommandError(f"There is no team called {team!r}.")
        chosen = found.games.filter(pk=game).first() if game else found.next_game()
        if chosen is None:
            raise CommandError(
                f"{found} has no such game." if game else f"{found} has no next game."
            )
        share = sharing.current_share(chosen)
        if revoke:
            if share is None:
                raise CommandError("That game has no share link to switch off.")
            services.game_share_revoke(share=share, by=None, by_name=COMMAND)
        elif share is None or new:
            share = services.game_share_create(game=chosen, by=None, by_name=COMMAND)
        self.stdout.write(f"/s/{sharing.share_token(share)}/")
