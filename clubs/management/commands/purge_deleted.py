"""`teamcoach purge_deleted`: remove for good the clubs and teams deleted 30+ days ago.

Run it daily (cron, a systemd timer). Their audit lines stay, with the names as text.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from clubs import services


class Command(BaseCommand):
    help = "Purge the clubs and teams deleted longer ago than the restore window (30 days)."

    def handle(self, *args: Any, **options: Any) -> None:
        clubs, teams = services.purge_deleted(by_name="teamcoach purge_deleted")
        self.stdout.write(f"Purged {clubs} clubs and {teams} teams.")
