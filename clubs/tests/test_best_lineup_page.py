"""GET /best/<team>/<n>/ — the best lineup for the team's next game."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import answer, make_game, make_player, make_team
from tests.personas import EDITORS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    team = make_team(slug="hawks", name="Hawks", sport="generic", team_size=3)
    for number, rating in [(1, 60), (2, 90), (3, 70), (4, 80), (5, 50)]:
        make_player(team, number, f"Player{number} Surname{number}", ratings={"ANY": rating})
    return team


def picks(html: str) -> list[str]:
    """The shirt numbers in the lineup list, in order."""
    section = html.split('id="picks-heading"')[1].split("</ol>")[0]
    return re.findall(r'<span class="shirt" aria-hidden="true">(\d+)</span>', section)


def bench(html: str) -> list[str]:
    section = html.split('id="bench-heading"')[1].split("</section>")[0]
    return re.findall(r'<span class="shirt" aria-hidden="true">(\d+)</span>', section)


def test_it_picks_the_highest_rated_players(client, team):
    response = client.get("/best/hawks/3/")
    assert response.status_code == 200
    assert sorted(picks(response.content.decode())) == ["2", "3", "4"]


def test_the_bench_is_in_order_of_rating(client, team):
    html = client.get("/best/hawks/3/").content.decode()
    assert bench(html) == ["1", "5"]


def test_it_shows_the_next_game_it_is_for(client, team):
    make_game(team, days=-7, opponent="Played Already")
    make_game(team, days=2, opponent="Northgate Athletic", venue="Memorial Ground")
    make_game(team, days=9, opponent="Later Opponent")
    html = client.get("/best/hawks/3/").content.decode()
    assert "Next game: v Northgate Athletic" in html
    assert "Memorial Ground" in html
    assert "Later Opponent" not in html and "Played Already" not in html


def test_without_an_upcoming_game_it_uses_all_fit_players_and_says_so(client, team):
    make_game(team, days=-1)
    html = client.get("/best/hawks/3/").content.decode()
    assert "No upcoming game is scheduled, so this lineup uses all fit players." in html


def test_players_who_said_no_or_are_injured_never_appear(client, team):
    game = make_game(team, days=2)
    star = team.players.get(number=2)
    answer(star, game, "no")
    team.players.filter(number=4).update(fit=False)
    html = client.get("/best/hawks/3/").content.decode()
    assert sorted(picks(html)) == ["1", "3", "5"]
    assert "said no" in html and "injured or ill" in html


def test_maybe_counts_and_is_marked_when_the_team_counts_it(client, team):
    game = make_game(team, days=2)
    answer(team.players.get(number=2), game, "maybe")
    html = client.get("/best/hawks/3/").content.decode()
    assert "2" in picks(html)
    assert 'class="badge maybe"' in html


def test_maybe_is_left_out_when_the_team_says_so(client, team):
    team.count_maybe = False
    team.save()
    game = make_game(team, days=2)
    answer(team.players.get(number=2), game, "maybe")
    html = client.get("/best/hawks/3/").content.decode()
    assert "2" not in picks(html)


def test_a_size_larger_than_the_available_players_states_the_shortfall(client, team):
    game = make_game(team, days=2)
    for number in (1, 2, 3):
        answer(team.players.get(number=number), game, "no")
    response = client.get("/best/hawks/3/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only 2 players are available for 3 places: 1 place stays empty." in html


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("0", "at least one player"),
        ("abc", "must be a whole number"),
        ("6", "has 5 players in its squad"),
        ("99", "more than 30"),
    ],
)
def test_a_bad_size_in_the_address_is_a_400_with_the_form(client, team, size, message):
    response = client.get(f"/best/hawks/{size}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert '<input type="hidden" name="team" value="hawks">' in html


def test_an_unknown_team_is_a_404_that_links_to_the_team_lists(client, team):
    response = client.get("/best/nobody/3/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no team called “nobody”" in html
    assert 'href="/best/senior/"' in html
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_ties_are_broken_the_same_way_whatever_order_players_were_added(client):
    # Two ties for the last place (70, 70, 70); the lower shirt numbers win them.
    ratings = {4: 90, 7: 70, 3: 70, 9: 70, 5: 40}
    forwards = make_team(slug="forwards", sport="generic")
    backwards = make_team(slug="backwards", sport="generic")
    for number, rating in ratings.items():
        make_player(forwards, number, ratings={"ANY": rating})
    for number, rating in reversed(ratings.items()):
        make_player(backwards, number, ratings={"ANY": rating})
    a = client.get("/best/forwards/3/").content.decode()
    b = client.get("/best/backwards/3/").content.decode()
    assert sorted(picks(a)) == sorted(picks(b)) == ["3", "4", "7"]
    assert bench(a) == bench(b) == ["9", "5"]


def test_the_pitch_drawing_shows_each_pick_and_escapes_names(client, team):
    make_player(team, 7, '<script>alert("x")</script>', ratings={"ANY": 99})
    html = client.get("/best/hawks/3/").content.decode()
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert svg.count('class="marker') == 3
    assert "<script>" not in html.split("<body>")[1].split("<script src=")[0]
    assert "&lt;script&gt;" in svg


def test_it_reads_the_database_a_fixed_number_of_times_however_many_teams(client, team, settings):
    settings.TEAMCOACH_RATE_LIMIT_CACHE = "default"  # counters in memory: no savepoints
    settings.TEAMCOACH_PAGE_CACHE_SECONDS = 0  # every GET a first one (no kept page)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/best/hawks/3/").status_code == 200
        # The lineup's own reads, not the maintenance switch (read once a second).
        return len([q for q in ctx.captured_queries if "teamcoach_cache" not in q["sql"]])

    make_game(team, days=2)
    few = queries()
    for _ in range(30):
        other = make_team(sport="generic")
        make_player(other, 1, ratings={"ANY": 50})
    assert queries() == few
    assert few <= 4  # the team (with its stamp), the game, the squad, the answers


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_can_edit_the_team_see_the_manage_link(client_as, role):
    html = client_as(role).get("/best/hawks/3/").content.decode()
    link = '<a href="/teams/hawks/manage/">Manage this team</a>'
    assert (link in html) == (role in EDITORS)


def test_a_coach_who_loses_the_role_gets_a_fresh_page_without_the_link(client, team, people):
    from clubs.models import Coach

    client.force_login(people.head_coach)
    first = client.get("/best/hawks/3/")
    assert "Manage this team" in first.content.decode()
    Coach.objects.filter(team=team).delete()
    again = client.get("/best/hawks/3/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Manage this team" not in again.content.decode()
