"""Sign up while the mail server is down, start it again: the confirmation arrives, once."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from devtools.live import free_port
from outbox.models import Message
from outbox.services import mail_deliver_due
from outbox.tests.smtp import Inbox, smtp_server
from teamcoach.settings import _mailer
from tests.factories import PASSWORD, run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, object, int]]:
    """An SMTP server on a free port, not started: the test starts and stops it."""
    pytest.importorskip("aiosmtpd.controller")
    inbox, port = Inbox(), free_port()
    controller = smtp_server(inbox, port)
    yield inbox, controller, port
    with contextlib.suppress(AssertionError):  # never started
        controller.stop()


def sign_up(client, address: str) -> None:
    data = {"email": address, "username": "smtpcoach", "password1": PASSWORD,
            "password2": PASSWORD}  # fmt: skip
    assert client.post("/accounts/signup/", data).status_code == 302


def test_the_confirmation_arrives_once_when_the_mail_server_comes_back(client, settings, smtp):
    inbox, controller, port = smtp
    settings.MAILERS = {"default": _mailer(f"smtp://127.0.0.1:{port}")}
    sign_up(client, "down@example.org")
    run_tasks()  # the first attempt: nothing listens on the port
    [message] = Message.objects.all()
    assert message.status == "pending" and message.attempts == 1
    assert "Connection refused" in message.last_error or "refused" in message.last_error.lower()

    controller.start()
    later = timezone.now() + dt.timedelta(seconds=settings.TEAMCOACH_MAIL_RETRY_SECONDS + 1)
    assert mail_deliver_due(now=later) == 1
    assert mail_deliver_due(now=later + dt.timedelta(hours=1)) == 0
    run_tasks()

    [received] = inbox.messages  # exactly once
    assert received["To"] == "down@example.org"
    text = received.get_body(preferencelist=("plain",)).get_content()
    [link] = re.findall(r"https?://\S+/accounts/confirm-email/\S+", text)
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="down@example.org").verified


def test_a_person_can_ask_for_the_confirmation_again(client, settings):
    """Signing in before confirming sends the confirmation again, through the outbox."""
    settings.ACCOUNT_RATE_LIMITS = False
    sign_up(client, "again@example.org")
    run_tasks()
    response = client.post("/accounts/login/", {"login": "smtpcoach", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    run_tasks()
    subjects = list(Message.objects.values_list("subject", "status"))
    assert subjects == [("[teamcoach] Confirm your e-mail address", "sent")] * 2
