"""README: which pages answer ``If-None-Match`` with 304, and which are rendered afresh."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from clubs.models import Game
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TEAM, JUNIOR = "riverside-first-xi", "riverside-u09"


@pytest.fixture
def demo() -> Game:
    call_command("demo", verbosity=0)
    game = Game.objects.filter(team__slug=JUNIOR).order_by("kickoff").last()
    assert game is not None
    return game


def data_pages(game: Game) -> list[str]:
    rotation = f"/teams/{JUNIOR}/games/{game.pk}/rotation/"
    return [
        f"/best/{TEAM}/11/",
        f"/best/{TEAM}/11/card/",
        f"/teams/{TEAM}/",
        f"/teams/{TEAM}/roster/",
        f"/teams/{TEAM}/fixtures/",
        rotation,
        f"{rotation}card/",
        f"{rotation}compliance/",
        f"/teams/{JUNIOR}/fairness/",
        "/api/v1/teams/",
        f"/api/v1/teams/{JUNIOR}/",
    ]


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_the_data_pages_answer_a_matching_if_none_match_with_304(client, demo, signed_in):
    if signed_in:
        client.force_login(make_user("reader"))
    for path in data_pages(demo):
        first = client.get(path)
        assert first.status_code == 200 and first.has_header("ETag"), path
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, path
        assert again.content == b"", path


@pytest.mark.parametrize("path", ["/", "/best/", "/best/junior/", "/accounts/login/"])
def test_the_form_and_list_pages_are_rendered_afresh_without_an_etag(path):
    response = Client().get(path)
    assert response.status_code == 200
    assert not response.has_header("ETag")
