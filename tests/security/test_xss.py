"""Cross-site scripting, stored and reflected: payloads/xss.txt through every text field.

Stored: each payload is written into every text column of every model of the
project's apps (found through the app registry, so later apps are covered), then
every page (URL resolver) and every admin page is read back. Reflected: each payload
goes into every field of every form found on those pages, into every path
parameter and into unknown query parameters. A payload found raw in a response fails.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils.html import escape

from tests.security.crawl import forms_of, payloads
from tests.security.urls import admin_urls, fill, params, routes, site_urls

pytestmark = [
    pytest.mark.slow,  # every payload through every page and form: make test-all
    pytest.mark.django_db,
    pytest.mark.usefixtures("no_rate_limits"),
]

ROOT = Path(__file__).resolve().parents[2]
XSS = payloads("xss.txt")


def test_the_payload_list_is_long_enough_and_dangerous():
    assert len(XSS) >= 50
    assert all(set(p) & set("<>\"'&") for p in XSS), "each payload must need escaping"


def text_fields() -> dict[type[models.Model], list[models.CharField]]:
    """Every free-text column of the project's own models (not codes, slugs or choices)."""
    found: dict[type[models.Model], list[models.CharField]] = {}
    for config in apps.get_app_configs():
        if not Path(config.path).is_relative_to(ROOT) or ".venv" in config.path:
            continue
        for model in config.get_models():
            fields = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
                and not isinstance(f, models.SlugField)
                and not f.choices
                and not f.primary_key
                and f.name not in {"password"}
                and (f.max_length is None or f.max_length >= 20)
            ]
            if fields:
                found[model] = fields
    return found


def _storable(field: models.Field, value: str) -> bool:
    """What a form could save: fits, and passes the field's validators (user names do not)."""
    try:
        field.run_validators(value)
    except ValidationError:
        return False
    return field.max_length is None or len(value) <= field.max_length


def store_everywhere(payload: str) -> int:
    """Write ``payload`` (plus the row's id, for unique columns) into every text column."""
    written = 0
    for model, fields in text_fields().items():
        for pk in model._default_manager.values_list("pk", flat=True):
            value = f"{payload} #{pk}"
            updates = {f.name: value for f in fields if _storable(f, value)}
            if updates:
                model._default_manager.filter(pk=pk).update(**updates)
                written += len(updates)
    return written


def assert_not_reflected(response, payload: str, where: str) -> None:
    assert response.status_code < 500, where
    content_type = response.headers.get("Content-Type", "")
    if not content_type.startswith(("text/html", "image/svg", "application/xhtml")):
        # JSON, CSV, ICS, PDF exports carry the text as data; a browser must never
        # sniff them into HTML.
        assert response.headers.get("X-Content-Type-Options") == "nosniff", where
        return
    body = response.content.decode(errors="replace")
    assert payload not in body, f"payload reflected unescaped on {where}: {payload!r}"


def test_the_stored_attack_reaches_players_clubs_teams_games_and_users(club_data, superuser):
    fields = {f"{m._meta.label}.{f.name}" for m, fs in text_fields().items() for f in fs}
    for expected in (
        "clubs.Player.name",
        "clubs.Team.name",
        "clubs.Club.name",
        "clubs.Game.opponent",
    ):
        assert expected in fields
    assert store_everywhere("<b>x</b>") > 10


@pytest.mark.parametrize("payload", XSS)
def test_a_stored_payload_is_escaped_on_every_page(client, samples, superuser, payload):
    store_everywhere(payload)
    for path in site_urls(samples):
        assert_not_reflected(client.get(path), payload, path)
    # Signed in, the pages behind a login (roster, fixtures, history, profiles) show it too.
    signed_in = Client()
    signed_in.force_login(superuser)
    for path in site_urls(samples):
        assert_not_reflected(signed_in.get(path), payload, f"{path} (signed in)")
    # The pitch drawing (inline SVG) shows the players' names: the payload reached it.
    lineup = client.get(f"/best/{samples['slug']}/{samples['size']}/").content.decode()
    svg = lineup[lineup.index("<svg") : lineup.index("</svg>")]
    if len(payload) <= 70:
        assert escape(payload) in lineup
        assert payload not in svg


# The admin's templates are Django's own (and tested by Django): every third payload
# is enough to catch a list_display or __str__ of ours that marks text safe.
@pytest.mark.parametrize("payload", XSS[::3])
def test_a_stored_payload_is_escaped_on_every_admin_page(client, club_data, superuser, payload):
    store_everywhere(payload)
    client.force_login(superuser)
    for path in admin_urls():
        if not path.endswith("/add/"):  # an empty form shows no stored data
            assert_not_reflected(client.get(path), payload, path)


def _pages(samples: dict[str, str]) -> list[str]:
    return [*site_urls(samples), "/accounts/login/"]


@pytest.mark.parametrize("payload", XSS)
def test_a_payload_in_any_form_field_is_not_reflected(client, samples, payload):
    forms_seen = 0
    for page in _pages(samples):
        for form in forms_of(client.get(page).content.decode(), page):
            forms_seen += 1
            data = form.filled(payload, everywhere=form.method == "get")
            send = client.post if form.method == "post" else client.get
            response = send(form.action, data)
            assert_not_reflected(response, payload, f"{form.method} {form.action} {data}")
    assert forms_seen >= 3


@pytest.mark.parametrize("payload", XSS)
def test_a_payload_in_a_path_or_query_parameter_is_not_reflected(client, samples, payload):
    for route in routes():
        for name in params(route):
            path = fill(route, {**samples, name: quote(payload, safe="")})
            assert_not_reflected(client.get(path), payload, path)
    for page in site_urls(samples):
        path = f"{page}?q={quote(payload)}&next={quote(payload)}&team={quote(payload)}"
        assert_not_reflected(client.get(path), payload, path)


@pytest.mark.parametrize("payload", XSS[::6])
def test_a_payload_typed_into_admin_forms_is_escaped(client, superuser, club_data, payload):
    client.force_login(superuser)
    for page in admin_urls():
        if not page.endswith("/add/") and "/change/" not in page:
            continue
        for form in forms_of(client.get(page).content.decode(), page):
            if form.method != "post" or not form.text_fields():
                continue
            response = client.post(form.action, form.filled(payload), follow=True)
            assert_not_reflected(response, payload, f"POST {form.action}")
