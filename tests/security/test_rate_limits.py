"""Floods: the lineup page (and any view with @rate_limit) answers 429 with Retry-After."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from web.ratelimit import Rate, client_ip, hit, parse_rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "rate"),
    [("10/m", Rate(10, 60)), ("5/30s", Rate(5, 30)), ("100/h", Rate(100, 3600))],
)
def test_rates_are_read_from_settings_text(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "10", "ten/m", "10/y", "-1/m"])
def test_a_malformed_rate_is_refused(text):
    with pytest.raises(ValueError, match="Not a rate"):
        parse_rate(text)


def test_the_lineup_page_answers_429_with_retry_after_past_the_limit(
    client, settings, club_data, frozen_rate_limit_clock
):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "lineup": "3/m"}
    settings.TEAMCOACH_PAGE_CACHE_SECONDS = 0  # every GET runs the solver (what is counted)
    for _ in range(3):
        assert client.get("/best/hawks/5/").status_code == 200
    response = client.get("/best/hawks/5/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert b"Slow down a little" in response.content
    assert response["X-Frame-Options"] == "DENY"
    # Other pages and other visitors are not punished.
    assert client.get("/best/").status_code == 200
    assert client.get("/best/hawks/5/", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_kept_page_and_a_304_spend_no_allowance(client, settings, club_data):
    """The limit guards the solver: unchanged data comes from the page cache, uncounted."""
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "lineup": "2/m"}
    etag = client.get("/best/hawks/5/")["ETag"]
    for _ in range(5):
        assert client.get("/best/hawks/5/").status_code == 200
        assert client.get("/best/hawks/5/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/best/hawks/5/", HTTP_ACCEPT="application/json").status_code == 200
    assert client.get("/best/hawks/5/?format=csv").status_code == 429  # a third solver run


def test_a_signed_in_user_is_counted_across_addresses(
    client, settings, superuser, club_data, frozen_rate_limit_clock
):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "lineup": "2/m"}
    client.force_login(superuser)
    assert client.get("/best/hawks/5/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get("/best/hawks/5/", REMOTE_ADDR="192.0.2.2").status_code == 200
    assert client.get("/best/hawks/5/", REMOTE_ADDR="192.0.2.3").status_code == 429


def test_the_window_resets():
    rate = Rate(2, 10)
    assert [hit("t", "me", rate, now=100.0) for _ in range(3)] == [0, 0, 10]
    assert hit("t", "me", rate, now=110.0) == 0


def request_from(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_x_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TEAMCOACH_TRUSTED_PROXIES = []
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(settings):
    settings.TEAMCOACH_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(request_from("127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    # A spoofed left-most entry is skipped: the right-most untrusted one counts.
    assert client_ip(request_from("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.5")) == (
        "198.51.100.1"
    )
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert client_ip(request_from("127.0.0.1", "not-an-ip")) == "127.0.0.1"


def test_spoofing_x_forwarded_for_does_not_escape_the_limit(client, settings, club_data):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "lineup": "2/m"}
    settings.TEAMCOACH_PAGE_CACHE_SECONDS = 0  # every GET runs the solver (what is counted)
    statuses = [
        client.get("/best/hawks/5/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]


def login(client, username: str, password: str = "wrong password", **extra):
    """A POST to the one login (allauth's); /admin/login/ only sends staff there."""
    return client.post("/accounts/login/", {"login": username, "password": password}, **extra)


def test_the_login_is_throttled_per_address(client, settings, superuser, frozen_rate_limit_clock):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "login": "3/m"}
    statuses = [login(client, f"guess{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = login(client, "root", "a long admin passphrase 42")
    assert response.status_code == 429 and int(response["Retry-After"]) <= 60
    # Showing the form is never counted.
    assert client.get("/accounts/login/").status_code == 200


def test_the_login_is_throttled_per_account_across_addresses(
    client, settings, superuser, frozen_rate_limit_clock
):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "login": "3/m"}
    statuses = [login(client, "ROOT ", REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another account from a fresh address is not affected.
    assert login(client, "someone-else", REMOTE_ADDR="198.51.100.99").status_code == 200


def test_a_locked_account_opens_again_when_the_window_ends(settings, superuser):
    """The lock-out cannot be made permanent: it is one window long."""
    rate = Rate(3, 60)
    for _ in range(4):
        hit("login", "field:login:root", rate, now=120.0)
    assert hit("login", "field:login:root", rate, now=150.0) > 0
    assert hit("login", "field:login:root", rate, now=180.0) == 0


def test_the_api_is_rate_limited_with_a_problem_document(
    client, settings, club_data, frozen_rate_limit_clock
):
    """TEAMCOACH_RATE_API was defined but applied nowhere: 300 solver runs
    through /api/v1/lineups/… went through while /best/… answered 429."""
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "api": "3/m"}
    settings.TEAMCOACH_PAGE_CACHE_SECONDS = 0  # every GET runs the solver (what is counted)
    statuses = [client.get("/api/v1/lineups/hawks/5/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/teams/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["title"] == "Too many requests"


def test_an_api_304_or_kept_answer_spends_no_allowance_and_work_past_it_is_refused(
    client, settings, club_data, frozen_rate_limit_clock
):
    """As on the pages: the limit guards the work. A client that revalidates is not
    punished for it (GitHub's API does the same); past the limit, what is unchanged
    still comes back, and anything that would work is refused."""
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "api": "2/m"}
    lineup = "/api/v1/lineups/hawks/5/"
    etag = client.get(lineup)["ETag"]  # 1: computed
    for _ in range(5):
        assert client.get(lineup, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(lineup).status_code == 200  # the kept answer
    assert client.get("/api/v1/teams/").status_code == 200  # 2: built
    refused = client.get("/api/v1/teams/?page=1")  # 3: would build again
    assert refused.status_code == 429 and refused["Retry-After"]
    assert client.get("/api/v1/clubs/").status_code == 429  # counted up front: refused
    assert client.get(lineup, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(lineup, HTTP_ACCEPT_LANGUAGE="de").status_code == 429  # not kept


def test_an_api_read_past_the_limit_is_refused_before_it_works(
    client, settings, club_data, frozen_rate_limit_clock, monkeypatch
):
    from api import clubs, lineups

    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "api": "1/m"}
    assert client.get("/api/v1/clubs/").status_code == 200

    def must_not_run(*args, **kwargs):
        raise AssertionError("worked past the limit")

    monkeypatch.setattr(clubs, "page_of", must_not_run)  # counted up front
    monkeypatch.setattr(lineups, "squad_of", must_not_run)  # counted where its work starts
    assert client.get("/api/v1/clubs/").status_code == 429
    assert client.get("/api/v1/lineups/hawks/5/").status_code == 429


def test_a_404_counts_against_the_limit(client, settings, club_data, frozen_rate_limit_clock):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "api": "2/m"}
    statuses = [client.get("/api/v1/lineups/nobody/5/").status_code for _ in range(3)]
    assert statuses == [404, 404, 429]


def test_the_csv_import_is_rate_limited(client, settings, superuser, club_data):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "import": "2/m"}
    client.force_login(superuser)
    text = "name,number,positions\nGina Keeper,1,ANY:90\n"
    url = "/teams/hawks/import/roster/"
    statuses = [client.post(url, {"csv_text": text}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(url).status_code == 200  # showing the form is free


def test_counters_are_shared_by_every_worker_without_redis(settings):
    """`make run` has no Redis: the counters live in a database table every worker sees
    (each worker once counted alone in its own memory)."""
    from teamcoach import settings as configured
    from web.models import RateCount

    expected = "default" if configured.REDIS_URL else "database"
    assert expected == configured.TEAMCOACH_RATE_LIMIT_CACHE
    settings.TEAMCOACH_RATE_LIMIT_CACHE = "database"
    rate = Rate(2, 60)
    assert [hit("t", "me", rate, now=30.0) for _ in range(3)] == [0, 0, 30]
    assert list(RateCount.objects.values_list("count", "expires")) == [(3, 60)]
    # The first request of the next window starts at 1 and clears the window that is over.
    assert hit("t", "me", rate, now=90.0) == 0
    assert list(RateCount.objects.values_list("count", "expires")) == [(1, 120)]


def test_every_counted_request_is_one_statement_and_a_kept_api_read_none(
    client, settings, club_data, frozen_rate_limit_clock
):
    """One UPSERT per counted request: the lineup page and the API's lineup count where
    their work starts (past the 304 and the kept answer), other reads up front."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TEAMCOACH_RATE_LIMIT_CACHE = "database"

    def counter_statements(path: str, **headers: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path, **headers).status_code in (200, 304)
        return sum("ratecount" in q["sql"].lower() for q in ctx.captured_queries)

    # The first of each window also clears the windows that are over.
    client.get("/api/v1/clubs/")
    client.get("/best/hawks/4/")
    assert counter_statements("/best/hawks/5/") == 1
    assert counter_statements("/api/v1/lineups/hawks/5/") == 1
    assert counter_statements("/api/v1/clubs/") == 1
    assert counter_statements("/api/v1/lineups/hawks/5/") == 0  # kept
    etag = client.get("/api/v1/lineups/hawks/5/")["ETag"]
    assert counter_statements("/api/v1/lineups/hawks/5/", HTTP_IF_NONE_MATCH=etag) == 0
    assert counter_statements("/best/hawks/5/") == 0  # kept
