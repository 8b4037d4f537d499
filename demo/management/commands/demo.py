"""`teamcoach demo`: load the Riverside demo club, composed from each app's part."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from clubs.models import Club
from demo.club import demo_club_create, demo_exists
from demo.lineups import demo_lineups_save
from demo.rotation import demo_rotations_create


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
        now = timezone.now()
        with transaction.atomic():
            club = demo_club_create(now=now)
            # Saved rotations for the games already played feed the fairness ledger.
            demo_rotations_create(club, now=now)
            # One team's coach has saved the next lineups: newcomers see saved and suggested.
            demo_lineups_save(club, now=now)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {club.name}: {club.teams.count()} teams. Open /best/ on the site."
            )
        )
