"""Installable and offline: the manifest, the service worker and what it may keep."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_game

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_its_icons_and_where_it_starts(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "teamcoach"
    assert data["start_url"] == "/manage/"
    assert data["display"] == "standalone"
    assert data["theme_color"] == "#0b5d2a"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")) is not None


def test_every_page_links_the_manifest(client):
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


def test_the_worker_is_served_from_the_root_with_its_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert '"/offline/"' in body
    for never in ('"/a/"', '"/s/"', '"/calendar/"', '"/invitations/"', '"/accounts/"'):
        assert never in body


def test_only_a_signed_in_coachs_current_game_pages_are_marked_to_keep(people, client, team):
    slug = team.slug
    now, later, past = make_game(team, days=0), make_game(team, days=3), make_game(team, days=-5)
    live = f"/teams/{slug}/games/{now.pk}/live/"
    rotation = f"/teams/{slug}/games/{later.pk}/rotation/"
    old = f"/teams/{slug}/games/{past.pk}/rotation/"
    anonymous = client.get(rotation)
    assert anonymous.get("X-Offline-Cache") is None
    assert anonymous["X-Offline-User"] == "-"
    client.force_login(people.head_coach)
    assert client.get(rotation)["X-Offline-Cache"] == "1"
    assert client.get(f"/teams/{slug}/roster/")["X-Offline-Cache"] == "1"
    assert client.get(old).get("X-Offline-Cache") is None
    assert client.get("/manage/").get("X-Offline-Cache") is None
    tag = client.get(rotation)["X-Offline-User"]
    assert tag not in ("-", str(people.head_coach.pk))
    assert client.get(live)["X-Offline-Cache"] == "1"


def test_signing_out_tells_the_browser_to_clear_what_it_kept(people, client):
    client.force_login(people.head_coach)
    response = client.post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
