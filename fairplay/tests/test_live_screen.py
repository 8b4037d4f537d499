"""The live game screen and its server-side clock."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from clubs.models import AuditEvent
from fairplay.live import is_live
from fairplay.models import LiveClock, RotationPlan, RotationSettings
from tests.factories import make_game, make_player, make_team
from tests.personas import EDITORS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    team = make_team(slug="kestrels", name="U09 Kestrels", team_type="junior", team_size=5)
    ratings = [{"GK": 90}, {"CB": 80}, {"CB": 70}, {"CM": 85}, {"ST": 88}, {"GK": 60}, {"CM": 60}]
    for i, r in enumerate(ratings, start=1):
        make_player(team, i, f"Kid {i}", ratings=r)
    RotationSettings.objects.create(
        team=team, periods=4, period_minutes=10, preset="custom", min_share_percent=50
    )
    return team


@pytest.fixture
def game(team):
    return make_game(team, days=0)


@pytest.fixture
def coach(people, client):
    client.force_login(people.head_coach)
    return people.head_coach


def url(game, rest: str = "") -> str:
    return f"/teams/{game.team.slug}/games/{game.pk}/live/{rest}"


def press(client, game, action: str, **fields: object):
    clock = LiveClock.objects.filter(game=game).first()
    data = {"action": action, "version": clock.version if clock else 1, **fields}
    return client.post(url(game, "clock/"), data)


def test_the_screen_shows_who_is_on_the_clock_and_the_next_change(client, coach, game):
    response = client.get(url(game))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Live v Hillside Rovers" in html
    assert "Not started" in html
    assert "On the field, period 1" in html
    assert html.count('class="place"') == 5 * 4  # every period is there for the phone
    assert "Next change in 10 min" in html
    assert "Start the clock" in html
    assert "Played so far" in html


def test_starting_the_clock_saves_the_plan_and_runs_period_one(client, coach, game):
    response = press(client, game, "start")
    assert response.status_code == 303
    assert response["Location"] == url(game)
    clock = LiveClock.objects.get(game=game)
    assert (clock.state, clock.period) == ("running", 1)
    assert RotationPlan.objects.filter(game=game).count() == 1
    page = client.get(url(game)).content.decode()
    assert "The clock is running: period 1." in page
    assert "Period 1 of 4" in page
    assert "Now in period 2" in page
    assert AuditEvent.objects.filter(object_type="liveclock", summary__contains="started").exists()
    # The plan's first period are the game's starters: minutes played follow from them.
    from results.models import GameResult

    starters = set(GameResult.objects.get(game=game).starters.values_list("pk", flat=True))
    assert len(starters) == 5


def test_pause_resume_next_and_end_follow_the_game(client, coach, game):
    press(client, game, "start")
    LiveClock.objects.filter(game=game).update(
        running_since=timezone.now() - dt.timedelta(minutes=3)
    )
    press(client, game, "pause")
    clock = LiveClock.objects.get(game=game)
    assert clock.state == "paused"
    assert 179 <= clock.elapsed_seconds <= 181
    press(client, game, "resume")
    press(client, game, "next")
    clock = LiveClock.objects.get(game=game)
    assert (clock.state, clock.period, clock.elapsed_seconds) == ("running", 2, 0)
    for _ in range(2):
        press(client, game, "next")
    response = press(client, game, "next")
    assert response.status_code == 400
    assert "This is the last period: end the game instead." in response.content.decode()
    press(client, game, "end")
    assert LiveClock.objects.get(game=game).state == "ended"
    assert "Full time" in client.get(url(game)).content.decode()


def test_the_clock_can_be_set_to_the_referees_time(client, coach, game):
    press(client, game, "start")
    assert press(client, game, "set", minutes="7.5").status_code == 303
    assert 450 <= LiveClock.objects.get(game=game).seconds(timezone.now()) <= 451
    response = press(client, game, "set", minutes="soon")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the minutes played in this period" in html
    assert 'value="soon"' in html


def test_a_second_phone_with_an_old_clock_gets_a_conflict_not_a_skipped_period(client, coach, game):
    press(client, game, "start")
    old = LiveClock.objects.get(game=game).version
    press(client, game, "next")
    response = client.post(url(game, "clock/"), {"action": "next", "version": old})
    assert response.status_code == 409
    assert "changed the clock meanwhile" in response.content.decode()
    assert LiveClock.objects.get(game=game).period == 2
    # The same pause from two phones: the second changes nothing, and says so.
    version = LiveClock.objects.get(game=game).version
    client.post(url(game, "clock/"), {"action": "pause", "version": version})
    response = client.post(url(game, "clock/"), {"action": "pause", "version": version})
    assert response.status_code == 303
    assert "Another coach did that already." in client.get(url(game)).content.decode()


def test_a_queued_pause_counts_from_when_it_was_pressed(client, coach, game):
    press(client, game, "start")
    LiveClock.objects.filter(game=game).update(
        running_since=timezone.now() - dt.timedelta(minutes=5)
    )
    pressed = timezone.now() - dt.timedelta(minutes=2)
    press(client, game, "pause", at=int(pressed.timestamp() * 1000))
    assert 179 <= LiveClock.objects.get(game=game).elapsed_seconds <= 181


def test_the_state_is_json_for_the_phones_that_poll_it(client, coach, game):
    press(client, game, "start")
    response = client.get(url(game, "state/"))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    state = json.loads(response.content)
    assert state["state"] == "running"
    assert state["period"] == 1
    assert 0 <= state["seconds"] <= 2


def test_a_script_gets_the_answer_as_json(client, coach, game):
    response = client.post(
        url(game, "clock/"), {"action": "pause", "version": 1}, HTTP_X_REQUESTED_WITH="live"
    )
    assert response.status_code == 400
    assert json.loads(response.content)["message"] == "The clock is not running."


@pytest.mark.parametrize("role", ROLES)
def test_only_the_teams_coaches_see_and_run_the_live_screen(client_as, game, role, team):
    client = client_as(role)
    page = client.get(url(game))
    clock = client.post(url(game, "clock/"), {"action": "start", "version": 1})
    if role in EDITORS:
        assert page.status_code == 200
        assert clock.status_code == 303
    elif role in ("anonymous", "parent"):  # a parent has an answer link, no account
        assert page.status_code == 302
        assert clock.status_code == 302
    else:
        assert page.status_code == 403
        assert clock.status_code == 403


def test_changes_made_as_planned_are_recorded_once(client, coach, game):
    from results.models import MatchEvent

    press(client, game, "start")
    for _ in range(2):  # two phones, or one that sends twice
        response = client.post(url(game, "changes/"), {"after": 1})
        assert response.status_code == 303
    events = MatchEvent.objects.filter(game=game, kind="substitution")
    assert events.count() >= 1
    assert {e.minute for e in events} == {10}
    assert {e.period for e in events} == {2}
    page = client.get(url(game)).content.decode()
    assert "Recorded as made." in page


def test_a_different_change_is_recorded_once_by_its_key(client, coach, game, team):
    from results.models import MatchEvent

    press(client, game, "start")
    on, off = team.players.get(number=6), team.players.get(number=1)
    data = {"on": on.pk, "off": off.pk, "minute": 4, "key": "phone-1"}
    for _ in range(2):
        assert client.post(url(game, "changes/"), data).status_code == 303
    event = MatchEvent.objects.get(game=game)
    assert (event.player, event.player_off, event.minute, event.period) == (on, off, 4, 1)
    page = client.get(url(game)).content.decode()
    assert "Recorded: 4′" in page
    assert "4′ · On: 6 Kid 6 · Off: 1 Kid 1" in page


def test_a_bad_change_keeps_what_was_typed(client, coach, game, team):
    press(client, game, "start")
    one = team.players.get(number=1)
    data = {"on": one.pk, "off": one.pk, "minute": "x", "key": "k"}
    response = client.post(url(game, "changes/"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a whole number." in html
    assert 'value="x"' in html


def test_the_plan_links_to_the_live_screen_during_the_game_only(client, coach, game, team):
    link = f'href="{url(game)}"'
    assert link in client.get(f"/teams/{team.slug}/games/{game.pk}/rotation/").content.decode()
    later = make_game(team, days=7)
    page = client.get(f"/teams/{team.slug}/games/{later.pk}/rotation/").content.decode()
    assert f'href="{url(later)}"' not in page


def test_a_game_past_its_window_is_live_while_its_clock_runs_or_is_paused(team):
    earlier = make_game(team, days=-1)
    assert not is_live(earlier)
    clock = LiveClock.objects.create(game=earlier, state="paused", elapsed_seconds=60)
    assert is_live(earlier)
    clock.state, clock.running_since = "running", timezone.now()
    clock.save()
    assert is_live(earlier)
    clock.state, clock.running_since = "ended", None
    clock.save()
    assert not is_live(earlier)
    assert not is_live(make_game(team, days=-2))  # another game's clock counts for nothing
