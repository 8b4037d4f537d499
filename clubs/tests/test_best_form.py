"""GET /best/ — the form, and its ?team=&show= query that leads to the canonical URL."""

import re

import pytest

from tests.factories import make_player, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    team = make_team(slug="hawks", name="Hawks", sport="generic", team_size=3)
    for number in range(1, 6):
        make_player(team, number, ratings={"ANY": 50 + number})
    return team


def test_it_shows_a_form_with_a_team_select_and_a_size(client, team):
    response = client.get("/best/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="card lineup-form" method="get"' in html
    assert '<select name="team"' in html
    assert '<option value="hawks"' in html
    assert 'name="show"' in html


@pytest.mark.parametrize("path", ["/best", "/best/"])
def test_the_query_form_redirects_to_the_one_canonical_url(client, team, path):
    response = client.get(path, {"team": "hawks", "show": "3"})
    assert response.status_code == 302
    assert response["Location"] == "/best/hawks/3/"


def test_an_unknown_team_in_the_query_is_a_404_that_keeps_the_form(client, team):
    response = client.get("/best/", {"team": "nobody", "show": "3"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no team with that name" in html
    assert 'value="3"' in html


@pytest.mark.parametrize(
    ("show", "message"),
    [
        ("abc", "must be a whole number"),
        ("2.5", "must be a whole number"),
        ("0", "at least one player"),
        ("-3", "at least one player"),
        ("6", "has 5 players in its squad"),
        ("31", "more than 30"),
        ("", "how many players"),
    ],
)
def test_a_bad_size_comes_back_in_the_form_with_a_message(client, team, show, message):
    response = client.get("/best/", {"team": "hawks", "show": show})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert re.search(r'<option value="hawks"[^>]*selected', html), "the chosen team is kept"


def test_a_missing_team_is_a_400_that_asks_for_one(client, team):
    response = client.get("/best/", {"show": "3"})
    assert response.status_code == 400
    assert "Choose a team." in response.content.decode()
