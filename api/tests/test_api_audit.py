"""API writes take the forms' write path: each one is on the team's history page, by name.

A write the API refuses (422, 409) changes nothing and leaves no line in the trail.
"""

import json

import pytest
from django.db.models import F
from django.test import Client

from api.services import api_token_issue
from clubs.models import AuditEvent, Availability, Game, Player, Team

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def api(coach):
    secret = api_token_issue(user=coach, name="t", by=coach)[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def history(coach):
    """The team's history page as the coach sees it in the browser."""
    browser = Client()
    browser.force_login(coach)

    def page(slug: str = "hawks") -> str:
        response = browser.get(f"/teams/{slug}/history/")
        assert response.status_code == 200
        return response.content.decode()

    return page


def send(client, method, path, data=None, **headers):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, path, body, content_type=JSON, headers=headers)


def test_an_api_patch_by_a_coach_shows_on_the_history_with_their_name(api, history, coach, team):
    player = Player.objects.get(team=team, number=1)
    response = send(api, "PATCH", f"/api/v1/players/{player.pk}/", {"name": "Renamed"})
    assert response.status_code == 200
    html = history()
    assert f"<strong>{coach}</strong> changed No. 1 Renamed" in html
    assert "name: Player 1 → Renamed" in html


def test_an_api_post_and_delete_of_a_game_show_on_the_history(api, history, coach, team):
    data = {"team": "hawks", "opponent": "Valley Stars", "kickoff": "2030-05-04T10:00:00+01:00"}
    created = send(api, "POST", "/api/v1/games/", data)
    assert created.status_code == 201 and created["Location"].startswith("/api/v1/games/")
    assert f"<strong>{coach}</strong> scheduled Hawks v Valley Stars" in history()
    assert send(api, "DELETE", created["Location"]).status_code == 204
    assert f"<strong>{coach}</strong> deleted Hawks v Valley Stars" in history()


def test_a_player_deleted_through_the_api_stays_deleted_and_is_on_the_history(
    api, history, coach, team
):
    player = Player.objects.get(team=team, number=4)
    assert send(api, "DELETE", f"/api/v1/players/{player.pk}/").status_code == 204
    assert not Player.objects.filter(pk=player.pk).exists()
    assert f"<strong>{coach}</strong> deleted No. 4 Player 4 and their answers" in history()
    event = AuditEvent.objects.get(action="delete")
    assert (event.object_type, event.object_id, event.actor) == ("player", player.pk, coach)


def test_availability_answers_through_the_api_show_on_the_history(api, history, coach, team):
    game = Game.objects.get(team=team)
    player = Player.objects.get(team=team, number=2)
    created = send(
        api, "POST", "/api/v1/availability/", {"player": player.pk, "game": game.pk, "answer": "no"}
    )
    assert created.status_code == 201
    assert created["Location"] == f"/api/v1/availability/{body(created)['id']}/"
    assert send(api, "PATCH", created["Location"], {"answer": "maybe"}).status_code == 200
    assert send(api, "DELETE", created["Location"]).status_code == 204
    assert not Availability.objects.exists()
    html = history()
    for answer in ("no", "maybe", "no answer"):
        assert f"<strong>{coach}</strong> No. 2 Player 2: {answer} for Hawks v" in html


def test_team_and_club_edits_through_the_api_are_audited(api, history, coach, team):
    team.club.admins.add(coach)
    assert send(api, "PATCH", "/api/v1/teams/hawks/", {"count_maybe": False}).status_code == 200
    assert "count_maybe: True → False" in history()
    club = send(api, "PATCH", f"/api/v1/clubs/{team.club.slug}/", {"name": "Renamed FC"})
    assert club.status_code == 200
    assert AuditEvent.objects.filter(club=team.club, action="update", object_type="club").exists()


def test_a_team_deleted_through_the_api_is_on_its_history(api, history, coach, team):
    team.club.admins.add(coach)
    etag = api.get("/api/v1/teams/hawks/")["ETag"]
    assert send(api, "DELETE", "/api/v1/teams/hawks/", **{"If-Match": etag}).status_code == 204
    event = AuditEvent.objects.get(club=team.club, action="delete")
    assert (event.object_type, event.actor, event.team) == ("team", coach, team)
    assert "deleted the team Hawks" in event.summary


def test_an_edit_refused_by_the_models_rules_is_422_and_leaves_no_trace(api, team):
    Team.objects.filter(pk=team.pk).update(sport="football")
    player = Player.objects.get(team=team, number=1)
    response = send(
        api, "PATCH", f"/api/v1/players/{player.pk}/", {"name": "Keeper", "positions": {"XX": 5}}
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert body(response)["errors"][0]["field"] == "positions.XX"
    player.refresh_from_db()
    assert player.name == "Player 1" and player.positions.get().position == "ANY"
    assert not AuditEvent.objects.filter(team=team).exists()


def test_a_shirt_number_clash_is_409_and_leaves_no_trace(api, team):
    player = Player.objects.get(team=team, number=1)
    response = send(api, "PATCH", f"/api/v1/players/{player.pk}/", {"number": 2, "name": "Twin"})
    assert response.status_code == 409
    assert [e["field"] for e in body(response)["errors"]] == ["body"]
    player.refresh_from_db()
    assert (player.number, player.name) == (1, "Player 1")
    assert not AuditEvent.objects.filter(team=team).exists()


def test_a_save_between_reading_and_writing_is_409_and_changes_nothing(api, team, monkeypatch):
    """Another coach saves after the API read the player but before it wrote: 409, not lost."""
    player = Player.objects.get(team=team, number=1)

    def someone_saves_meanwhile(request, data, obj):
        Player.objects.filter(pk=obj.pk).update(version=F("version") + 1)

    monkeypatch.setattr("api.items.check_preconditions", someone_saves_meanwhile)
    response = send(api, "PATCH", f"/api/v1/players/{player.pk}/", {"name": "Lost update"})
    assert response.status_code == 409
    assert "changed this meanwhile" in body(response)["detail"]
    assert Player.objects.get(pk=player.pk).name == "Player 1"
    assert not AuditEvent.objects.filter(team=team).exists()


def test_a_form_loaded_before_an_api_edit_is_refused_instead_of_overwriting_it(api, coach, team):
    player = Player.objects.get(team=team, number=1)
    assert send(api, "PATCH", f"/api/v1/players/{player.pk}/", {"fit": False}).status_code == 200
    browser = Client()
    browser.force_login(coach)
    stale_form = {
        "name": "From the form",
        "number": "1",
        "fit": "on",
        "version": "1",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-0-position": "ANY",
        "positions-0-rating": "60",
    }
    response = browser.post(f"/teams/hawks/players/{player.pk}/edit/", stale_form)
    assert response.status_code == 409
    assert f"{coach} changed this meanwhile" in response.content.decode()
    assert Player.objects.get(pk=player.pk).name == "Player 1"


def body(response):
    return json.loads(response.content)
