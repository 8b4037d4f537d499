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


#: The naming convention for secrets in addresses: a URL parameter called ``token``
#: or ``key`` carries one (answer links, calendar feeds, invitations, e-mail
#: confirmations, password resets, share links). Logs must never show it.
SECRET_PARAMS = ("token", "key")
#: A realistic secret per parameter: 32 URL-safe characters (web.security.new_token),
#: allauth's signed confirmation key (with colons) and its reset key (with a dash).
SECRET_SAMPLES = {
    "token": "kq3P9xZ0vYb7LmN2rT5wUe8HcJ4sAd6F",
    "key": "MQ:1uXyZa:Tq3P9xZ0vYb7LmN2rT5wUe8HcJ4sAd6F",
}
_OTHER_SAMPLES = {"uidb36": "1", "uidb64": "MQ", "slug": "hawks", "pk": "1", "kind": "roster"}


def _regex_sample(regex: str, samples: dict[str, str]) -> str:
    """A path matching ``regex`` (a re_path pattern), each named group filled from samples."""
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            name = regex[i + 4 : regex.index(">", i)]
            depth, j = 0, i
            while True:  # to the group's closing parenthesis
                if regex[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(regex[j], 0)
                j += 1
                if depth == 0:
                    break
            out.append(samples.get(name, "x"))
            i = j
        elif regex[i] == "\\":
            out.append(regex[i + 1])
            i += 2
        else:
            out.append(regex[i])
            i += 1
    return "".join(out).lstrip("^").rstrip("$")


def _walk_all(patterns: list, prefix: str = "") -> Iterator[tuple[str, object, list[str]]]:
    """(sample path, pattern, parameter names) for every route, path() and re_path() alike."""
    samples = {**_OTHER_SAMPLES, **SECRET_SAMPLES}
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            here = fill(str(pattern), samples).lstrip("/")
            names = params(str(pattern))
        else:
            here = _regex_sample(pattern.regex.pattern, samples)
            names = list(pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if (prefix + here).startswith("admin/"):
                continue
            for path, inner, inner_names in _walk_all(entry.url_patterns, prefix + here):
                yield path, inner, names + inner_names
        else:
            yield "/" + prefix + here, entry, names


def secret_urls() -> list[tuple[str, str]]:
    """(sample path, its secret) for every URL pattern with a ``token`` or ``key`` parameter,
    found in the URL resolver: a new pattern that follows the convention is checked too."""
    found = set()
    for path, _entry, names in _walk_all(get_resolver().url_patterns):
        for name in names:
            if name in SECRET_PARAMS:
                found.add((path, SECRET_SAMPLES[name]))
    return sorted(found)
