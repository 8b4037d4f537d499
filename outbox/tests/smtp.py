"""A real SMTP server for tests (aiosmtpd, a development dependency): what arrived, parsed."""

from __future__ import annotations

import email
import email.policy
from typing import Any


class Inbox:
    """aiosmtpd's handler: every message the server accepts, as an EmailMessage."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """aiosmtpd calls this hook by its name."""
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


def smtp_server(inbox: Inbox, port: int) -> Any:
    """An aiosmtpd Controller on 127.0.0.1:``port`` for ``inbox``; call start() and stop()."""
    from aiosmtpd.controller import Controller

    return Controller(inbox, hostname="127.0.0.1", port=port)
