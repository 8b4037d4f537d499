"""`teamcoach demo`: a realistic club whose every lineup page works."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from clubs.models import Club, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo")
    return Club.objects.get(slug="riverside")


def test_it_builds_junior_senior_and_veterans_teams_in_several_sports(demo):
    teams = Team.objects.filter(club=demo)
    assert {t.team_type for t in teams} == {"junior", "senior", "veterans"}
    assert len({t.sport for t in teams}) >= 5
    assert all(t.age_group for t in teams if t.team_type == "junior")


def test_every_team_has_14_to_25_players_with_rated_positions(demo):
    for team in Team.objects.filter(club=demo):
        players = team.players.all()
        assert 14 <= len(players) <= 25, team
        assert all(p.positions.exists() for p in players), team


def test_every_team_has_played_and_upcoming_games_with_answers(demo):
    now = timezone.now()
    for team in Team.objects.filter(club=demo):
        assert team.games.filter(kickoff__lt=now).count() >= 3
        next_game = team.next_game()
        assert next_game is not None
        assert next_game.availability.exists()


def test_it_keeps_minors_data_minimal(demo):
    for team in Team.objects.filter(club=demo, team_type="junior"):
        assert all(p.birth_year for p in team.players.all())


def test_loading_it_twice_changes_nothing(demo):
    teams = Team.objects.count()
    call_command("demo")
    call_command("demo", if_empty=True)
    assert Team.objects.count() == teams


def test_the_demo_keeps_public_senior_and_club_only_junior_teams(demo):
    teams = Team.objects.filter(club=demo)
    assert teams.filter(team_type="senior", visibility="public").exists()
    assert teams.filter(team_type="junior", visibility="club").exists()


def test_every_demo_lineup_page_answers_its_coaches(demo, client):
    for team in Team.objects.filter(club=demo):
        client.force_login(team.coaches.get().user)
        response = client.get(team.get_absolute_url())
        assert response.status_code == 200, team
        assert "Nobody available" not in response.content.decode(), team


def test_senior_demo_players_have_example_addresses_and_juniors_none(demo):
    first_xi = Team.objects.get(slug="riverside-first-xi")
    assert all(p.email.endswith("@example.org") for p in first_xi.players.all())
    for team in Team.objects.filter(club=demo, team_type="junior"):
        assert not team.players.exclude(email="").exists()


def test_the_demos_public_junior_team_shows_children_by_first_name_and_initial(demo, client):
    """docs/privacy.md on the demo: the U09s are public, their players' surnames are not."""
    u09 = Team.objects.get(slug="riverside-u09")
    assert u09.is_public and u09.team_type == "junior"
    page = client.get(u09.get_absolute_url()).content.decode()
    roster = client.get(f"/teams/{u09.slug}/roster/?format=json").json()["players"]
    for player in u09.active_players():
        first, surname = player.name.split()
        assert escape(f"{first} {surname[0]}.") in page, player.name  # starter, bench or out
        assert escape(surname) not in page, player.name
    assert "rated" not in page and "stronger" not in page and "injured" not in page
    assert all(p["fit"] is None and None in p["positions"].values() for p in roster)
    client.force_login(u09.coaches.get().user)
    assert "rated" in client.get(u09.get_absolute_url()).content.decode()
