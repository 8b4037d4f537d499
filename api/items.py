"""The one path every resource's items take: GET, PUT, PATCH and DELETE of one item, the
201 of a new one, and pages of a list.

A resource module describes its items once — an :class:`Items`: the schemas, how to
find one for a user (a ``clubs.permissions`` lookup: the object, a 404 or a
``Refusal``), how to show it, and the ``clubs.services`` calls that change and delete
it — and :func:`register` adds the four endpoints. So every item answers alike:

- GET sends the representation with a strong ``ETag`` and ``Last-Modified``;
- PUT and PATCH, in one transaction: the lookup with ``edit`` (404/403), ``If-Match``
  and ``If-Unmodified-Since`` against what the writer would GET (412), then the
  service (422 or 409 from the model's rules, 409 "changed meanwhile" from the
  version lock), then the new representation and its ``ETag``;
- DELETE the same, 204 — and where ``if_match_to_delete`` (clubs, teams), a DELETE
  without ``If-Match`` is 428: deleting a whole club or team must name what was read.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status

from clubs.models import RESTORE_WINDOW
from web.representation import fingerprint

from .router import WRITERS, Problem, api, precondition_failed, reader

PAGE = Query(1, ge=1, le=100_000, description="Page number, from 1.")
PAGE_SIZE = Query(20, ge=1, le=100, description="Items per page (at most 100).")


# --- Versions: ETag and Last-Modified of one item; preconditions on writes ---------------


def version_of(data: dict[str, Any]) -> str:
    return quote_etag(fingerprint(data))


def _stamp(obj: Model) -> Any:
    return getattr(obj, "updated_at", None) or getattr(obj, "created_at", None)


def with_version(response: HttpResponse, data: dict[str, Any], obj: Model) -> None:
    response["ETag"] = version_of(data)
    if (stamp := _stamp(obj)) is not None:
        response["Last-Modified"] = http_date(int(stamp.timestamp()))


def check_preconditions(request: HttpRequest, data: dict[str, Any], obj: Model) -> None:
    """412 when If-Match / If-Unmodified-Since say the client edited an older version."""
    stamp = _stamp(obj)
    last_modified = int(stamp.timestamp()) if stamp is not None else None
    answer = get_conditional_response(request, etag=version_of(data), last_modified=last_modified)
    if answer is not None and answer.status_code == 412:
        raise precondition_failed()


# --- One resource's items ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Items[T: Model]:
    """How one resource's items are found, shown and changed; the rest is the same for all."""

    #: Singular and plural names: operation ids (``get_team``), tags, the docs.
    name: str
    plural: str
    #: The item's address, with its key: ``/teams/{slug}/``.
    path: str
    key: str
    key_type: Any
    #: The schemas: what GET answers, what PUT and PATCH take.
    out: type[Schema]
    put: type[Schema]
    patch: type[Schema]
    #: ``(user, key, edit) → item`` — a ``clubs.permissions`` lookup: 404 or Refusal.
    find: Callable[[Any, Any, bool], T]
    #: ``(user, key) → item`` for DELETE, where it needs more than ``edit``.
    find_to_delete: Callable[[Any, Any], T] | None = None
    #: ``(item, user) → data``: the representation, as this user may see it.
    show: Callable[[T, Any], dict[str, Any]]
    #: ``(item, changes, by) → item``: the service call of PUT and PATCH.
    change: Callable[[T, dict[str, Any], Any], T]
    #: ``(item, by)``: the service call of DELETE.
    remove: Callable[[T, Any], None]
    #: PATCH fields where ``null`` clears the value (others: ``null`` is "leave as is").
    clearable: frozenset[str] = field(default_factory=frozenset)
    #: Deleting is a soft delete that needs If-Match (428 without): clubs and teams.
    if_match_to_delete: bool = False
    delete_doc: str = ""
    #: ``(user, key) → item`` brought back from a soft delete: ``POST <path>restore/``.
    restore: Callable[[Any, Any], T] | None = None

    def location(self, obj: T, data: dict[str, Any]) -> str:
        return "/api/v1" + self.path.replace("{" + self.key + "}", str(data[self.key_field]))

    @property
    def key_field(self) -> str:
        """The representation's field that holds the key (``id`` for ``{pk}``)."""
        return "id" if self.key == "pk" else self.key

    def answer(self, response: HttpResponse, obj: T, user: Any) -> dict[str, Any]:
        """The item as ``user`` sees it, with its ``ETag`` and ``Last-Modified``."""
        data = self.show(obj, user)
        with_version(response, data, obj)
        return data

    def read(self, request: HttpRequest, response: HttpResponse, key: Any) -> dict[str, Any]:
        user = reader(request)
        return self.answer(response, self.find(user, key, False), user)

    def write(
        self, request: HttpRequest, response: HttpResponse, key: Any, changes: dict[str, Any]
    ) -> dict[str, Any]:
        user = request.user
        with transaction.atomic():
            obj = self.find(user, key, True)
            check_preconditions(request, self.show(obj, user), obj)
            obj = self.change(obj, changes, user)
        return self.answer(response, obj, user)

    def bring_back(self, request: HttpRequest, response: HttpResponse, key: Any) -> dict[str, Any]:
        assert self.restore is not None
        return self.answer(response, self.restore(request.user, key), request.user)

    def delete(self, request: HttpRequest, key: Any) -> Status:
        user = request.user
        with transaction.atomic():
            find = self.find_to_delete or (lambda user, key: self.find(user, key, True))
            obj = find(user, key)
            if self.if_match_to_delete and not request.headers.get("If-Match"):
                raise Problem(
                    428,
                    _(
                        "Deleting a %(item)s needs If-Match: GET it, then send its ETag in "
                        "If-Match, so that you delete what you read."
                    )
                    % {"item": self.name},
                )
            check_preconditions(request, self.show(obj, user), obj)
            self.remove(obj, user)
        return Status(204, None)

    def created(self, response: HttpResponse, obj: T, user: Any) -> Status:
        """201 with ``Location`` and the new item's version."""
        data = self.answer(response, obj, user)
        response["Location"] = self.location(obj, data)
        return Status(201, data)

    def patch_changes(self, payload: Schema) -> dict[str, Any]:
        sent = payload.dict(exclude_unset=True)
        return {k: v for k, v in sent.items() if v is not None or k in self.clearable}


def register(items: Items[Any]) -> None:
    """Add GET, PUT, PATCH and DELETE of one item at ``items.path``."""
    tags = [items.plural]
    key = inspect.Parameter(items.key, inspect.Parameter.KEYWORD_ONLY, annotation=items.key_type)

    def endpoint(name: str, doc: str, run: Callable[..., Any], *params: Any) -> Callable[..., Any]:
        def view(request: HttpRequest, **kwargs: Any) -> Any:
            return run(request, kwargs.pop("response", None), kwargs.pop(items.key), **kwargs)

        request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_ONLY)
        view.__signature__ = inspect.Signature([request, *params, key])  # type: ignore[attr-defined]
        view.__name__ = view.__qualname__ = f"{name}_{items.name}"
        view.__doc__ = doc
        return view

    response = inspect.Parameter(
        "response", inspect.Parameter.KEYWORD_ONLY, annotation=HttpResponse
    )

    def payload(schema: type[Schema]) -> inspect.Parameter:
        return inspect.Parameter("payload", inspect.Parameter.KEYWORD_ONLY, annotation=schema)

    get = endpoint("get", f"One {items.name}, with its ETag.", items.read, response)
    put = endpoint(
        "replace",
        f"Replace the {items.name}'s fields (send its ETag in If-Match).",
        lambda r, resp, k, payload: items.write(r, resp, k, payload.dict()),
        response,
        payload(items.put),
    )
    patch = endpoint(
        "update",
        "Change the fields sent (send its ETag in If-Match).",
        lambda r, resp, k, payload: items.write(r, resp, k, items.patch_changes(payload)),
        response,
        payload(items.patch),
    )
    delete = endpoint(
        "delete",
        items.delete_doc or f"Delete the {items.name} (send its ETag in If-Match).",
        lambda r, resp, k: items.delete(r, k),
    )
    api.get(items.path, response=items.out, tags=tags)(get)
    api.put(items.path, response=items.out, auth=WRITERS, tags=tags)(put)
    api.patch(items.path, response=items.out, auth=WRITERS, tags=tags)(patch)
    api.delete(items.path, response={204: None}, auth=WRITERS, tags=tags)(delete)
    if items.if_match_to_delete:
        NEEDS_IF_MATCH.add(str(delete.__name__))
    if items.restore is not None:
        doc = f"Bring back a {items.name} deleted in the last {RESTORE_WINDOW.days} days."
        restore = endpoint("restore", doc, items.bring_back, response)
        api.post(items.path + "restore/", response=items.out, auth=WRITERS, tags=tags)(restore)


#: The DELETE operations that answer 428 without If-Match (for ``api/openapi.py``).
NEEDS_IF_MATCH: set[str] = set()


def invalid(field: str, message: str) -> Problem:
    """A 422 naming one field of the body."""
    errors = [{"field": field, "message": message}]
    return Problem(422, _("Some values are not valid; see errors."), errors)


@contextmanager
def referenced(field: str) -> Iterator[None]:
    """A lookup of something a body names (``{"team": "hawks"}``): its 404 is the body's
    mistake, so a 422 naming the field; a refusal stays a 403."""
    try:
        yield
    except Http404 as missing:
        raise invalid(field, str(missing)) from None


# --- Pages of a list ------------------------------------------------------------------


def page_of(
    request: HttpRequest,
    queryset: QuerySet[Any],
    page: int,
    page_size: int,
    out: Callable[[Any], Any],
) -> dict[str, Any]:
    page_size = max(1, min(page_size, settings.TEAMCOACH_API_MAX_PAGE_SIZE))
    count = queryset.count()
    start = (page - 1) * page_size
    items = [out(obj) for obj in queryset[start : start + page_size]]

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"], query["page_size"] = str(number), str(page_size)
        return f"{request.path}?{urlencode(sorted(query.items()))}"

    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "next": link(page + 1) if start + page_size < count else None,
        "previous": link(page - 1) if page > 1 and start - page_size < count else None,
        "items": items,
    }
