"""Every URL the site answers, discovered from the URL resolver — so new pages are attacked too.

Each route's parameters are filled with sample values: by parameter name where the
name says what it is (``slug`` → a real team), else by converter type. Admin URLs
are listed separately (they need a signed-in staff user).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

#: A parameter value an attacker would try in place of each path parameter.
_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if not isinstance(entry.pattern, RoutePattern):
                continue  # regex-based includes (none outside the admin)
            route = str(entry.pattern)
            if route.startswith("admin/"):
                continue
            yield from _walk(entry.url_patterns, prefix + route)
        elif (
            isinstance(entry, URLPattern)
            and isinstance(entry.pattern, RoutePattern)
            and not (prefix + str(entry.pattern)).startswith("admin/")
        ):
            yield prefix + str(entry.pattern), entry


def routes() -> list[str]:
    """Every non-admin route, as its pattern string (``best/<slug:slug>/<str:size>/``)."""
    return sorted({route for route, _ in _walk(get_resolver().url_patterns)})


def fill(route: str, samples: dict[str, str], default: str = "x") -> str:
    """``route`` with each ``<converter:name>`` replaced by ``samples[name]`` (or by type)."""

    def value(match: re.Match[str]) -> str:
        name, converter = match["name"], match["converter"] or "str"
        if name in samples:
            return samples[name]
        return {"int": "1", "uuid": "00000000-0000-0000-0000-000000000000"}.get(converter, default)

    return "/" + _ROUTE_PARAM.sub(value, route)


def params(route: str) -> list[str]:
    return [m["name"] for m in _ROUTE_PARAM.finditer(route)]


def site_urls(samples: dict[str, str]) -> list[str]:
    """One concrete path per route, filled with real objects where the name tells."""
    return sorted({fill(route, samples) for route in routes()})


def admin_urls() -> list[str]:
    """The admin index, every registered model's list, add page and first object's page.

    Add pages are left out where the model admin allows no adding at all (records
    such as task results are written by the application, never by hand).
    """
    urls = [reverse("admin:index")]
    superuser = RequestFactory().get("/admin/")
    superuser.user = type(
        "Superuser",
        (),
        {"is_active": True, "is_staff": True, "is_superuser": True, "has_perm": lambda *a: True},
    )()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        if model_admin.has_add_permission(superuser):
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
    return urls
