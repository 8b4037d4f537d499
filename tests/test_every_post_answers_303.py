"""docs/writes.md: "every successful POST answers 303" — for every view of the project's
own apps that takes POST, found through the URL resolver.

A 302 after a POST lets some clients repeat the POST as a GET or keep it a POST; 303
says "now GET this". So the views (and the helpers of their module they call) must
leave through ``web.responses.see_other`` — never ``redirect()`` or a bare
``HttpResponseRedirect``. Re-rendering a form (400/409/422) is not a redirect and
stays allowed.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from web.middleware import _declared_methods

ROOT = Path(__file__).resolve().parent.parent
#: Calls that answer 302/301.
REDIRECTS = {"redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect"}
#: Views that take POST but write nothing, and why they may redirect.
NOT_WRITES = {
    # Stands in for Django admin's login form for every method and checks no password:
    # it only sends the visitor on to the account login page.
    "accounts.views.admin_login",
    # An API address without its slash: 308 keeps the method and body for the real write.
    "api.protocol.add_slash",
}


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _unwrapped(view: Callable[..., Any]) -> Callable[..., Any]:
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def _own_post_views() -> dict[str, tuple[str, Any]]:
    """{dotted name: (route, function or class)} of the project's views that take POST."""
    found = {}
    for route, callback in _patterns(get_resolver()):
        if route.startswith("api/v1/"):
            continue  # the JSON API answers 201/200/204, never a redirect (api/http.py)
        view_class = getattr(callback, "view_class", None)
        view: Any = view_class or _unwrapped(callback)
        source = inspect.getsourcefile(view) or ""
        if not Path(source).is_relative_to(ROOT) or ".venv" in source:
            continue  # Django's, allauth's, ninja's
        if view_class is not None:
            takes_post = hasattr(view_class, "post")
        else:
            takes_post = "POST" in (_declared_methods(callback) or ["POST"])
        if takes_post:
            found[f"{view.__module__}.{view.__qualname__}"] = (route, view)
    return found


def _calls(function: Any, module: ModuleType, seen: set[str]) -> Iterator[str]:
    """Names called by ``function`` (or class) and, transitively, its module's own functions."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        yield name
        helper = getattr(module, name, None)
        if name not in seen and inspect.isfunction(helper) and helper.__module__ == module.__name__:
            seen.add(name)
            yield from _calls(_unwrapped(helper), module, seen)


def test_the_walk_finds_the_write_views_of_every_app():
    views = _own_post_views()
    assert {name.split(".")[0] for name in views} >= {"clubs", "fairplay", "accounts", "api"}
    assert "clubs.manage_views.team_edit" in views


def test_every_successful_post_of_the_site_answers_303():
    offenders = {}
    for name, (route, function) in _own_post_views().items():
        if name in NOT_WRITES:
            continue
        module = inspect.getmodule(function)
        assert module is not None
        used = REDIRECTS & set(_calls(function, module, {function.__name__}))
        if used:
            offenders[f"/{route} ({name})"] = sorted(used)
    assert offenders == {}, "use web.responses.see_other (303) after a POST"
