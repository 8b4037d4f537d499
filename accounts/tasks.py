"""Background tasks of the accounts app: sending mail outside the request."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(
    *, subject: str, body: str, html: str, from_email: str, to: list[str], headers: dict[str, str]
) -> None:
    """Send one rendered message. Rendering happens in the request; only plain text travels."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or None)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
