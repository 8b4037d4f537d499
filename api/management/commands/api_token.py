"""`teamcoach api_token <username>`: issue a personal API token and print it (once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.services import api_token_issue


class Command(BaseCommand):
    help = "Issue a personal API token for a user and print it; only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username!r}.")
        _token, secret = api_token_issue(
            user=user, name=name, by=None, by_name="teamcoach api_token (command line)"
        )
        self.stdout.write(secret)
