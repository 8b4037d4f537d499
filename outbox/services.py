"""The one way the site sends mail: store it, deliver it in the background, retry.

``mail_send()`` keeps the message in the outbox and enqueues its delivery in the
same transaction; the worker (`teamcoach worker`) delivers it. When the mail server
cannot be reached, ``mail_deliver()`` records the error and schedules another
attempt — after ``TEAMCOACH_MAIL_RETRY_SECONDS``, then twice as long each time (at
most an hour) — until ``TEAMCOACH_MAIL_GIVE_UP_HOURS`` have passed; then the message
is marked failed, and staff can send it again from the admin. The worker also runs
``mail_deliver_due()`` every few seconds, which picks up retries and any message
whose delivery task was lost (a worker killed mid-send).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Message

__all__ = ["mail_deliver", "mail_deliver_due", "mail_resend", "mail_send", "mail_send_message"]

logger = logging.getLogger(__name__)

#: How long one delivery attempt may hold a message before another worker may try it.
LEASE = dt.timedelta(minutes=2)
#: The longest wait between two attempts.
MAX_DELAY = dt.timedelta(hours=1)
#: What a delivered message keeps of its text.
REMOVED = ""


def mail_send(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    html: str = "",
    from_email: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Message:
    """Store one message and enqueue its delivery; it is never lost from here on."""
    from . import tasks

    now = timezone.now()
    message = Message(
        created_at=now,
        next_attempt_at=now,
        give_up_at=now + _retry_window(),
        subject=" ".join(str(subject).split()),  # one line: a header
        body=str(body),
        html=str(html),
        from_email=str(from_email or settings.DEFAULT_FROM_EMAIL),
        to=[str(address) for address in to],
        headers={str(k): str(v) for k, v in (headers or {}).items()},
    )
    message.full_clean()
    with transaction.atomic():
        message.save()
        tasks.deliver.enqueue(message.pk)
    return message


def mail_send_message(email: EmailMessage) -> Message:
    """``mail_send`` for a message rendered by someone else (allauth's ``render_mail``)."""
    alternatives = getattr(email, "alternatives", [])
    html = next((str(content) for content, mimetype in alternatives if mimetype == "text/html"), "")
    return mail_send(
        subject=str(email.subject),
        body=str(email.body),
        html=html,
        from_email=str(email.from_email),
        to=[str(address) for address in email.to],
        headers=email.extra_headers,
    )


def _retry_window() -> dt.timedelta:
    return dt.timedelta(hours=settings.TEAMCOACH_MAIL_GIVE_UP_HOURS)


def _claim(message_id: int, now: dt.datetime) -> bool:
    """Take the message for one attempt, unless it is not due or another worker has it."""
    due = Q(status=Message.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Message.Status.SENDING, claimed_until__lt=now
    )
    claimed = Message.objects.filter(due, pk=message_id).update(
        status=Message.Status.SENDING, claimed_until=now + LEASE
    )
    return claimed == 1


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling, at most an hour."""
    first = dt.timedelta(seconds=int(settings.TEAMCOACH_MAIL_RETRY_SECONDS))
    delay: dt.timedelta = min(first * 2 ** max(attempts - 1, 0), MAX_DELAY)
    return delay


def mail_deliver(*, message_id: int, now: dt.datetime | None = None) -> bool:
    """One delivery attempt; True when the mail server accepted the message."""
    now = now or timezone.now()
    if not _claim(message_id, now):
        return False
    message = Message.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        message.subject,
        message.body,
        message.from_email,
        message.to,
        headers=message.headers or None,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    try:
        email.send()
    except Exception as error:  # any failure of the mail server or the network
        _failed(message, error, now)
        return False
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT,
        attempts=message.attempts + 1,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
        body=REMOVED,
        html=REMOVED,
    )
    return True


def _failed(message: Message, error: Exception, now: dt.datetime) -> None:
    attempts = message.attempts + 1
    give_up = now >= message.give_up_at
    status = Message.Status.FAILED if give_up else Message.Status.PENDING
    logger.warning(
        "Mail %s to %s: attempt %s failed (%s)%s",
        message.pk,
        ", ".join(message.to),
        attempts,
        error,
        "; giving up" if give_up else "",
    )
    Message.objects.filter(pk=message.pk).update(
        status=status,
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=now + retry_delay(attempts),
        claimed_until=None,
    )


def mail_deliver_due(*, now: dt.datetime | None = None, limit: int = 100) -> int:
    """Attempt every message that is due (a retry, or a lost task); the number delivered."""
    now = now or timezone.now()
    due = Message.objects.filter(
        Q(status=Message.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Message.Status.SENDING, claimed_until__lt=now)
    ).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:limit])
    return sum(mail_deliver(message_id=pk, now=now) for pk in ids)


def mail_resend(*, messages: Iterable[Message]) -> int:
    """Put failed or waiting messages back in the queue: an attempt now, and another day
    of retries (staff, from the admin). Delivered messages no longer hold their text."""
    from . import tasks

    ids = [m.pk for m in messages if m.status in (Message.Status.FAILED, Message.Status.PENDING)]
    now = timezone.now()
    with transaction.atomic():
        Message.objects.filter(pk__in=ids).update(
            status=Message.Status.PENDING, next_attempt_at=now, give_up_at=now + _retry_window()
        )
        for pk in ids:
            tasks.deliver.enqueue(pk)
    return len(ids)
