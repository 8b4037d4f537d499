"""SQL injection: payloads/sqli.txt through every path parameter, form field and query parameter.

An injectable parameter shows as a 5xx (a broken query), a different answer from a
harmless wrong value (boolean-based: ``' OR 1=1`` finding a team), or a slow answer
(time-based: ``pg_sleep``, ``randomblob``). Each is asserted against.
"""

from __future__ import annotations

import time
from urllib.parse import quote, unquote

import pytest
from django.urls import Resolver404, resolve

from tests.security.crawl import forms_of, payloads
from tests.security.urls import fill, params, routes, site_urls

pytestmark = [
    pytest.mark.slow,  # every payload through every page and form: make test-all
    pytest.mark.django_db,
    pytest.mark.usefixtures("no_rate_limits"),
]

SQLI = payloads("sqli.txt")
BENIGN = "zz-not-there-42"
#: A normal answer takes milliseconds; the time-based payloads ask for 3 s or more.
SLOW = 2.5


def timed_get(client, path, data=None):
    started = time.monotonic()
    response = client.get(path, data)
    return response, time.monotonic() - started


def same_answer(attack: int, benign: int) -> bool:
    """The attack got what a harmless wrong value gets: both refused (a ``/`` in it may
    not route, 404; a value the schema rejects, 400) — never a page the benign value
    did not get, which is what a boolean-based injection looks like."""
    return attack == benign or (attack in (400, 404) and benign in (400, 404))


def test_the_payload_list_covers_error_boolean_union_and_time_based():
    text = "\n".join(SQLI)
    for kind in ("OR 1=1", "UNION SELECT", "pg_sleep", "randomblob", "SLEEP(", "CAST("):
        assert kind in text
    assert len(SQLI) >= 30


def routed(path: str) -> bool:
    """Whether the URL map sends ``path`` to a view (else the router's own 404 answers)."""
    try:
        resolve(unquote(path))
    except Resolver404:
        return False
    return True


@pytest.mark.parametrize("payload", SQLI)
def test_path_parameters_are_not_injectable(client, samples, superuser, payload):
    """Signed in as a superuser, so views behind a login read the database for real."""
    client.force_login(superuser)
    checked = 0
    for route in routes():
        for name in params(route):
            benign_path = fill(route, {**samples, name: BENIGN})
            attack_path = fill(route, {**samples, name: quote(payload, "")})
            attack, seconds = timed_get(client, attack_path)
            where = f"{route} {name}={payload!r}"
            assert attack.status_code < 500, where
            assert seconds < SLOW, where
            if not routed(attack_path):
                assert attack.status_code == 404, where  # the router refused it: no query ran
                continue
            if routed(benign_path):
                benign, _ = timed_get(client, benign_path)
                assert same_answer(attack.status_code, benign.status_code), (
                    where,
                    attack.status_code,
                    benign.status_code,
                )
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("payload", SQLI)
def test_form_fields_and_query_parameters_are_not_injectable(client, samples, payload):
    checked = 0
    for page in [*site_urls(samples), "/accounts/login/"]:
        for form in forms_of(client.get(page).content.decode(), page):
            send = client.post if form.method == "post" else client.get
            base = form.filled("")
            for name in base:
                if name == "csrfmiddlewaretoken":
                    continue
                benign = send(form.action, {**base, name: BENIGN})
                started = time.monotonic()
                attack = send(form.action, {**base, name: payload})
                seconds = time.monotonic() - started
                where = f"{form.method} {form.action} {name}={payload!r}"
                assert attack.status_code < 500, where
                assert attack.status_code == benign.status_code, where
                assert seconds < SLOW, where
                checked += 1
    assert checked >= 3


@pytest.mark.parametrize("payload", SQLI[::2])
def test_admin_search_sort_and_paging_are_not_injectable(client, superuser, club_data, payload):
    client.force_login(superuser)
    for model in ("club", "team", "player", "game"):
        path = f"/admin/clubs/{model}/"
        for param in ("q", "o", "p"):
            benign = client.get(path, {param: BENIGN})
            attack, seconds = timed_get(client, path, {param: payload})
            where = f"{path}?{param}={payload!r}"
            assert attack.status_code < 500, where
            assert attack.status_code == benign.status_code, where
            assert seconds < SLOW, where
            if param == "q" and " OR " in payload:
                # Boolean-based: ' OR 1=1 must not list the rows a real search term finds.
                assert rows(attack) == 0, where
    assert rows(client.get("/admin/clubs/player/", {"q": "Player"})) == 7  # the control


def rows(response) -> int:
    return response.content.count(b'name="_selected_action"')
