"""The audit trail and optimistic versions: the one module every write imports.

A write (a service function, in one transaction) either saves through
:func:`save_and_audit` — validate, count a new ``version``, save, record who did
what — or, for a row it does not save itself, calls :func:`audit_record`. An edit
that carries the ``version`` it was loaded with locks the row first with
:func:`lock_at_version`, which raises :class:`StaleEdit` if someone saved in between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _

from .models import AuditEvent, Club, Team


class StaleEdit(Exception):
    """The object changed since the form (or API client) read it; nothing was saved."""

    def __init__(self, obj: models.Model, changed_by: str, changed_at: dt.datetime | None) -> None:
        self.obj, self.changed_by, self.changed_at = obj, changed_by, changed_at
        super().__init__(f"{obj} was changed by {changed_by} meanwhile")


def actor_name(user: Any) -> str:
    return str(user) if user is not None and getattr(user, "is_authenticated", False) else ""


def team_of(obj: Any) -> Team | None:
    """The team a row belongs to: itself, its ``team``, or its game's team."""
    if isinstance(obj, Team):
        return obj
    team = getattr(obj, "team", None)
    if team is None and getattr(obj, "game", None) is not None:
        team = obj.game.team
    return team if isinstance(team, Team) else None


def club_of(obj: Any) -> Club | None:
    if isinstance(obj, Club):
        return obj
    team = team_of(obj)
    if team is not None:
        return team.club
    club = getattr(obj, "club", None)
    return club if isinstance(club, Club) else None


def account_of(obj: Any) -> Any:
    """The account an account-level row concerns: a user, or the user a row belongs to."""
    user_model = get_user_model()
    if isinstance(obj, user_model):
        return obj
    user = getattr(obj, "user", None)
    return user if isinstance(user, user_model) else None


def audit_record(
    *,
    by: Any,
    club: Club | None,
    team: Team | None,
    obj: models.Model | None,
    action: str,
    summary: str,
    changes: Mapping[str, Any] | None = None,
    by_name: str = "",
    account: Any = None,
) -> AuditEvent:
    """Write one line of the audit trail (call inside the write's transaction).

    ``club`` and ``team`` are kept as names too, so the line outlives them;
    ``account`` is for an event about one's own account (no club).
    """
    return AuditEvent.objects.create(
        actor=by if getattr(by, "is_authenticated", False) else None,
        actor_name=by_name or actor_name(by) or _("someone"),
        club=club,
        team=team,
        club_name=club.name if club is not None else "",
        team_name=team.name if team is not None else "",
        account=account,
        object_type=(obj._meta.model_name or "") if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        action=action,
        summary=summary[:300],
        changes=dict(changes or {}),
    )


def audit(
    obj: models.Model,
    *,
    action: str,
    summary: str,
    by: Any,
    changes: Mapping[str, Any] | None = None,
    by_name: str = "",
) -> AuditEvent:
    """One audit line about ``obj``, on its club and team — or, for a row of no club
    (a profile, an API token), on the account it belongs to (:func:`audit_record`)."""
    club = club_of(obj)
    return audit_record(
        by=by,
        by_name=by_name,
        club=club,
        team=team_of(obj),
        account=account_of(obj) if club is None else None,
        obj=obj,
        action=action,
        summary=summary,
        changes=changes,
    )


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a field value for the audit trail."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def apply_changes(obj: models.Model, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the fields from ``data`` and return what changed as {field: [old, new]}."""
    changes = {}
    for name, new in data.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [plain(old), plain(new)]
            setattr(obj, name, new)
    return changes


def lock_at_version[M: models.Model](model: type[M], pk: Any, version: int | None) -> M:
    """The row, locked for this transaction — or StaleEdit if its version moved on.

    ``version=None`` locks without comparing (a write that does not come from a form).
    """
    current = model._default_manager.select_for_update().get(pk=pk)
    if version is not None and getattr(current, "version", None) != version:
        last = (
            AuditEvent.objects.filter(object_type=model._meta.model_name, object_id=pk)
            .order_by("-at", "-pk")
            .first()
        )
        raise StaleEdit(
            current, last.actor_name if last else _("someone"), last.at if last else None
        )
    return current


def save_checked[M: models.Model](obj: M) -> M:
    """Validate and save; an existing row with a ``version`` counts a new one.

    So a form or API client that loaded the old version gets :class:`StaleEdit`
    instead of overwriting this change. For writes that record one audit line for
    many rows (the CSV imports); every other write calls :func:`save_and_audit`.
    """
    if obj.pk is not None and hasattr(obj, "version"):
        obj.version += 1  # every versioned model has one
    obj.full_clean()
    obj.save()
    return obj


def save_and_audit[M: models.Model](
    obj: M,
    *,
    action: str,
    summary: str,
    by: Any,
    changes: Mapping[str, Any] | None = None,
    by_name: str = "",
) -> M:
    """The shape of every create and edit: validate, save, record one audit line.

    ``by_name`` names an actor without an account (a command, a personal link).
    """
    save_checked(obj)
    audit(obj, action=action, summary=summary, by=by, changes=changes, by_name=by_name)
    return obj


def create_and_audit[M: models.Model](
    obj: M, data: Mapping[str, Any], *, summary: str, by: Any
) -> M:
    """A new row from ``data``, saved with a ``create`` line (``%(name)s``: the row)."""
    apply_changes(obj, data)
    action = AuditEvent.Action.CREATE
    return save_and_audit(obj, action=action, summary=summary % {"name": obj}, by=by)


def update_and_audit[M: models.Model](
    obj: M,
    data: Mapping[str, Any],
    *,
    version: int | None,
    by: Any,
    summary: str,
) -> M:
    """The shape of every edit: lock the row at ``version``, set ``data``, and — only if
    something changed — save it with an ``update`` line: ``summary`` with ``%(name)s``,
    the row as it is now."""
    obj = lock_at_version(type(obj), obj.pk, version)
    changes = apply_changes(obj, data)
    if changes:
        action = AuditEvent.Action.UPDATE
        text = summary % {"name": obj}
        save_and_audit(obj, action=action, summary=text, by=by, changes=changes)
    return obj


def delete_and_audit(obj: Any, *, summary: str, by: Any, by_name: str = "") -> None:
    """Record, then delete: the audit line keeps the object's type and id."""
    audit(obj, action=AuditEvent.Action.DELETE, summary=summary, by=by, by_name=by_name)
    obj.delete()
