"""/teams/<slug>/games/<id>/lineup/ — one game's lineup, and the coach's choices on it."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from clubs.lineups import saved_lineup, saved_starters
from clubs.models import AuditEvent, SavedLineup
from tests.factories import answer, make_game, make_player, make_team
from tests.personas import EDITORS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    team = make_team(slug="hawks", name="Hawks", sport="generic", team_size=3)
    for number, rating in [(1, 60), (2, 90), (3, 70), (4, 80), (5, 50)]:
        make_player(team, number, f"Player{number} Surname{number}", ratings={"ANY": rating})
    return team


@pytest.fixture
def game(team):
    return make_game(team, days=2, opponent="Northgate Athletic")


def url(game, suffix=""):
    return f"/teams/{game.team.slug}/games/{game.pk}/lineup/{suffix}"


def picks(html: str) -> list[str]:
    section = html.split('id="picks-heading"')[1].split("</ol>")[0]
    return re.findall(r'<span class="shirt" aria-hidden="true">(\d+)</span>', section)


def pk_of(team, number):
    return str(team.players.get(number=number).pk)


def choose(client, game, action, number=None, other=None, version=None):
    data = {"action": action}
    if number is not None:
        data["player"] = pk_of(game.team, number)
    if other is not None:
        data["other"] = pk_of(game.team, other)
    choice = SavedLineup.objects.filter(game=game).first()
    data["version"] = str(version if version is not None else (choice.version if choice else 0))
    return client.post(url(game), data)


def test_any_game_has_its_own_lineup_page(client, team, game):
    later = make_game(team, days=9, opponent="Later Opponent")
    html = client.get(url(later)).content.decode()
    assert "Hawks v Later Opponent" in html
    assert sorted(picks(html)) == ["2", "3", "4"]
    assert "Suggested" in html


@pytest.mark.parametrize("fmt", ["json", "csv", "pdf"])
def test_it_comes_in_the_same_formats_as_the_best_lineup(client, game, fmt):
    response = client.get(url(game), {"format": fmt})
    assert response.status_code == 200
    assert response["ETag"]
    again = client.get(url(game), {"format": fmt}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_card_is_the_same_lineup(client, game):
    response = client.get(url(game, "card/"))
    assert response.status_code == 200
    assert "Northgate Athletic" in response.content.decode()


def test_an_unknown_game_is_404(client, team):
    assert client.get("/teams/hawks/games/999999/lineup/").status_code == 404


def test_it_answers_with_the_team_s_permissions(team, game, client_as):
    team.visibility = "club"
    team.save()
    for role in ROLES:
        status = client_as(role).get(url(game)).status_code
        expected = 200 if role in {*EDITORS, "other_team_coach"} else 403
        assert status == expected, role


def test_only_the_coaches_may_choose(team, game, client_as):
    for role in ROLES:
        response = choose(client_as(role), game, "out", 2)
        if role in EDITORS:
            assert response.status_code == 303, role
            SavedLineup.objects.all().delete()
        else:
            assert response.status_code in (302, 403), role
    assert not SavedLineup.objects.exists()


def test_the_coach_leaves_a_player_out_and_pins_another(team, game, client_as):
    coach = client_as("head_coach")
    assert choose(coach, game, "out", 2).status_code == 303
    html = coach.get(url(game)).content.decode()
    assert "2" not in picks(html)
    assert "left out by the coach" in html
    assert choose(coach, game, "pin", 5).status_code == 303
    html = coach.get(url(game)).content.decode()
    assert sorted(picks(html)) == ["3", "4", "5"]
    assert "picked by the coach" in html  # the reason says why No. 5 starts
    assert AuditEvent.objects.filter(summary__contains="left No. 2").exists()


def test_the_coach_locks_and_swaps(team, game, client_as):
    coach = client_as("head_coach")
    before = picks(coach.get(url(game)).content.decode())
    assert choose(coach, game, "swap", int(before[0]), int(before[1])).status_code == 303
    after = picks(coach.get(url(game)).content.decode())
    assert after[:2] == [before[1], before[0]]
    assert choose(coach, game, "swap", int(after[0]), 1).status_code == 303
    swapped = picks(coach.get(url(game)).content.decode())
    assert swapped[0] == "1"


def test_choices_that_cannot_hold_are_refused_with_the_reason(team, game, client_as):
    coach = client_as("head_coach")
    for number in (1, 3, 5):
        assert choose(coach, game, "pin", number).status_code == 303
    response = choose(coach, game, "pin", 4)
    assert response.status_code == 400
    assert "players are chosen to start, but there are only 3 places" in response.content.decode()


def test_a_bad_action_or_player_is_400_not_500(team, game, client_as):
    coach = client_as("head_coach")
    assert coach.post(url(game), {"action": "explode"}).status_code == 400
    assert coach.post(url(game), {"action": "pin", "player": "nope"}).status_code == 400
    bad_version = {"action": "pin", "player": pk_of(team, 1), "version": "x"}
    assert coach.post(url(game), bad_version).status_code == 400


def test_saving_shows_the_lineup_to_everyone_as_saved(team, game, client_as, client):
    coach = client_as("head_coach")
    choose(coach, game, "out", 2)
    assert choose(coach, game, "save").status_code == 303
    saved = saved_lineup(game)
    assert saved is not None and saved.saved_by_name
    starters = saved_starters(game)
    assert sorted(p.number for _slot, p in starters) == [1, 3, 4]
    html = client.get(url(game)).content.decode()
    assert "Saved by" in html and sorted(picks(html)) == ["1", "3", "4"]
    # The best page for the same game shows the same saved lineup.
    assert sorted(picks(client.get("/best/hawks/3/").content.decode())) == ["1", "3", "4"]
    data = json.loads(client.get(url(game), {"format": "json"}).content)
    assert data["lineup"]["status"] == "saved"
    assert "saved by" in client.get(url(game, "card/")).content.decode()


def test_a_saved_lineup_goes_out_of_date_when_a_starter_says_no(team, game, client_as):
    coach = client_as("head_coach")
    choose(coach, game, "save")
    answer(team.players.get(number=2), game, "no")
    html = coach.get(url(game)).content.decode()
    assert "This saved lineup is out of date" in html
    assert "2" in picks(html)  # still the saved one, until the coach re-suggests
    assert choose(coach, game, "resuggest").status_code == 303
    html = coach.get(url(game)).content.decode()
    assert "out of date" not in html
    assert sorted(picks(html)) == ["1", "3", "4"]


def test_a_page_loaded_before_someone_else_s_change_gets_409(team, game, client_as):
    coach = client_as("head_coach")
    choose(coach, game, "out", 2)
    response = choose(client_as("assistant"), game, "out", 3, version=0)
    assert response.status_code == 409
    assert "changed this lineup meanwhile" in response.content.decode()


def test_at_kick_off_the_lineup_page_still_shows_the_game(client, team, game):
    game.kickoff = timezone.now() - dt.timedelta(minutes=9)
    game.save()
    make_game(team, days=7, opponent="Next Week")
    html = client.get("/best/hawks/3/").content.decode()
    assert "Northgate Athletic" in html and "Now playing" in html
    assert "Next Week" not in html


def test_the_coach_marks_the_game_finished(team, game, client_as):
    game.kickoff = timezone.now() - dt.timedelta(minutes=9)
    game.save()
    make_game(team, days=7, opponent="Next Week")
    coach = client_as("head_coach")
    finish = f"/teams/hawks/games/{game.pk}/finish/"
    assert coach.post(finish, {"action": "finish"}).status_code == 303
    html = coach.get("/best/hawks/3/").content.decode()
    assert "Next game: v Next Week" in html and "v Northgate Athletic ·" not in html
    assert "Played" in coach.get(url(game)).content.decode()


def test_a_game_not_kicked_off_cannot_be_finished(team, game, client_as):
    coach = client_as("head_coach")
    coach.post(f"/teams/hawks/games/{game.pk}/finish/", {"action": "finish"})
    game.refresh_from_db()
    assert game.finished_at is None


def test_manage_page_shows_the_running_game_first_with_its_lineup_link(team, game, client_as):
    game.kickoff = timezone.now() - dt.timedelta(minutes=9)
    game.save()
    make_game(team, days=-14, opponent="Long Ago")
    html = client_as("head_coach").get("/teams/hawks/manage/").content.decode()
    upcoming = html.split('id="games-heading"')[1].split("</section>")[0]
    assert "Now playing" in upcoming and "Northgate Athletic" in upcoming
    assert f"/teams/hawks/games/{game.pk}/lineup/" in upcoming
    past = html.split('id="played-heading"')[1].split("</section>")[0]
    assert "Long Ago" in past


def test_fixtures_keep_past_games_reachable(client, team, game):
    old = make_game(team, days=-14, opponent="Long Ago")
    html = client.get("/teams/hawks/fixtures/").content.decode()
    past = html.split('id="past-heading"')[1]
    assert "Long Ago" in past and f"/teams/hawks/games/{old.pk}/lineup/" in past
    assert client.get(url(old)).status_code == 200


def test_a_game_lasts_the_team_s_game_length(team, game):
    team.game_minutes = 50
    team.save()
    now = game.kickoff + dt.timedelta(minutes=49)
    assert game.state(now) == "playing"
    assert team.current_or_next_game(now) == game
    later = game.kickoff + dt.timedelta(minutes=50)
    assert game.state(later) == "played"
    assert team.current_or_next_game(later) is None


def test_the_page_reads_the_database_a_fixed_number_of_times(client, team, game, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TEAMCOACH_RATE_LIMIT_CACHE = "default"  # counters in memory: no savepoints
    settings.TEAMCOACH_PAGE_CACHE_SECONDS = 0  # every GET a first one (nothing kept)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(game)).status_code == 200
        return len([q for q in ctx.captured_queries if "teamcoach_cache" not in q["sql"]])

    few = queries()
    for days in range(3, 30):
        make_game(team, days=days)
    for number in range(10, 30):
        make_player(team, number, ratings={"ANY": number})
    assert queries() == few
    assert few <= 7


def test_during_the_game_its_coaches_find_the_live_screen_from_the_lineup(team, game, client_as):
    live = f"/teams/hawks/games/{game.pk}/live/"
    assert live not in client_as("head_coach").get(url(game)).content.decode()  # not yet
    game.kickoff = timezone.now() - dt.timedelta(minutes=9)
    game.save()
    assert live in client_as("head_coach").get(url(game)).content.decode()
    assert live not in client_as("outsider").get(url(game)).content.decode()
    game.finished_at = timezone.now()
    game.save()
    assert live not in client_as("head_coach").get(url(game)).content.decode()
