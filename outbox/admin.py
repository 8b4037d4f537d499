"""Outgoing mail for staff: what is waiting, what failed and why, and a resend action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Message
from .services import mail_resend


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    # The text is not shown: it holds confirmation and reset links (secrets).
    list_display = ("subject", "recipients", "status", "attempts", "next_attempt_at", "created_at")
    list_filter = ("status",)
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    fields = (
        "subject",
        "from_email",
        "to",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "give_up_at",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields
    actions = ["resend"]

    @admin.display(description=_("to"))
    def recipients(self, message: Message) -> str:
        return ", ".join(message.to)

    @admin.action(description=_("Send again now (waiting or failed messages)"))
    def resend(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        count = mail_resend(messages=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent again.",
                "%(count)d messages will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
