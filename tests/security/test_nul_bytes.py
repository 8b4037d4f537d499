"""NUL bytes (and lone surrogates) everywhere: refused with a clear 400/422, never a 500.

PostgreSQL cannot store a NUL in text; before issue 18 seven paths answered 500 on it
(anonymous GETs included) and SQLite quietly stored it. ``web.middleware.
UnstorableTextMiddleware`` refuses it at the edge on every database: this sweep puts
one into every path parameter, every query parameter the API declares, every field of
every form a signed-in superuser sees, every property of every JSON body the API takes,
and a CSV cell — and expects the refusal each time. ``make test-postgres`` runs the
same sweep on PostgreSQL.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.crawl import forms_of
from tests.security.urls import fill, params, routes, site_urls

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]

NUL = "a\x00b"
MESSAGE = "cannot be stored"


def refused(response, *statuses: int) -> bool:
    text = response.content.decode(errors="replace")
    return response.status_code in statuses and MESSAGE in text


@pytest.fixture
def staff(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


def test_every_path_parameter_refuses_a_nul(staff, samples):
    checked = 0
    for route in routes():
        for name in params(route):
            path = fill(route, {**samples, name: quote(NUL, "")})
            response = staff.get(path)
            assert refused(response, 400), (route, name, response.status_code)
            checked += 1
    assert checked >= 20


def test_every_query_parameter_of_the_api_refuses_a_nul(staff, samples, schema):
    checked = 0
    for template, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        path = template
        for name, value in samples.items():
            path = path.replace("{" + name + "}", value)
        for parameter in get.get("parameters", []):
            if parameter["in"] != "query":
                continue
            response = staff.get(path, {parameter["name"]: NUL}, HTTP_ACCEPT="application/json")
            assert refused(response, 400), (path, parameter["name"], response.status_code)
            assert response["Content-Type"] == "application/problem+json"
            checked += 1
    # The seven paths of issue 18 include these three anonymous GETs.
    for path, name in [
        ("/api/v1/players/", "team"),
        ("/api/v1/teams/", "club"),
        ("/api/v1/availability/", "team"),
    ]:
        assert refused(staff.get(path, {name: NUL}), 400), path
    assert checked >= 5


def test_every_page_query_parameter_refuses_a_nul(client, samples):
    for page in site_urls(samples):
        for name in ("team", "show", "format", "next", "page"):
            response = client.get(page, {name: NUL})
            if response.status_code == 405 and "GET" not in response["Allow"]:
                continue  # a POST-only address: the method is refused before its input is read
            assert refused(response, 400), (page, name, response.status_code)


def test_every_form_field_refuses_a_nul(staff, samples):
    checked = 0
    for page in [*site_urls(samples), "/accounts/login/", "/accounts/signup/"]:
        for form in forms_of(staff.get(page).content.decode(), page):
            send = staff.post if form.method == "post" else staff.get
            base = form.filled("x", everywhere=True)
            for name in base:
                if name == "csrfmiddlewaretoken":
                    continue
                response = send(form.action, {**base, name: NUL})
                where = f"{form.method} {form.action} {name}"
                assert refused(response, 400), (where, response.status_code)
                checked += 1
    assert checked >= 30


def _json_fields(schema: dict, body: dict) -> list[str]:
    ref = body["content"]["application/json"]["schema"].get("$ref", "")
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return list(component.get("properties", {}))


def test_every_json_body_property_refuses_a_nul(staff, samples, schema):
    checked = 0
    for template, operations in schema["paths"].items():
        path = template
        for name, value in samples.items():
            path = path.replace("{" + name + "}", value)
        for method in ("post", "put", "patch"):
            operation = operations.get(method)
            if not operation or "requestBody" not in operation:
                continue
            for field in _json_fields(schema, operation["requestBody"]):
                send = getattr(staff, method)
                response = send(path, json.dumps({field: NUL}), content_type="application/json")
                assert refused(response, 422), (method, path, field, response.status_code)
                problem = response.json()
                assert problem["errors"][0]["field"] == field
                checked += 1
    # Issue 18's three writes: PATCH team name, POST club name, game venue.
    assert checked >= 10


def test_a_lone_surrogate_in_a_json_body_is_refused_too(staff, club_data):
    body = '{"name": "Hawks \\ud800"}'
    response = staff.patch("/api/v1/teams/hawks/", body, content_type="application/json")
    assert refused(response, 422)


def test_a_csv_cell_with_a_nul_is_refused_on_upload_and_on_confirm(staff, club_data):
    url = "/teams/hawks/import/roster/"
    text = "name,number,positions\nGina\x00 Keeper,1,ANY:90\n"
    upload = SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")
    assert refused(staff.post(url, {"file": upload}), 400)
    assert refused(staff.post(url, {"csv_text": text, "confirm": "1"}), 400)
    assert not club_data["team"].players.filter(name__contains="Gina").exists()


def test_the_refusal_is_the_sites_own_page_and_keeps_the_security_headers(client):
    response = client.get("/best/", {"team": NUL})
    assert response.status_code == 400
    assert b"teamcoach" in response.content and b"Traceback" not in response.content
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/api/v1/availability/", "/accounts/login/"])
def test_a_multipart_body_without_a_boundary_is_refused_in_a_sentence(client, path, caplog):
    response = client.post(path, data=b"x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert not [r for r in caplog.records if r.exc_info], "no traceback is logged"
