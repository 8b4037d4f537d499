from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from clubs.demo import demo_club_create, demo_exists
from clubs.models import Club


class Command(BaseCommand):
    help = "Load the Riverside demo club: teams in several sports, squads, a season of games."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load it when the database has no club at all.",
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        if if_empty and Club.objects.exists():
            self.stdout.write("The database already has clubs; demo data not loaded.")
            return
        if demo_exists():
            self.stdout.write("The demo club is already loaded.")
            return
        club = demo_club_create()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {club.name}: {club.teams.count()} teams. Open /best/ on the site."
            )
        )
