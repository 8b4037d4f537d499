"""GET /best/<team_type>/ lists the teams of that type; /best/<team>/ goes to its usual size."""

import pytest

from tests.factories import make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    return {
        "u9": make_team(
            name="Kestrels U9", team_type="junior", age_group="U09", visibility="public"
        ),
        "u11": make_team(
            name="Falcons U11", team_type="junior", age_group="U11", visibility="public"
        ),
        "first": make_team(name="First XI", team_type="senior"),
        "vets": make_team(name="Old Boys", team_type="veterans"),
    }


def test_the_junior_page_lists_only_junior_teams(client, teams):
    html = client.get("/best/junior/").content.decode()
    assert "Kestrels U9" in html and "Falcons U11" in html
    assert "First XI" not in html and "Old Boys" not in html


@pytest.mark.parametrize(
    ("team_type", "shown", "hidden"),
    [
        ("senior", "First XI", "Kestrels U9"),
        ("veterans", "Old Boys", "First XI"),
    ],
)
def test_every_team_type_has_its_own_list(client, teams, team_type, shown, hidden):
    response = client.get(f"/best/{team_type}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert shown in html and hidden not in html


def test_the_list_links_each_team_to_its_lineup(client, teams):
    html = client.get("/best/junior/").content.decode()
    assert f'href="/best/{teams["u9"].slug}/5/"' in html


def test_a_team_address_without_a_size_goes_to_its_usual_size(client, teams):
    response = client.get(f"/best/{teams['first'].slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/best/{teams['first'].slug}/5/"


def test_an_unknown_team_or_type_is_a_helpful_404(client, teams):
    response = client.get("/best/nobody-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no team called “nobody-here”" in html
    assert 'href="/best/junior/"' in html
