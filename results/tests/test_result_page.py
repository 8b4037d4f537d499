"""The result page: coaches record the score, starters and events on a phone, without
JavaScript; every POST answers 303, mistakes 4xx with the typed values kept."""

from __future__ import annotations

import re

import pytest

from clubs.models import AuditEvent
from results import services
from results.models import GameResult, MatchEvent
from tests.factories import make_game, make_player
from tests.personas import EDITORS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def game(people):
    team = people.team
    for number in range(1, 9):
        make_player(team, number, f"Kid {number}")
    return make_game(team, days=-1, opponent="Hillside")


def url(game, tail=""):
    return f"/teams/{game.team.slug}/games/{game.pk}/result/{tail}"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_teams_editors_may_open_it(client_as, game, role):
    response = client_as(role).get(url(game))
    if role in EDITORS:
        assert response.status_code == 200
        assert "Result v Hillside" in response.text
    else:
        assert response.status_code in (302, 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_may_record(client_as, game, role):
    response = client_as(role).post(url(game), {"goals_for": 2, "goals_against": 1, "version": 0})
    assert response.status_code == (
        303 if role in EDITORS else 302 if role in {"parent", "anonymous"} else 403
    )
    assert GameResult.objects.exists() == (role in EDITORS)


def test_the_score_is_saved_and_shown(client_as, game):
    client = client_as("head_coach")
    response = client.post(url(game), {"goals_for": 2, "goals_against": 1, "version": 0})
    assert response.status_code == 303 and response["Location"] == url(game)
    page = client.get(url(game)).text
    assert "Result saved: 2–1 against Hillside." in page
    assert "Saved: 2–1" in page


def test_a_second_phone_gets_changed_meanwhile_with_its_score_kept(client_as, game):
    phone_a, phone_b = client_as("head_coach"), client_as("assistant")
    phone_a.post(url(game), {"goals_for": 2, "goals_against": 1, "version": 0})
    response = phone_b.post(url(game), {"goals_for": 3, "goals_against": 1, "version": 0})
    assert response.status_code == 409
    assert "changed the score meanwhile" in response.text
    assert 'name="goals_for" value="3"' in response.text
    result = GameResult.objects.get()
    assert (result.goals_for, result.version) == (2, 1)
    # Saving again from that page (a deliberate overwrite) works.
    again = phone_b.post(url(game), {"goals_for": 3, "goals_against": 1, "version": 1})
    assert again.status_code == 303
    assert GameResult.objects.get().goals_for == 3


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"goals_for": "two", "goals_against": 1}, "Goals are a whole number"),
        ({"goals_for": 100, "goals_against": 1}, "No game ends with more than 99 goals."),
        ({"goals_for": -1, "goals_against": 1}, "Goals cannot be fewer than 0."),
        ({"goals_against": 1}, "Give the number of goals"),
    ],
)
def test_a_bad_score_is_400_with_the_values_kept(client_as, game, sent, message):
    response = client_as("head_coach").post(url(game), {**sent, "version": 0})
    assert response.status_code == 400
    assert message in response.text
    assert 'name="goals_against" value="1"' in response.text
    assert not GameResult.objects.exists()


def test_a_goal_with_an_assist_is_two_events_and_sending_twice_records_once(client_as, game):
    client = client_as("head_coach")
    scorer, helper = game.team.players.get(number=7), game.team.players.get(number=8)
    form = {"kind": "goal", "minute": 27, "player": scorer.pk, "assist": helper.pk, "key": "abc"}
    first = client.post(url(game, "events/"), form)
    again = client.post(url(game, "events/"), form)
    assert first.status_code == again.status_code == 303
    assert sorted(MatchEvent.objects.values_list("kind", "minute", "player__number")) == [
        ("assist", 27, 8),
        ("goal", 27, 7),
    ]
    page = client.get(url(game)).text
    assert "Recorded: 27&#x27; Goal: No. 7 Kid 7." in page


def test_a_substitution_by_period_counts_from_the_periods_first_minute(client_as, game):
    client = client_as("head_coach")
    on, off = game.team.players.get(number=6), game.team.players.get(number=1)
    form = {"kind": "substitution", "period": 2, "player": on.pk, "player_off": off.pk, "key": "s"}
    assert client.post(url(game, "events/"), form).status_code == 303
    event = MatchEvent.objects.get()
    # A senior 5-a-side game without settings: 4 periods of 10 minutes.
    assert (event.minute, event.period) == (10, 2)


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"kind": "yellow", "minute": 5}, "Choose the player."),
        ({"kind": "goal"}, "Give the minute, or the period it happened in."),
        ({"kind": "substitution", "minute": 5}, "Choose who came on, who went off, or both."),
        ({"kind": "goal", "minute": 500}, "No game lasts more than 200 minutes."),
        ({"kind": "substitution", "period": 9, "player": "p1"}, "This game has 4 periods."),
    ],
)
def test_an_event_that_cannot_be_is_400_with_the_values_kept(client_as, game, sent, message):
    player = game.team.players.get(number=1)
    sent = {k: (player.pk if v == "p1" else v) for k, v in sent.items()}
    response = client_as("head_coach").post(url(game, "events/"), {**sent, "key": "k"})
    assert response.status_code == 400
    assert message in response.text
    if "minute" in sent:
        assert f'value="{sent["minute"]}"' in response.text
    assert not MatchEvent.objects.exists()


def test_an_event_can_be_deleted(client_as, game, people):
    player = game.team.players.get(number=3)
    event = services.event_record(
        game=game, kind="red", minute=80, player=player, key="r", by=people.head_coach
    )
    client = client_as("head_coach")
    response = client.post(url(game, f"events/{event.pk}/delete/"))
    assert response.status_code == 303
    assert not MatchEvent.objects.exists()
    assert "Removed: 80&#x27; Red card: No. 3 Kid 3." in client.get(url(game)).text
    assert client.post(url(game, f"events/{event.pk}/delete/")).status_code == 404
    assert AuditEvent.objects.filter(action="delete", object_type="matchevent").exists()


def test_starters_default_to_the_suggested_lineup_and_can_be_changed(client_as, game):
    client = client_as("head_coach")
    page = client.get(url(game)).text
    assert "Ticked: the suggested lineup" in page
    ticked = re.findall(r'<input type="checkbox" name="starters"[^>]* checked', page)
    assert len(ticked) == game.team.team_size
    chosen = list(game.team.players.filter(number__in=[1, 2, 3, 4, 6]))
    response = client.post(url(game, "starters/"), {"starters": [p.pk for p in chosen]})
    assert response.status_code == 303
    assert set(GameResult.objects.get().starters.all()) == set(chosen)
    page = client.get(url(game)).text
    assert "Minutes played" in page and "Starters saved: 5 players." in page


def test_a_starter_of_another_team_is_400(client_as, game, people):
    stranger = make_player(people.other_team, 5)
    response = client_as("head_coach").post(url(game, "starters/"), {"starters": [stranger.pk]})
    assert response.status_code == 400
    assert "Choose players of this team." in response.text


def test_played_games_link_to_it_from_the_manage_page_and_the_fixtures(client_as, game, people):
    services.result_save(game=game, goals_for=4, goals_against=0, version=0, by=people.head_coach)
    coach = client_as("head_coach")
    manage = coach.get(f"/teams/{game.team.slug}/manage/").text
    assert "Result: 4–0" in manage and url(game) in manage
    fixtures = coach.get(f"/teams/{game.team.slug}/fixtures/").text
    assert "<strong>4–0</strong>" in fixtures and url(game) in fixtures
    # Others see the score, not the coaches' link.
    outside = client_as("anonymous").get(f"/teams/{game.team.slug}/fixtures/").text
    assert "<strong>4–0</strong>" in outside and url(game) not in outside
