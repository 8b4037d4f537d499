"""Background tasks of the accounts app: sending mail outside the request."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import TaskContext, task


@task(takes_context=True)
def send_email(
    context: TaskContext,
    *,
    subject: str,
    body: str,
    html: str,
    from_email: str,
    to: list[str],
    headers: dict[str, str],
) -> None:
    """Send one rendered message. Rendering happens in the request; only plain text travels."""
    try:
        message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or None)
        if html:
            message.attach_alternative(html, "text/html")
        message.send()
    finally:
        _forget_message(context.task_result.id, to=to)


def _forget_message(task_id: str, *, to: list[str]) -> None:
    """Drop the message from the queue's row once it has been handled.

    Its text holds confirmation, reset and invitation links: secrets that must not
    outlive the mail in the database. The recipients stay, for an operator's questions.
    """
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_id).update(
        args_kwargs={"args": [], "kwargs": {"to": to, "message": "removed after sending"}}
    )
