"""Creating a club and its page: the creator becomes admin; outsiders get a 403 that says why."""

from __future__ import annotations

import pytest

from clubs.models import Club

pytestmark = pytest.mark.django_db


def test_a_signed_in_coach_creates_a_club_and_becomes_its_admin(people, client_as):
    client = client_as("outsider")
    response = client.post("/clubs/new/", {"name": "Lakeside FC", "slug": "lakeside"})
    assert response.status_code == 303
    assert response["Location"] == "/clubs/lakeside/"
    club = Club.objects.get(slug="lakeside")
    assert list(club.admins.all()) == [people.outsider]
    page = client.get("/clubs/lakeside/")
    assert "Lakeside FC is created and you are its admin." in page.text


def test_an_anonymous_visitor_is_sent_to_the_login_page(people, client_as):
    response = client_as("anonymous").post(
        "/clubs/new/", {"name": "Lakeside FC", "slug": "lakeside"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/clubs/new/")
    assert not Club.objects.filter(slug="lakeside").exists()


def test_a_taken_or_reserved_club_address_is_refused_and_the_typed_name_kept(people, client_as):
    client = client_as("outsider")
    taken = client.post("/clubs/new/", {"name": "Lakeside FC", "slug": people.club.slug})
    assert taken.status_code == 400
    assert "Club with this URL name already exists." in taken.text
    assert 'value="Lakeside FC"' in taken.text
    reserved = client.post("/clubs/new/", {"name": "New", "slug": "new"})
    assert reserved.status_code == 400
    assert "is reserved" in reserved.text


@pytest.mark.parametrize("role", ["club_admin", "head_coach", "assistant"])
def test_the_clubs_admins_and_coaches_see_its_teams_and_coaches(people, client_as, role):
    page = client_as(role).get(f"/clubs/{people.club.slug}/")
    assert page.status_code == 200
    assert "Riverside Reds" in page.text
    assert "Head coach" in page.text and "Assistant coach" in page.text


@pytest.mark.parametrize("role", ["outsider", "other_club_admin"])
def test_outsiders_get_a_403_page_that_says_why(people, client_as, role):
    page = client_as(role).get(f"/clubs/{people.club.slug}/")
    assert page.status_code == 403
    assert "is for its admins and coaches only" in page.text
    assert "Riverside Reds" not in page.text


def test_only_admins_see_the_invite_button(people, client_as):
    assert "Invite coaches" in client_as("club_admin").get(f"/clubs/{people.club.slug}/").text
    assert "Invite coaches" not in client_as("head_coach").get(f"/clubs/{people.club.slug}/").text


def test_admins_get_a_manage_link_for_every_team_and_coaches_for_their_own(people, client_as):
    from tests.factories import make_team

    make_team(people.club, name="Riverside Greens")
    admin_page = client_as("club_admin").get(f"/clubs/{people.club.slug}/").text
    assert "Manage Riverside Reds" in admin_page and "Manage Riverside Greens" in admin_page
    assert "/teams/new/" in admin_page
    coach_page = client_as("head_coach").get(f"/clubs/{people.club.slug}/").text
    assert "Manage Riverside Reds" in coach_page
    assert "Manage Riverside Greens" not in coach_page
    assert "/teams/new/" not in coach_page
