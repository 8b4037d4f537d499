"""gzip by Accept-Encoding (web.compression): smaller pages, strong ETags per coding, and
no compression where a page carries a secret of its own (BREACH, docs/security.md)."""

from __future__ import annotations

import gzip

import pytest

from tests.factories import five_a_side, make_game

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def squad(team):
    five_a_side(team)
    return make_game(team, days=2)


@pytest.mark.parametrize(
    ("path", "accept", "media"),
    [
        ("/best/riverside-reds/5/", "text/html", "text/html"),
        ("/best/riverside-reds/5/", "application/json", "application/json"),
        ("/best/riverside-reds/5/?format=csv", "", "text/csv"),
        ("/teams/riverside-reds/roster/", "application/json", "application/json"),
        ("/api/v1/lineups/riverside-reds/5/", "application/json", "application/json"),
    ],
)
def test_pages_come_gzipped_when_the_client_accepts_it(client, path, accept, media):
    plain = client.get(path, headers={"Accept": accept} if accept else {})
    packed = client.get(path, headers={**GZIP, **({"Accept": accept} if accept else {})})
    assert packed["Content-Encoding"] == "gzip"
    assert packed["Content-Type"].startswith(media)
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert not plain.has_header("Content-Encoding")
    # Strong, and distinct per coding: the same validator never names two byte strings.
    assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'


def test_a_gzip_etag_revalidates_to_304_with_the_same_etag(client):
    path = "/best/riverside-reds/5/"
    etag = client.get(path, headers=GZIP)["ETag"]
    again = client.get(path, headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag


def test_a_client_that_refuses_gzip_gets_it_plain(client):
    page = client.get("/best/riverside-reds/5/", headers={"Accept-Encoding": "gzip;q=0"})
    assert not page.has_header("Content-Encoding")
    assert b"<html" in page.content


def test_the_api_if_match_accepts_the_gzip_form_of_an_etag(people):
    from tests.factories import signed_in

    coach = signed_in(people.user("head_coach"))
    path = f"/api/v1/teams/{people.team.slug}/"
    etag = coach.get(path, headers=GZIP)["ETag"]
    assert etag.endswith('-gzip"')
    changed = coach.patch(
        path,
        data='{"name": "Riverside Blues"}',
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert changed.status_code == 200, changed.content


def test_an_answer_link_page_is_never_compressed(client, squad, team):
    from clubs.models import Player
    from clubs.services import answer_link_create

    token = answer_link_create(player=Player.objects.filter(team=team).first(), game=squad)
    page = client.get(f"/a/{token}/", headers=GZIP)
    assert page.status_code == 200
    assert not page.has_header("Content-Encoding")
    assert token in page.content.decode() or b"<form" in page.content


def test_a_kept_page_is_compressed_once_and_its_gzip_form_served_after(client, monkeypatch):
    from web import compression

    calls = []
    real = compression.compress_string
    monkeypatch.setattr(compression, "compress_string", lambda b: calls.append(1) or real(b))
    path = "/best/riverside-reds/5/"
    plain = client.get(path).content
    packed = [client.get(path, headers=GZIP) for _ in range(3)]
    assert len(calls) == 1  # the first gzip request compressed; the others took it kept
    assert {p.content for p in packed} == {packed[0].content}
    assert gzip.decompress(packed[2].content) == plain


def test_a_page_that_is_not_kept_is_compressed_for_each_response(client, monkeypatch):
    from web import compression

    calls = []
    real = compression.compress_string
    monkeypatch.setattr(compression, "compress_string", lambda b: calls.append(1) or real(b))
    for _ in range(2):  # the home page is not validated, so never kept: nothing to reuse
        page = client.get("/", headers=GZIP)
        assert page["Content-Encoding"] == "gzip"
    assert len(calls) == 2
