"""/api/v1/teams/ kept under the stamp of which teams exist and who may see them: a
repeat is the bytes answered before, and every change that could alter a list moves it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clubs import services
from clubs.models import Coach
from tests.factories import make_club, make_team, make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/teams/"


@pytest.fixture
def club():
    club = make_club("Riverside")
    make_team(club, slug="open", name="Open", visibility="public")
    make_team(club, slug="closed", name="Closed", visibility="club")
    return club


def slugs(client):
    return [t["slug"] for t in client.get(URL).json()["items"]]


def test_a_repeat_is_the_same_answer_without_reading_the_teams(club):
    client = Client()
    first = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert not any("clubs_team" in q["sql"] for q in queries.captured_queries)
    assert client.get(URL, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_new_renamed_or_deleted_team_shows_at_once(club):
    client = Client()
    assert slugs(client) == ["open"]
    admin = make_user("admin")
    services.team_create(
        club=club,
        data={"name": "Fresh", "slug": "fresh", "team_type": "senior", "visibility": "public"},
        by=admin,
    )
    assert slugs(client) == ["fresh", "open"]
    services.team_delete(team=club.teams.get(slug="fresh"), by=admin)
    assert slugs(client) == ["open"]
    services.team_update(
        team=club.teams.get(slug="open"), data={"name": "Open Age"}, version=None, by=admin
    )
    assert client.get(URL).json()["items"][0]["name"] == "Open Age"


def test_joining_a_club_shows_its_club_only_teams_to_the_new_member(club):
    user = make_user("newcoach")
    client = Client()
    client.force_login(user)
    assert slugs(client) == ["open"]
    Coach.objects.create(user=user, team=club.teams.get(slug="open"))
    assert slugs(client) == ["closed", "open"]
    Coach.objects.filter(user=user).delete()
    assert slugs(client) == ["open"]
    club.admins.add(user)
    assert slugs(client) == ["closed", "open"]


def test_one_readers_list_is_not_served_to_another(club):
    member = make_user("member")
    club.admins.add(member)
    signed_in = Client()
    signed_in.force_login(member)
    assert slugs(signed_in) == ["closed", "open"]
    assert slugs(Client()) == ["open"]
