"""The player form: position rows added in place (with or without JavaScript), precise errors."""

from __future__ import annotations

import pytest

from clubs.models import Player
from clubs.tests.test_manage_forms import player_data
from tests.factories import make_player, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    team = make_team(name="Hawks", slug="hawks", sport="football", team_size=5)
    make_player(team, 7, "Mo Mid", ratings={"CM": 80, "AM": 70})
    return team


@pytest.fixture
def client(client, people):
    client.force_login(people.head_coach)
    return client


def new_player(**fields: str) -> dict[str, str]:
    return player_data(**({"positions-TOTAL_FORMS": "1"} | fields))


def rows(html: str) -> int:
    return html.count('class="position-row"') - 1  # the template for new rows has one too


def test_a_new_player_starts_with_one_empty_position_row(client, team):
    html = client.get("/teams/hawks/players/new/").text
    assert rows(html) == 1
    assert 'name="positions-TOTAL_FORMS" value="1"' in html
    assert ">Add another position</button>" in html
    assert "Save and reopen" not in html


def test_an_existing_player_shows_their_positions_and_one_more_row(client, team):
    mo = team.players.get()
    html = client.get(f"/teams/hawks/players/{mo.pk}/edit/").text
    assert rows(html) == 3
    assert '<option value="CM" selected>CM · central midfielder</option>' in html


def test_add_another_position_without_javascript_keeps_what_was_typed(client, team):
    response = client.post(
        "/teams/hawks/players/new/", new_player(name="", add_position="1", fit="")
    )
    assert response.status_code == 200
    html = response.text
    assert rows(html) == 2
    assert 'name="positions-TOTAL_FORMS" value="2"' in html
    assert '<option value="ST" selected>' in html and 'value="70"' in html
    assert 'value="12"' in html
    assert "This field is required." not in html  # nothing is checked yet
    assert 'id="id_fit">' in html  # the unticked box stays unticked
    assert not Player.objects.filter(number=12).exists()


def test_a_player_with_two_positions_is_saved_from_the_added_row(client, team):
    data = new_player(
        **{"positions-TOTAL_FORMS": "2", "positions-1-position": "RW", "positions-1-rating": "65"}
    )
    response = client.post("/teams/hawks/players/new/", data)
    assert response.status_code == 303
    nia = Player.objects.get(number=12)
    assert {p.position: p.rating for p in nia.positions.all()} == {"ST": 70, "RW": 65}


def test_a_rating_out_of_range_says_only_that(client, team):
    response = client.post("/teams/hawks/players/new/", new_player(**{"positions-0-rating": "150"}))
    assert response.status_code == 400
    assert "Ratings go from 0 to 100." in response.text
    assert "Give a rating for this position." not in response.text
    assert "less than or equal to" not in response.text


def test_a_rating_that_is_not_a_number_says_what_to_write(client, team):
    response = client.post(
        "/teams/hawks/players/new/", new_player(**{"positions-0-rating": "good"})
    )
    assert "Write the rating as a whole number from 0 to 100." in response.text
    assert "Give a rating for this position." not in response.text


def test_the_form_brings_the_script_that_adds_rows_in_place(client, team):
    html = client.get("/teams/hawks/players/new/").text
    assert "js/player-form" in html
    assert (
        "<template data-position-template data-rows-template>" in html
        and "positions-__prefix__-position" in html
    )


def test_adding_a_row_keeps_the_version_the_form_was_loaded_at(client, team):
    mo = team.players.get()
    Player.objects.filter(pk=mo.pk).update(version=5)  # someone saved meanwhile
    data = new_player(name="Mo Mid", number="7", version="1", add_position="1")
    html = client.post(f"/teams/hawks/players/{mo.pk}/edit/", data).text
    assert 'name="version" value="1"' in html  # so saving later still says "changed meanwhile"
