"""Writes of the api app: personal API tokens, each with a line in the owner's account history.

The secret is made here and returned once; only its SHA-256 is stored.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from clubs.audit import delete_and_audit, save_and_audit
from clubs.models import AuditEvent

from .models import ApiToken, hash_token, new_secret


@transaction.atomic
def api_token_issue(*, user: Any, name: str, by: Any, by_name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``: the row, and the secret to show once.

    ``by`` is the user on the tokens page; the ``api_token`` command passes ``by=None``
    and names itself in ``by_name``.
    """
    secret = "tc_" + new_secret()
    token = ApiToken(user=user, name=name, token_hash=hash_token(secret), prefix=secret[:8])
    summary = _("issued the API token “%(name)s” (%(prefix)s…)") % {
        "name": name,
        "prefix": token.prefix,
    }
    save_and_audit(token, action=AuditEvent.Action.CREATE, summary=summary, by=by, by_name=by_name)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any) -> None:
    """Delete the token: programs using it get 401 from now on."""
    summary = _("revoked the API token “%(name)s” (%(prefix)s…)") % {
        "name": token.name,
        "prefix": token.prefix,
    }
    delete_and_audit(token, summary=summary, by=by)
