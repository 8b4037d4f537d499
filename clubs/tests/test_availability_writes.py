"""Availability: the coach's page, personal answer links, e-mailed links and reminders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from clubs import services, tasks
from clubs.models import AnswerLink, AuditEvent, Availability
from tests.factories import answer, five_a_side, make_game, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team(name="Hawks", slug="hawks", sport="football", team_size=5)


@pytest.fixture
def squad(team):
    players = five_a_side(team)
    players["striker"].email = "sid@example.org"
    players["striker"].save()
    players["mid"].email = "mo.parent@example.org"
    players["mid"].save()
    return players


@pytest.fixture
def game(team):
    return make_game(team, days=4, opponent="Valley Stars")


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run inside the request here, so a test sees the mail they send."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def coach(client, people):
    client.force_login(people.head_coach)


def test_the_coach_sets_answers_and_no_never_appears_in_the_lineup(client, squad, game, coach):
    url = f"/teams/hawks/games/{game.pk}/availability/"
    striker = squad["striker"]
    response = client.post(url, {f"answer-{striker.pk}": "no"})
    assert response.status_code == 303
    assert Availability.objects.get(player=striker, game=game).answer == "no"
    html = client.get(url).content.decode()
    assert re.search(rf'name="answer-{striker.pk}" value="no" checked', html)
    lineup = client.get("/best/hawks/5/").content.decode()
    assert "Sid Striker — said no" in lineup
    # clearing the answer puts the player back
    client.post(url, {f"answer-{striker.pk}": ""})
    assert not Availability.objects.filter(player=striker).exists()


def test_maybe_is_counted_as_the_team_chooses(client, team, squad, game, coach):
    answer(squad["striker"], game, "maybe")
    assert "said maybe" in client.get("/best/hawks/5/").content.decode()
    team.count_maybe = False
    team.save()
    assert "Sid Striker — said maybe" in client.get("/best/hawks/5/").content.decode()


def test_a_played_game_cannot_be_changed(client, squad, team, coach):
    past = make_game(team, days=-2)
    response = client.post(
        f"/teams/hawks/games/{past.pk}/availability/", {f"answer-{squad['mid'].pk}": "yes"}
    )
    assert response.status_code == 303
    assert not Availability.objects.exists()


def test_a_link_answers_with_one_click_and_its_get_changes_nothing(client, squad, game):
    token = services.answer_link_create(player=squad["mid"], game=game)
    assert not AnswerLink.objects.filter(token_hash=token).exists(), "only the hash is stored"
    page = client.get(f"/a/{token}/")
    assert page.status_code == 200
    assert "Can Mo Mid play?" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert not Availability.objects.exists()
    response = client.post(f"/a/{token}/", {"answer": "maybe"}, follow=True)
    assert "your answer is saved: Maybe" in response.content.decode()
    assert Availability.objects.get(player=squad["mid"], game=game).answer == "maybe"
    event = AuditEvent.objects.get(action="answer")
    assert event.actor is None and event.actor_name == "Mo Mid (personal link)"


@pytest.mark.parametrize("how", ["tampered", "expired", "replaced", "revoked"])
def test_a_bad_link_is_explained_and_changes_nothing(client, squad, game, how):
    token = services.answer_link_create(player=squad["mid"], game=game)
    link = AnswerLink.objects.get()
    if how == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif how == "expired":
        link.expires_at = timezone.now() - dt.timedelta(minutes=1)
        link.save()
    elif how == "replaced":
        services.answer_link_create(player=squad["mid"], game=game)
    else:
        link.revoked_at = timezone.now()
        link.save()
    response = client.post(f"/a/{token}/", {"answer": "yes"})
    assert response.status_code == 404
    assert "This answer link is not valid" in response.content.decode()
    assert not Availability.objects.exists()


def test_an_unknown_answer_is_a_400(client, squad, game):
    token = services.answer_link_create(player=squad["mid"], game=game)
    assert client.post(f"/a/{token}/", {"answer": "perhaps"}).status_code == 400
    assert not Availability.objects.exists()


def test_the_coach_emails_links_that_work(client, squad, game, coach, mailoutbox):
    response = client.post(f"/teams/hawks/games/{game.pk}/availability/send/")
    assert response.status_code == 303
    assert sorted(m.to[0] for m in mailoutbox) == ["mo.parent@example.org", "sid@example.org"]
    mail = next(m for m in mailoutbox if m.to == ["sid@example.org"])
    assert mail.subject == "Can you play for Hawks v Valley Stars?"
    url = re.search(r"http://testserver(/a/[\w-]+/)", mail.body).group(1)
    client.logout()
    client.post(url, {"answer": "yes"})
    assert Availability.objects.get(player=squad["striker"]).answer == "yes"


def test_a_reminder_is_scheduled_for_the_coachs_time(client, squad, game, coach, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    when = timezone.localtime(game.kickoff - dt.timedelta(days=1)).replace(second=0, microsecond=0)
    response = client.post(
        f"/teams/hawks/games/{game.pk}/availability/remind/",
        {"remind_at": when.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "A reminder goes to those who have not answered" in response.content.decode()
    (result,) = tasks.default_task_backend.results
    assert result.task.run_after == when
    # The last argument: the language the coach used, which the reminder mails are in.
    assert result.args == [game.pk, "http://testserver/", when.isoformat(), "en"]


def test_without_a_deferring_backend_the_coach_is_told(client, squad, game, coach):
    when = timezone.localtime(game.kickoff - dt.timedelta(days=1))
    response = client.post(
        f"/teams/hawks/games/{game.pk}/availability/remind/",
        {"remind_at": when.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "cannot wait until then" in response.content.decode()


def test_a_reminder_time_after_kickoff_is_refused(client, squad, game, coach):
    when = timezone.localtime(game.kickoff + dt.timedelta(hours=1))
    response = client.post(
        f"/teams/hawks/games/{game.pk}/availability/remind/",
        {"remind_at": when.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "Choose a time before the kick-off." in response.content.decode()
    game.refresh_from_db()
    assert game.remind_at is None


def test_the_reminder_goes_only_to_those_who_have_not_answered(squad, game, mailoutbox):
    answer(squad["striker"], game, "yes")
    game.remind_at = timezone.now() + dt.timedelta(hours=1)
    game.save()
    sent = tasks.send_reminders.call(game.pk, "http://x/", game.remind_at.isoformat())
    assert sent == 1
    assert [m.to for m in mailoutbox] == [["mo.parent@example.org"]]
    assert mailoutbox[0].subject.startswith("Reminder:")


def test_a_moved_reminder_does_not_fire_at_the_old_time(squad, game, mailoutbox):
    game.remind_at = timezone.now() + dt.timedelta(hours=2)
    game.save()
    assert tasks.send_reminders.call(game.pk, "http://x/", "2020-01-01T00:00:00+00:00") == 0
    assert mailoutbox == []


def test_an_unknown_answer_from_the_coach_saves_nothing(client, squad, game, coach):
    url = f"/teams/hawks/games/{game.pk}/availability/"
    data = {f"answer-{squad['mid'].pk}": "yes", f"answer-{squad['striker'].pk}": "perhaps"}
    response = client.post(url, data, follow=True)
    assert "nothing was saved" in response.content.decode()
    assert not Availability.objects.exists()


def test_the_page_carries_what_the_coach_saw_and_a_fresh_key(client, squad, game, coach):
    answer(squad["mid"], game, "maybe")
    html = client.get(f"/teams/hawks/games/{game.pk}/availability/").content.decode()
    assert f'name="seen-{squad["mid"].pk}" value="maybe"' in html
    assert f'name="seen-{squad["striker"].pk}" value=""' in html
    keys = re.findall(r'name="key" value="([0-9a-f]{32})"', html)
    assert len(keys) == 1
    again = client.get(f"/teams/hawks/games/{game.pk}/availability/").content.decode()
    assert keys[0] not in again


def test_an_answer_changed_elsewhere_meanwhile_is_kept_and_named(client, squad, game, coach):
    """No JavaScript: the form drawn with Mo and Sid unanswered; meanwhile Mo's parent
    said no through their link. Saving yes for both keeps Mo's no (409, said so, the
    coach's choice still ticked, seen refreshed) and saves Sid's yes."""
    mid, striker = squad["mid"], squad["striker"]
    url = f"/teams/hawks/games/{game.pk}/availability/"
    answer(mid, game, "no")  # elsewhere, after the page was drawn
    data = {
        "key": "a" * 32,
        f"answer-{mid.pk}": "yes",
        f"seen-{mid.pk}": "",
        f"answer-{striker.pk}": "yes",
        f"seen-{striker.pk}": "",
    }
    response = client.post(url, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "The answer of Mo Mid (now No) changed meanwhile and was not overwritten." in html
    assert "Availability saved: 1 answer changed." in html
    assert re.search(rf'name="answer-{mid.pk}" value="yes" checked', html)
    assert f'name="seen-{mid.pk}" value="no"' in html
    assert Availability.objects.get(player=mid, game=game).answer == "no"
    assert Availability.objects.get(player=striker, game=game).answer == "yes"
    # Saving the page again (new key, seen refreshed) is the coach's deliberate choice.
    key = re.search(r'name="key" value="([0-9a-f]{32})"', html)
    assert key is not None
    data |= {"key": key.group(1), f"seen-{mid.pk}": "no", f"seen-{striker.pk}": "yes"}
    assert client.post(url, data).status_code == 303
    assert Availability.objects.get(player=mid, game=game).answer == "yes"


def test_the_same_answer_reached_elsewhere_is_no_conflict(client, squad, game, coach):
    mid = squad["mid"]
    answer(mid, game, "no")
    data = {"key": "b" * 32, f"answer-{mid.pk}": "no", f"seen-{mid.pk}": "yes"}
    response = client.post(f"/teams/hawks/games/{game.pk}/availability/", data)
    assert response.status_code == 303


def test_the_same_key_sent_twice_is_stored_once_and_answered_as_the_first_time(
    client, squad, game, coach
):
    mid, striker = squad["mid"], squad["striker"]
    url = f"/teams/hawks/games/{game.pk}/availability/"
    data = {"key": "c" * 32, f"answer-{mid.pk}": "no", f"seen-{mid.pk}": ""}
    script = {"HTTP_X_REQUESTED_WITH": "live", "HTTP_ACCEPT": "application/json"}
    first = client.post(url, data, **script)
    assert first.status_code == 200
    assert first.json() == {"message": "Availability saved: 1 answer changed."}
    # Meanwhile someone else answers; the queue then replays the same write.
    services.availability_set(game=game, player=mid, answer="maybe", by=None)
    second = client.post(url, data, **script)
    assert (second.status_code, second.json()) == (200, first.json())
    assert Availability.objects.get(player=mid, game=game).answer == "maybe"
    assert AuditEvent.objects.filter(action="answer").count() == 2  # first write + elsewhere
    # A conflict answered once is answered the same way again.
    conflict = {"key": "d" * 32, f"answer-{mid.pk}": "yes", f"seen-{mid.pk}": "no"}
    conflict |= {f"answer-{striker.pk}": "no", f"seen-{striker.pk}": ""}
    one = client.post(url, conflict, **script)
    two = client.post(url, conflict, **script)
    assert one.status_code == two.status_code == 409
    assert one.json() == two.json()
    assert "Mo Mid (now Maybe)" in one.json()["message"]
    assert AuditEvent.objects.filter(action="answer").count() == 3  # Sid's no, once


def test_a_script_is_told_a_played_game_refused_its_edit(client, squad, team, coach):
    """The offline queue must not count a refusal as sent: JSON and a 409, not a 303."""
    past = make_game(team, days=-2)
    response = client.post(
        f"/teams/hawks/games/{past.pk}/availability/",
        {f"answer-{squad['mid'].pk}": "yes"},
        HTTP_X_REQUESTED_WITH="live",
    )
    assert response.status_code == 409
    assert response.json()["message"] == "This game has been played; its answers are final."
    bad = client.post(
        f"/teams/hawks/games/{make_game(team, days=3).pk}/availability/",
        {f"answer-{squad['mid'].pk}": "perhaps"},
        HTTP_X_REQUESTED_WITH="live",
    )
    assert bad.status_code == 400
    assert not Availability.objects.exists()
