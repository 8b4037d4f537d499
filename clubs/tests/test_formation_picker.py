"""The team form's formation: a choice among the sport's formations, each drawn, without JS."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from clubs.models import Team
from clubs.tests.test_manage_forms import team_data as manage_team_data
from tests.factories import make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team(name="Hawks", slug="hawks", sport="football", team_size=11)


def team_data(**fields: str) -> dict[str, str]:
    return manage_team_data(**({"team_size": "11", "formation": ""} | fields))


def group(html: str, sport: str) -> str:
    """The picker's cards of one sport."""
    match = re.search(
        rf'<div class="formation-choices" data-sport="{sport}"[^>]*>(.*?)</div>\s*'
        r'(?=<div class="formation-choices"|<p)',
        html,
        re.S,
    )
    assert match, f"no {sport} group"
    return match.group(0)


def test_the_form_offers_the_sports_formations_each_drawn(client_as, people, team):
    html = client_as("head_coach").get("/teams/hawks/edit/").text
    football = group(html, "football")
    assert "hidden" not in football.split(">")[0]
    for name in ("4-4-2", "4-3-3", "3-5-2", "2-3-1 (7-a-side)"):
        assert f"{name}<span" in football
    assert "11 players" in football and "7 players" in football
    four_four_two = football.split('id="id_formation_4-4-2"')[1].split("</svg>")[0]
    assert four_four_two.count("<circle") == 11
    usual = football.split('id="id_formation_usual_football"')[0][-80:]
    assert (
        'value=""' in usual
        and "checked" in football.split('id="id_formation_usual_football"')[1][:20]
    )
    basketball = group(html, "basketball")
    assert basketball.split(">")[0].endswith("hidden") and " disabled" in basketball
    assert "A formation key from the lineup package" not in html


def test_a_chosen_formation_is_saved_and_shown_chosen(client_as, people, team):
    client = client_as("head_coach")
    response = client.post("/teams/hawks/edit/", team_data(formation="4-3-3"))
    assert response.status_code == 303
    team.refresh_from_db()
    assert team.formation == "4-3-3"
    html = client.get("/teams/hawks/edit/").text
    assert 'value="4-3-3" id="id_formation_4-3-3" checked' in html


def test_a_changed_sport_shows_its_formations_after_saving_without_javascript(
    client_as, people, team
):
    response = client_as("head_coach").post(
        "/teams/hawks/edit/", team_data(sport="basketball", team_size="5", formation="4-4-2")
    )
    assert response.status_code == 400
    html = response.text
    assert "“4-4-2” is not a formation for Basketball. Choose one of the formations shown" in html
    assert "hidden" not in group(html, "basketball").split(">")[0]
    assert group(html, "football").split(">")[0].endswith("hidden")
    assert "2 guards, 2 forwards, centre" in group(html, "basketball")
    team.refresh_from_db()
    assert team.sport == "football"


def test_a_formation_for_another_number_of_players_is_explained(client_as, people, team):
    response = client_as("head_coach").post(
        "/teams/hawks/edit/", team_data(team_size="7", formation="4-4-2")
    )
    assert response.status_code == 400
    assert (
        "4-4-2 places 11 players, but this team has 7 on the field. Choose a formation "
        "for 7, or the usual one." in response.text
    )


def test_an_unknown_formation_is_refused(client_as, people, team):
    response = client_as("head_coach").post("/teams/hawks/edit/", team_data(formation="1-1-1"))
    assert response.status_code == 400
    assert "Choose one of the formations shown." in response.text


def test_the_model_refuses_another_sports_formation_for_the_api_too(team):
    team.formation = "basketball-5"
    with pytest.raises(ValidationError) as refused:
        team.full_clean()
    assert "formation" in refused.value.message_dict
    Team.objects.filter(pk=team.pk).update(formation="")


def test_the_new_team_form_brings_the_script_that_switches_the_formations(client_as, people):
    html = client_as("club_admin").get("/teams/new/").text
    assert "js/formation-picker" in html and "data-formation-picker" in html
    assert "Changed the sport? Save, and its formations are offered here." in html
