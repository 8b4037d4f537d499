"""Querysets compiled once per process: the reads on the path of every first GET.

Django compiles a queryset to SQL each time it is evaluated — joins, lookups, column
lists, quoting — and for the short indexed reads a page makes, compiling costs ten to
forty times what SQLite or PostgreSQL then take to run the statement (bench/README.md).
:class:`Prepared` compiles a ``values_list()`` queryset once per database connection,
with stand-in values where the arguments go, and runs that SQL again with the real
values, adapted by the model fields they are compared to. The queryset stays the one
definition of the read (the ORM writes the SQL), and Django's own converters turn the
rows into Python values, as ``values_list()`` would.

    by_slug = Prepared(lambda slug: Team.objects.filter(slug=slug).values_list("pk", "name"),
                       slug=Team._meta.get_field("slug"))
    by_slug.rows(slug="hawks")  # [(1, "Hawks")]

When a page needs model instances rather than tuples, :func:`instance` turns a row's
columns into one, as ``Model.from_db`` would, for a fraction of the cost.

Only for reads whose SQL does not change shape with the values (no ``__in`` lists, no
``None`` that would turn ``=`` into ``IS NULL``): each argument must appear exactly
once in the compiled parameters, which the first compile checks.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections, models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.db.models.sql.compiler import SQLCompiler

__all__ = ["Prepared", "instance", "prefetched"]

#: One compiled read: its SQL, parameters (stand-ins where the arguments go), the index
#: of each argument among them, the compiler and its column converters.
type _Compiled = tuple[str, list[Any], dict[str, int], SQLCompiler, dict[int, Any]]


class Prepared:
    """A ``values_list()`` read, compiled once per database alias (see the module)."""

    def __init__(
        self, build: Callable[..., models.QuerySet[Any]], **fields: models.Field[Any, Any]
    ) -> None:
        self.build = build
        self.fields = fields
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def rows(self, using: str = "default", **values: Any) -> list[tuple[Any, ...]]:
        """The rows of ``build(**values)``, as ``values_list()`` gives them."""
        sql, params, slots, compiler, converters = self._compiled.get(using) or self._compile(using)
        connection = connections[using]
        params = list(params)
        for name, index in slots.items():
            params[index] = self.fields[name].get_db_prep_value(
                values[name], connection, prepared=False
            )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched: list[tuple[Any, ...]] = cursor.fetchall()
        if not converters:
            return fetched
        return [tuple(row) for row in compiler.apply_converters(fetched, converters)]

    def _compile(self, using: str) -> _Compiled:
        with self._lock:
            if using in self._compiled:
                return self._compiled[using]
            connection = connections[using]
            stand_ins = {
                name: _stand_in(field, n) for n, (name, field) in enumerate(self.fields.items())
            }
            queryset = self.build(**stand_ins)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            slots: dict[str, int] = {}
            for name, field in self.fields.items():
                adapted = field.get_db_prep_value(stand_ins[name], connection, prepared=False)
                found = [i for i, p in enumerate(params) if p == adapted]
                if len(found) != 1:
                    raise ValueError(
                        f"Prepared read: {name!r} appears {len(found)} times in its SQL "
                        "(it must appear exactly once)."
                    )
                slots[name] = found[0]
            # Django's converters for the columns (dates on SQLite, decimals, JSON…),
            # as values_list() applies them, looked up once too.
            columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(columns)
            self._compiled[using] = (sql, list(params), slots, compiler, converters)
            return self._compiled[using]


def _stand_in(field: models.Field[Any, Any], n: int) -> Any:
    """A value of ``field``'s type that no real argument has, to find where it goes."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.DateTimeField):
        return dt.datetime(1901, 2, 3, 4, 5, n, 678901, tzinfo=dt.UTC)
    if isinstance(target, (models.IntegerField, models.AutoField)):
        return 1_987_654_321 - n
    if isinstance(target, models.CharField):
        return f"(prepared stand-in {n})"
    raise TypeError(f"Prepared reads take integer, text or date-time arguments, not {field!r}.")


def instance[M: models.Model](
    model: type[M], attnames: list[str], values: Any, using: str = "default"
) -> M:
    """A ``model`` instance loaded from the database with ``values`` for ``attnames``:
    what ``model.from_db(using, attnames, values)`` returns.

    ``Model.__init__`` sends two signals and sets each field through its descriptor;
    for a freshly read row neither does anything (no receivers, nothing cached yet to
    clear), and for the squad's sixty instances per page they were about a fifth of
    building it. A model that has init receivers is built by ``from_db``, so they run.
    Columns left out of ``attnames`` stay deferred, as with ``from_db``.
    """
    if (pre_init.receivers or post_init.receivers) and (
        pre_init.has_listeners(model) or post_init.has_listeners(model)
    ):
        return model.from_db(using, attnames, values)
    new = model.__new__(model)
    state = new._state = ModelState()
    state.adding = False
    state.db = using
    new.__dict__.update(zip(attnames, values, strict=True))
    return new


def prefetched[M: models.Model](owner: models.Model, relation: str, related: list[M]) -> None:
    """Give ``owner.<relation>.all()`` the already-read ``related`` rows, as
    ``prefetch_related(relation)`` would, without building a related manager per owner.

    The queryset is the one the manager would return — filtered to ``owner`` (Django
    applies the filter only if it is used), so ``owner.<relation>.all().delete()`` or
    ``.filter(…)`` still touch ``owner``'s rows only — with its results filled in.
    """
    field = _pointing_at(type(owner), relation)
    # Django's own private parts, as its related manager sets them.
    queryset: Any = field.model._default_manager.get_queryset()
    with queryset._avoid_cloning():
        queryset._defer_next_filter = True
        queryset = queryset.filter(**{field.name: owner})
    queryset._result_cache = related
    queryset._prefetch_done = True
    cache = owner.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[field.remote_field.cache_name] = queryset


@functools.cache
def _pointing_at(owner: type[models.Model], relation: str) -> models.ForeignKey[Any, Any]:
    """The foreign key behind ``owner.<relation>`` (a reverse relation)."""
    reverse = owner._meta.get_field(relation)
    assert isinstance(reverse, models.ManyToOneRel), f"{owner.__name__}.{relation} is not reverse"
    return reverse.field
