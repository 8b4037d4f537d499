"""The remembered URL map answers exactly as Django's own, and remembers only matches."""

from __future__ import annotations

from django.urls import Resolver404, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from teamcoach.urls import site
from tests.security.urls import fill, routes
from web.urlmap import RememberedURLMap


def _plain_root() -> URLResolver:
    """The same patterns at the site's root, as Django mounts a urls.py, unremembered."""
    return URLResolver(RegexPattern(r"^/"), site)


def _same(path: str, plain: URLResolver) -> None:
    ours, django = get_resolver().resolve(path), plain.resolve(path)
    assert (ours.func, ours.args, ours.kwargs) == (django.func, django.args, django.kwargs)
    assert (ours.url_name, ours.view_name, ours.route) == (
        django.url_name,
        django.view_name,
        django.route,
    )
    assert (ours.namespaces, ours.app_names) == (django.namespaces, django.app_names)
    assert ours.captured_kwargs == django.captured_kwargs
    assert ours.extra_kwargs == django.extra_kwargs


def test_every_route_resolves_as_djangos_own_map_would_twice_over():
    plain = _plain_root()
    paths = [fill(route, {"slug": "hawks", "size": "5"}) for route in routes()]
    assert len(paths) > 50
    for path in paths:
        try:
            plain.resolve(path)
        except Resolver404:
            continue  # a sample value a converter refuses: nothing to compare
        _same(path, plain)
        _same(path, plain)  # the second time from memory


def test_a_match_is_remembered_and_a_miss_is_not():
    urlmap = RememberedURLMap(site)
    first = urlmap.resolve("best/hawks/5/")
    again = urlmap.resolve("best/hawks/5/")
    assert again is first
    assert urlmap._remembered.cache_info().hits == 1
    for n in range(20):  # made-up addresses do not fill the memory
        try:
            urlmap.resolve(f"no/such/page-{n}/")
        except Resolver404 as missing:
            assert missing.args[0]["tried"]  # Django's 404 page still lists what was tried
    assert urlmap._remembered.cache_info().currsize == 1


def test_the_view_gets_its_own_arguments_each_time():
    """A view that changed its keyword arguments would not change the next request's."""
    match = get_resolver().resolve("/teams/hawks/roster/")
    match.kwargs["slug"] = "changed"
    assert get_resolver().resolve("/teams/hawks/roster/").kwargs == {"slug": "hawks"}
