"""The fixture list as an iCalendar feed at a secret, rotatable address per team."""

import datetime as dt
import io
import logging

import pytest
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar

from clubs import services
from clubs.models import AuditEvent, CalendarFeed
from tests.factories import make_game, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    team = make_team(slug="hawks", name="Hawks")
    make_game(team, opponent="Hillside Rovers", venue="Riverside Park")
    return team


@pytest.fixture
def coach(people):
    return people.head_coach


@pytest.fixture
def outsider(people):
    return people.outsider


@pytest.fixture
def feed(team, coach):
    return CalendarFeed.objects.create(team=team, created_by=coach)


def events(response):
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_the_feed_is_an_icalendar_document_with_every_game(client, feed, team):
    make_game(team, days=10, opponent="Lakeside", home_away="away")
    response = client.get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    assert [str(e["summary"]) for e in found] == ["Hawks v Hillside Rovers", "Hawks at Lakeside"]
    assert str(found[0]["location"]) == "Riverside Park"
    for event in found:
        for prop in ("uid", "dtstamp", "last-modified", "sequence", "dtstart", "dtend"):
            assert prop in event


def test_uids_are_stable_and_sequence_grows_when_a_game_changes(client, feed, team):
    first = events(client.get(f"/calendar/{feed.token}.ics"))[0]
    game = team.games.get()
    # A coach moves the kick-off a minute later (SEQUENCE counts in seconds).
    team.games.update(
        kickoff=game.kickoff + dt.timedelta(hours=1),
        updated_at=game.updated_at + dt.timedelta(minutes=1),
    )
    second = events(client.get(f"/calendar/{feed.token}.ics"))[0]
    assert second["uid"] == first["uid"]
    assert int(second["sequence"]) > int(first["sequence"])


def test_the_feed_answers_304_to_its_etag_and_changes_when_games_change(client, feed, team):
    url = f"/calendar/{feed.token}.ics"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    make_game(team, days=20, opponent="Newcomers")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_calendar_apps_get_the_feed_whatever_they_accept(client, feed):
    response = client.get(f"/calendar/{feed.token}.ics", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "text/calendar" in response["Content-Type"]


def test_an_unknown_or_replaced_address_is_404_and_never_logged(client, feed, caplog):
    old = feed.token
    feed = services.calendar_feed_rotate(feed=feed, by=None)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    from web.security import RedactTokensFilter

    redact = RedactTokensFilter()
    lines = [r for r in caplog.records if redact.filter(r) and old in r.getMessage()]
    assert lines == []


def test_a_coach_creates_rotates_and_revokes_the_address(client, team, coach):
    client.force_login(coach)
    page = "/teams/hawks/calendar/"
    assert client.post(page, {"action": "create"}).status_code == 303
    token = CalendarFeed.objects.get(team=team).token
    assert token in client.get(page).content.decode()
    client.post(page, {"action": "rotate"})
    new = CalendarFeed.objects.get(team=team).token
    assert new != token and len(new) >= 43
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    client.post(page, {"action": "revoke"})
    assert not CalendarFeed.objects.filter(team=team).exists()
    assert client.get(f"/calendar/{new}.ics").status_code == 404
    events = AuditEvent.objects.filter(team=team).order_by("pk")
    assert [(e.action, e.actor, e.object_type) for e in events] == [
        ("create", coach, "calendarfeed"),
        ("update", coach, "calendarfeed"),
        ("delete", coach, "calendarfeed"),
    ]
    history = client.get("/teams/hawks/history/").content.decode()
    for line in (
        "published the fixtures of Hawks as a calendar",
        "replaced the calendar address of Hawks",
        "switched off the calendar of Hawks",
    ):
        assert f"<strong>{coach}</strong> {line}" in history
    assert token not in history and new not in history


def test_the_calendar_feed_command_makes_and_rotates_the_address_on_the_history(team):
    out = io.StringIO()
    call_command("calendar_feed", "hawks", stdout=out)
    first = CalendarFeed.objects.get(team=team)
    assert out.getvalue().strip() == f"/calendar/{first.token}.ics"
    call_command("calendar_feed", "hawks", "--rotate", stdout=io.StringIO())
    assert CalendarFeed.objects.get(team=team).token != first.token
    events = AuditEvent.objects.filter(team=team).order_by("pk")
    assert [(e.action, e.actor_name) for e in events] == [
        ("create", "teamcoach calendar_feed (command line)"),
        ("update", "teamcoach calendar_feed (command line)"),
    ]


def test_only_the_teams_coaches_manage_the_feed(client, team, outsider):
    assert client.get("/teams/hawks/calendar/").status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get("/teams/hawks/calendar/").status_code == 403
    refused = client.post("/teams/hawks/calendar/", {"action": "create"})
    assert refused.status_code == 403
    assert "Only the coaches of Hawks and the admins of" in refused.content.decode()
    assert not CalendarFeed.objects.exists()
    assert not AuditEvent.objects.exists()


def test_managing_the_feed_needs_the_csrf_token(team, coach):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coach)
    assert strict.post("/teams/hawks/calendar/", {"action": "create"}).status_code == 403
