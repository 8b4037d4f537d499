"""`make run` (no EMAIL_URL): one readable file per message, the newest named last, and
`teamcoach mail --last` to print it with its links (issue 17)."""

from __future__ import annotations

import io

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command

from teamcoach.settings import _mailer

LINK = (
    "http://127.0.0.1:8000/accounts/confirm-email/"
    "MQ:1uXyZa:Tq3P9xZ0vYb7LmN2rT5wUe8HcJ4sAd6F-a-long-key-that-quoted-printable-would-break/"
)


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.MAILERS = {"default": _mailer("")}
    settings.MAILERS["default"]["OPTIONS"]["file_path"] = str(tmp_path)
    return tmp_path


def send(subject: str, body: str) -> None:
    message = EmailMultiAlternatives(subject, body, "teamcoach <noreply@localhost>", ["c@x.org"])
    message.attach_alternative(f"<p>{body}</p>", "text/html")
    message.send()


def test_make_run_writes_mail_to_readable_files():
    assert _mailer("")["BACKEND"] == "outbox.backends.ReadableFileBackend"


def test_each_message_is_one_eml_and_one_text_file_with_whole_links(mail_dir):
    send("Confirm your e-mail address", f"Hello Ünal,\n\nConfirm: {LINK}\n")
    send("Reset your password", "Another one.")
    names = sorted(p.name for p in mail_dir.iterdir())
    assert len(names) == 4
    assert names[0].endswith("-confirm-your-e-mail-address.eml")
    assert names[2].endswith("-reset-your-password.eml")  # the newest sorts last
    text = (mail_dir / names[1]).read_text()
    assert "Subject: Confirm your e-mail address" in text and "Hello Ünal" in text
    assert f"Links:\n  {LINK}\n" in text  # whole, on one line
    assert b"Subject: Confirm your e-mail address" in (mail_dir / names[0]).read_bytes()


def test_teamcoach_mail_last_prints_the_newest_message_and_its_links(mail_dir):
    send("Older", "old")
    send("Confirm your e-mail address", f"Confirm: {LINK}")
    out = io.StringIO()
    call_command("mail", last=True, stdout=out)
    assert "Subject: Confirm your e-mail address" in out.getvalue()
    assert f"  {LINK}" in out.getvalue()
    assert "Older" not in out.getvalue()


def test_teamcoach_mail_last_says_when_there_is_no_mail(mail_dir):
    with pytest.raises(CommandError, match="No mail"):
        call_command("mail", last=True)
