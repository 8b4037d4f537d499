"""Public and club-only teams: who sees the lineup pages, the /best/ form and the lists."""

import pytest

from clubs.models import Team
from clubs.permissions import can_view_team, visible_teams
from tests.factories import make_player, make_team
from tests.personas import MEMBERS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    team = make_team(
        name="Kestrels U9", slug="kestrels", team_type="junior", age_group="U09", sport="generic"
    )
    for number in range(1, 6):
        make_player(team, number, ratings={"ANY": 50})
    return team


def test_junior_teams_are_club_only_and_others_public_by_default():
    assert make_team(team_type="junior", age_group="U10").visibility == "club"
    assert make_team(team_type="senior").visibility == "public"
    assert make_team(team_type="veterans").visibility == "public"


def test_a_club_may_publish_a_junior_team():
    team = make_team(team_type="junior", age_group="U10", visibility="public")
    assert Team.objects.get(pk=team.pk).is_public


@pytest.mark.parametrize("role", ROLES)
def test_only_club_members_see_a_club_only_team(client_as, people, role):
    response = client_as(role).get("/best/kestrels/5/")
    if role in MEMBERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "shares its pages with the coaches and admins of" in response.content.decode()
    assert can_view_team(people.user(role), people.team) == (role in MEMBERS)


def test_the_403_page_offers_a_visitor_the_login_page(client, team, settings):
    html = client.get("/best/kestrels/5/").content.decode()
    assert f'href="{settings.LOGIN_URL}?next=' in html
    assert "Kestrels U9" in html


def test_the_best_form_and_lists_offer_only_visible_teams(client, team, people):
    public = make_team(name="Open Seniors", slug="open-seniors")
    assert set(visible_teams(None)) == {public, people.sibling_team, people.other_team}
    html = client.get("/best/").content.decode()
    assert 'value="open-seniors"' in html and 'value="kestrels"' not in html
    assert "Kestrels U9" not in client.get("/best/junior/").content.decode()
    client.force_login(people.head_coach)
    assert 'value="kestrels"' in client.get("/best/").content.decode()
    assert "Kestrels U9" in client.get("/best/junior/").content.decode()


def test_a_hidden_team_asked_for_in_the_form_is_not_revealed(client, team):
    response = client.get("/best/", {"team": "kestrels", "show": "5"})
    assert response.status_code == 404
