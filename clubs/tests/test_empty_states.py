"""Empty pages say what to do next, with a link: no team, a club without teams, a new team."""

from __future__ import annotations

import pytest

from tests.factories import make_club, make_team, make_user, signed_in

pytestmark = pytest.mark.django_db


def test_a_coach_without_a_team_is_offered_to_create_a_club_or_ask_for_an_invitation(db):
    html = signed_in(make_user("newbie")).get("/manage/").text
    assert "You do not coach a team yet." in html
    assert '<a class="button" href="/clubs/new/">Create a club</a>' in html
    assert "Ask one of its admins to invite you" in html


def test_a_club_admin_without_teams_is_offered_the_first_team(db):
    admin = make_user("founder")
    club = make_club("Lakeside")
    club.admins.add(admin)
    client = signed_in(admin)
    manage = client.get("/manage/").text
    assert '<a class="button" href="/teams/new/">Add the first team</a>' in manage
    page = client.get(f"/clubs/{club.slug}/").text
    assert "This club has no teams yet. Add the first one" in page
    assert f'<a class="button" href="/teams/new/?club={club.slug}">Add the first team</a>' in page


def test_a_new_team_offers_its_first_player_and_game_and_the_csv_imports(db):
    admin = make_user("founder")
    team = make_team(slug="lake-u10", name="Lake U10")
    team.club.admins.add(admin)
    html = signed_in(admin).get("/teams/lake-u10/manage/").text
    assert "No players yet. Add the first one, or" in html
    assert '<a href="/teams/lake-u10/import/roster/">import the roster from a CSV file</a>' in html
    assert "No games yet. Schedule the first one, or" in html
    assert (
        '<a href="/teams/lake-u10/import/fixtures/">import the fixtures from a CSV file</a>' in html
    )
