"""URL names made from the name: prefilled, unique (-2, -3), editable, explained."""

from __future__ import annotations

import pytest
from django.utils import timezone

from clubs.models import Club, Team
from clubs.slugs import RESERVED_TEAM, free_slug, team_slug_base
from tests.factories import make_club

pytestmark = pytest.mark.django_db


def test_a_club_left_without_a_url_name_gets_one_from_its_name(people, client_as):
    response = client_as("outsider").post("/clubs/new/", {"name": "Lakeside FC", "slug": ""})
    assert response.status_code == 303
    assert response["Location"] == "/clubs/lakeside-fc/"
    assert Club.objects.get(slug="lakeside-fc").name == "Lakeside FC"


def test_a_taken_url_name_gets_the_next_free_number_even_past_deleted_clubs(people, client_as):
    Club.objects.create(name="Lakeside FC", slug="lakeside-fc")
    Club.objects.create(name="Old Lakeside", slug="lakeside-fc-2", deleted_at=timezone.now())
    response = client_as("outsider").post("/clubs/new/", {"name": "Lakeside FC"})
    assert response["Location"] == "/clubs/lakeside-fc-3/"


def test_the_sites_own_addresses_and_unsluggable_names_still_give_a_url_name(db):
    assert free_slug(Club, "new", reserved={"new"}, fallback="club") == "new-2"
    assert free_slug(Club, "", fallback="club") == "club"
    assert free_slug(Team, "junior", reserved=RESERVED_TEAM, fallback="team") == "junior-2"


def test_the_url_name_the_script_filled_in_is_made_unique_but_a_typed_one_is_refused(
    people, client_as
):
    Club.objects.create(name="Lakeside FC", slug="lakeside-fc")
    client = client_as("outsider")
    filled = client.post(
        "/clubs/new/", {"name": "Lakeside FC", "slug": "lakeside-fc", "slug_auto": "True"}
    )
    assert filled["Location"] == "/clubs/lakeside-fc-2/"
    typed = client.post("/clubs/new/", {"name": "Lakeside FC", "slug": "lakeside-fc"})
    assert typed.status_code == 400
    assert "Club with this URL name already exists." in typed.text


def test_a_team_url_name_starts_with_the_clubs(people, client_as):
    club = people.club
    response = client_as("club_admin").post(
        "/teams/new/",
        {"club": club.pk, "name": "U10", "slug": "", "team_type": "junior", "age_group": "U10",
         "sport": "football", "team_size": "7", "count_maybe": "on"},
    )  # fmt: skip
    assert response.status_code == 303
    assert Team.objects.get(name="U10").slug == f"{club.slug}-u10"
    assert team_slug_base("riverside", "Riverside U10") == "riverside-u10"
    assert team_slug_base("riverside", "Under 10s") == "riverside-under-10s"


def test_the_help_text_shows_a_real_address_never_an_empty_one(people, client_as):
    client = client_as("club_admin")
    new = client.get("/teams/new/").text
    assert "/best//" not in new
    assert "/best/<span data-slug-preview" in new
    assert f">{people.club.slug}-u10</span>/11/" in new
    edit = client.get(f"/teams/{people.team.slug}/edit/").text
    assert f">{people.team.slug}</span>/{people.team.team_size}/" in edit
    club = client.get("/clubs/new/").text
    assert "Used in the club’s address, such as <code>/clubs/<span" in club


def test_the_forms_bring_the_script_that_fills_the_url_name_as_you_type(people, client_as):
    client = client_as("club_admin")
    for url in ("/clubs/new/", "/teams/new/"):
        html = client.get(url).text
        assert "js/slug-field" in html and " defer" in html
        assert 'data-slug-from="id_name"' in html
    new_team = client.get("/teams/new/").text
    assert f"&quot;{people.club.pk}&quot;: &quot;{people.club.slug}&quot;" in new_team


def test_add_a_team_from_the_clubs_page_preselects_that_club(people, client_as):
    other = make_club("Second Club")
    other.admins.add(people.club_admin)
    html = client_as("club_admin").get(f"/teams/new/?club={other.slug}").text
    assert f'<option value="{other.pk}" selected>' in html
