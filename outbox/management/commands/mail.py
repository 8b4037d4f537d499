"""`teamcoach mail`: the outbox at a glance; `--last` prints the newest mail file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from outbox.backends import links_in, newest
from outbox.models import Message
from outbox.services import mail_deliver_due


class Command(BaseCommand):
    help = "Show the outbox; --last prints the newest message written to var/mail/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--last", action="store_true", help="print the newest mail file and its links"
        )
        parser.add_argument(
            "--deliver", action="store_true", help="attempt every message that is due now"
        )

    def handle(self, *args: Any, last: bool, deliver: bool, **options: Any) -> None:
        if last:
            folder = Path(settings.MAILERS["default"].get("OPTIONS", {}).get("file_path", ""))
            path = newest(folder) if folder.parts else None
            if path is None:
                raise CommandError(
                    f"No mail in {folder or 'a folder'}: mail goes to files only without "
                    "EMAIL_URL (make run)."
                )
            text = path.read_text(encoding="utf-8")
            self.stdout.write(f"{path}\n\n{text}")
            if not links_in(text):
                self.stdout.write("(no links)")
            return
        if deliver:
            self.stdout.write(f"Delivered {mail_deliver_due()} message(s).")
        for status, label in Message.Status.choices:
            count = Message.objects.filter(status=status).count()
            self.stdout.write(f"{label:>10}: {count}")
