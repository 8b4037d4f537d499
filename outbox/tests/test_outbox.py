"""The outbox: a message is stored, delivered once, retried with back-off for a day when
the mail server cannot be reached, then marked failed — and staff can send it again."""

from __future__ import annotations

import datetime as dt
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import Message
from outbox.services import mail_deliver, mail_deliver_due, mail_resend, mail_send, retry_delay

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://coach.example.org/accounts/confirm-email/MQ:secret-key/"


def send() -> Message:
    return mail_send(
        subject="Confirm your e-mail address",
        body=f"Open {SECRET_LINK} to confirm.",
        html=f'<a href="{SECRET_LINK}">Confirm</a>',
        to=["coach@example.org"],
    )


def down():
    """The mail server cannot be reached (what smtplib raises when nothing listens)."""
    return mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPServerDisconnected("Connection unexpectedly closed"),
    )


def test_a_message_is_stored_and_its_delivery_queued_without_its_text():
    message = send()
    assert message.status == "pending" and message.attempts == 0
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}  # an id, no secret
    assert mail.outbox == []


def test_delivery_sends_once_and_forgets_the_text():
    message = send()
    assert mail_deliver(message_id=message.pk) is True
    assert mail_deliver(message_id=message.pk) is False  # already sent: never twice
    [sent] = mail.outbox
    assert sent.to == ["coach@example.org"] and SECRET_LINK in sent.body
    assert sent.alternatives[0].mimetype == "text/html"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.body, message.html) == ("sent", 1, "", "")
    assert message.sent_at is not None


def test_a_failed_attempt_is_retried_later_with_the_error_kept(settings):
    settings.TEAMCOACH_MAIL_RETRY_SECONDS = 60
    message = send()
    now = timezone.now()
    with down():
        assert mail_deliver(message_id=message.pk, now=now) is False
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1
    assert "Connection unexpectedly closed" in message.last_error
    assert message.next_attempt_at == now + dt.timedelta(seconds=60)
    assert SECRET_LINK in message.body  # kept until it is delivered
    assert mail_deliver_due(now=now + dt.timedelta(seconds=59)) == 0  # not due yet
    assert mail_deliver_due(now=now + dt.timedelta(seconds=61)) == 1
    assert len(mail.outbox) == 1


def test_the_wait_doubles_up_to_an_hour(settings):
    settings.TEAMCOACH_MAIL_RETRY_SECONDS = 60
    waits = [retry_delay(n).total_seconds() for n in range(1, 10)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_a_message_is_retried_for_a_day_then_marked_failed(settings):
    settings.TEAMCOACH_MAIL_RETRY_SECONDS = 60
    message = send()
    now, attempts = timezone.now(), 0
    with down():
        while Message.objects.get(pk=message.pk).status == "pending":
            now = Message.objects.get(pk=message.pk).next_attempt_at
            mail_deliver_due(now=now)
            attempts += 1
            assert attempts < 100
    message.refresh_from_db()
    assert message.status == "failed"
    assert now - message.created_at >= dt.timedelta(hours=24)
    assert message.attempts == attempts >= 25
    assert mail_deliver_due(now=now + dt.timedelta(days=2)) == 0  # failed stays failed


def test_staff_can_send_a_failed_message_again(settings):
    message = send()
    Message.objects.filter(pk=message.pk).update(status="failed", attempts=30)
    assert mail_resend(messages=Message.objects.all()) == 1
    message.refresh_from_db()
    assert message.status == "pending" and message.give_up_at > timezone.now()
    assert mail_deliver_due() == 1 and len(mail.outbox) == 1


def test_a_message_a_crashed_worker_was_sending_is_sent_after_its_lease():
    message = send()
    now = timezone.now()
    Message.objects.filter(pk=message.pk).update(
        status="sending", claimed_until=now + dt.timedelta(minutes=2)
    )
    assert mail_deliver_due(now=now) == 0  # another worker has it
    assert mail_deliver_due(now=now + dt.timedelta(minutes=3)) == 1


def test_the_admin_lists_waiting_and_failed_mail_without_its_text_and_resends(
    admin_client, settings
):
    message = send()
    Message.objects.filter(pk=message.pk).update(status="failed", last_error="SMTP 451")
    page = admin_client.get("/admin/outbox/message/?status__exact=failed").content.decode()
    assert "Confirm your e-mail address" in page and "coach@example.org" in page
    assert "Send again now" in page
    detail = admin_client.get(f"/admin/outbox/message/{message.pk}/change/").content.decode()
    assert "SMTP 451" in detail and "secret-key" not in detail
    response = admin_client.post(
        "/admin/outbox/message/",
        {"action": "resend", "_selected_action": [message.pk]},
        follow=True,
    )
    assert "1 message will be sent again." in response.content.decode()
    assert Message.objects.get(pk=message.pk).status == "pending"
