"""The confirmation mail through a real SMTP server (aiosmtpd), configured by EMAIL_URL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress

from devtools.live import free_port
from outbox.tests.smtp import Inbox, smtp_server
from teamcoach.settings import _mailer
from tests.factories import PASSWORD, run_tasks

#: A free port, chosen once per run, so parallel test runs on one machine do not collide.
SMTP_PORT = free_port()


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    pytest.importorskip("aiosmtpd.controller")
    inbox = Inbox()
    controller = smtp_server(inbox, SMTP_PORT)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.mark.django_db
def test_the_signup_confirmation_arrives_over_smtp_and_its_link_confirms_the_account(
    client, settings, smtp_inbox
):
    settings.MAILERS = {"default": _mailer(f"smtp://127.0.0.1:{SMTP_PORT}")}
    response = client.post(
        "/accounts/signup/",
        {
            "email": "smtp-coach@example.org",
            "username": "smtpcoach",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert smtp_inbox.messages == []  # nothing is sent inside the request
    run_tasks()

    [message] = smtp_inbox.messages
    assert message["To"] == "smtp-coach@example.org"
    assert message["Subject"] == "[teamcoach] Confirm your e-mail address"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert message.get_body(preferencelist=("html",)) is not None
    [link] = re.findall(r"https?://\S+/accounts/confirm-email/\S+", text)

    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="smtp-coach@example.org").verified
