"""The one way to refuse: raise :class:`Refusal` with a sentence for the person.

Django turns it into a 403; ``web.views.permission_denied`` shows the sentence
(and a login link to an anonymous visitor), the JSON API puts it in its
problem+json ``detail``. Only our own messages are shown: other
``PermissionDenied`` exceptions (CSRF, a suspicious request) get the generic page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class Refusal(PermissionDenied):
    """A 403 whose message, written for the person asking, the page shows."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
