"""The API lineup's repeat: the bytes django-ninja rendered for the same validator, kept
and served again without reading the squad or running the solver (web.validators)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clubs.models import Player
from tests.factories import answer, make_game

URL = "/api/v1/lineups/riverside-u09/5/"


@pytest.fixture
def team(junior_team):
    make_game(junior_team)
    return junior_team


def test_a_repeat_is_the_same_answer_without_reading_the_squad(team):
    client = Client()
    first = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL)
    assert again.status_code == 200 and again.content == first.content
    for header in ("ETag", "Last-Modified", "Content-Type", "Cache-Control"):
        assert again.get(header) == first.get(header), header
    assert "Accept" in again["Vary"] and "Authorization" in again["Vary"]
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "clubs_player" not in read and "clubs_availability" not in read


def test_a_write_changes_the_answer_that_is_served(team):
    client = Client()
    first = client.get(URL).json()
    keeper = first["picks"][0]
    answer(Player.objects.get(number=keeper["number"]), team.games.get(), "no")
    after = client.get(URL).json()
    assert keeper["number"] not in [p["number"] for p in after["picks"]]


def test_the_kept_answer_is_not_shared_with_a_reader_who_sees_more(team, people):
    outsider = Client().get(URL)
    coach = people.client("head_coach").get(URL)
    assert outsider["ETag"] != coach["ETag"]
    assert "Zoe K." in outsider.content.decode() and "Zoe Khan" not in outsider.content.decode()
    assert "Zoe Khan" in coach.content.decode()
    assert "Zoe Khan" not in Client().get(URL).content.decode()  # the outsider's, kept


def test_each_language_has_its_own_answer_and_etag(team):
    english = Client().get(URL, headers={"Accept-Language": "en"})
    german = Client().get(URL, headers={"Accept-Language": "de"})
    assert english["ETag"] != german["ETag"]
    assert english.json()["picks"][0]["reason"] != german.json()["picks"][0]["reason"]
    revalidated = Client().get(
        URL, headers={"Accept-Language": "de", "If-None-Match": english["ETag"]}
    )
    assert revalidated.status_code == 200 and revalidated.json() == german.json()
