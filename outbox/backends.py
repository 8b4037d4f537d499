"""Mail under `make run`: one readable file per message in var/mail/.

Each message becomes two files named by the time it was sent, so the newest sorts
last: ``20260301-101502-123456-confirm-your-e-mail-address.eml`` (the message as a
mail program opens it) and ``….txt`` (who, what, the plain text and its links, whole:
no quoted-printable line breaks in the middle of a confirmation link).
``teamcoach mail --last`` prints the newest one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.text import slugify

LINK = re.compile(r"https?://[^\s<>\"')\]]+")


def links_in(text: str) -> list[str]:
    """The http(s) links in a text, in order, each once."""
    return list(dict.fromkeys(LINK.findall(text)))


def readable_text(message: EmailMessage) -> str:
    """The message as a person reads it: headers, the plain text, then its links."""
    lines = [
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
        f"Subject: {message.subject}",
        "",
        str(message.body).rstrip(),
        "",
    ]
    links = links_in(str(message.body))
    if links:
        lines += ["Links:", *[f"  {link}" for link in links], ""]
    return "\n".join(lines)


class ReadableFileBackend(BaseEmailBackend):
    def __init__(self, *, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not file_path:
            raise ValueError("ReadableFileBackend needs OPTIONS['file_path'].")
        self.path = Path(file_path)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.path.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            name = f"{stamp}-{slugify(message.subject)[:60] or 'message'}"
            (self.path / f"{name}.eml").write_bytes(message.message().as_bytes())
            (self.path / f"{name}.txt").write_text(readable_text(message), encoding="utf-8")
        return len(email_messages)


def newest(folder: Path) -> Path | None:
    """The newest readable message in ``folder`` (names start with the time)."""
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    return files[-1] if files else None
