"""The background task that delivers one stored message (the worker runs it)."""

from __future__ import annotations

from django.tasks import task

from . import services


@task
def deliver(message_id: int) -> bool:
    """Try to deliver one outbox message now; a failure is scheduled for a retry."""
    return services.mail_deliver(message_id=message_id)
