"""Deleting a club or team through the API: If-Match required (428), a soft delete that
its club's admins can undo for 30 days (page and API), purged after; the history stays."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from api.services import api_token_issue
from clubs.models import AuditEvent, Club, Player, Team

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def admin(coach, team):
    team.club.admins.add(coach)
    return coach


@pytest.fixture
def api(admin):
    secret = api_token_issue(user=admin, name="t", by=admin)[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


def body(response):
    return json.loads(response.content)


def delete(api, path):
    """DELETE as a careful client does: GET for the ETag, then send it in If-Match."""
    etag = api.get(path)["ETag"]
    return api.delete(path, headers={"If-Match": etag})


def test_deleting_a_team_without_if_match_is_428_and_changes_nothing(api, team):
    response = api.delete("/api/v1/teams/hawks/")
    assert response.status_code == 428 and response["Content-Type"] == PROBLEM
    assert body(response)["detail"] == (
        "Deleting a team needs If-Match: GET it, then send its ETag in If-Match, "
        "so that you delete what you read."
    )
    assert api.get("/api/v1/teams/hawks/").status_code == 200
    assert not AuditEvent.objects.filter(team=team).exists()


def test_deleting_a_club_without_if_match_is_428(api, team):
    response = api.delete(f"/api/v1/clubs/{team.club.slug}/")
    assert response.status_code == 428
    assert "Deleting a club needs If-Match" in body(response)["detail"]
    assert Club.objects.filter(pk=team.club.pk).exists()


def test_a_deleted_team_is_hidden_everywhere_and_its_history_stays(api, client, admin, team):
    player = Player.objects.get(team=team, number=1)
    assert delete(api, "/api/v1/teams/hawks/").status_code == 204
    for path in ("/api/v1/teams/hawks/", f"/api/v1/players/{player.pk}/", "/teams/hawks/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/best/hawks/3/").status_code == 404
    assert "hawks" not in [t["slug"] for t in body(client.get("/api/v1/teams/"))["items"]]
    assert body(client.get("/api/v1/players/?team=hawks"))["count"] == 0
    event = AuditEvent.objects.get(action="delete", object_type="team")
    assert (event.team, event.actor) == (team, admin)
    assert event.summary == "deleted the team Hawks (the club's admins can restore it for 30 days)"


def test_the_api_restores_a_deleted_team_with_its_players(api, admin, team):
    delete(api, "/api/v1/teams/hawks/")
    restored = api.post("/api/v1/teams/hawks/restore/", content_type="application/json")
    assert restored.status_code == 200 and body(restored)["slug"] == "hawks"
    assert restored["ETag"] == api.get("/api/v1/teams/hawks/")["ETag"]
    assert body(api.get("/api/v1/players/?team=hawks"))["count"] == 4
    assert AuditEvent.objects.get(action="restore").summary == "restored the team Hawks"


def test_a_club_admin_restores_on_the_deleted_page(api, admin, team):
    delete(api, "/api/v1/teams/hawks/")
    browser = Client()
    browser.force_login(admin)
    page = browser.get("/manage/deleted/").content.decode()
    assert "Restore Hawks" in page
    response = browser.post("/manage/deleted/", {"kind": "team", "restore": "hawks"})
    assert response.status_code == 303 and response["Location"] == "/manage/deleted/"
    assert "Hawks is back." in browser.get("/manage/deleted/").content.decode()
    assert Team.objects.filter(slug="hawks").exists()


def test_only_the_clubs_admins_restore(api, team, outsider):
    delete(api, "/api/v1/teams/hawks/")
    browser = Client()
    browser.force_login(outsider)
    assert "Restore Hawks" not in browser.get("/manage/deleted/").content.decode()
    refused = browser.post("/manage/deleted/", {"kind": "team", "restore": "hawks"})
    assert refused.status_code == 403
    assert "Only the admins of" in refused.content.decode()
    secret = api_token_issue(user=outsider, name="t", by=outsider)[1]
    other = Client(headers={"Authorization": f"Bearer {secret}"})
    response = other.post("/api/v1/teams/hawks/restore/", content_type="application/json")
    assert response.status_code == 403
    assert body(response)["detail"] == (
        f"Only the admins of {team.club.name} may delete or restore its teams."
    )
    assert not Team.objects.filter(slug="hawks").exists()


def test_deleting_a_club_hides_its_teams_and_restoring_brings_them_back(api, client, team):
    slug = team.club.slug
    assert delete(api, f"/api/v1/clubs/{slug}/").status_code == 204
    assert client.get("/api/v1/teams/hawks/").status_code == 404
    assert client.get(f"/api/v1/clubs/{slug}/").status_code == 404
    assert (
        api.post(f"/api/v1/clubs/{slug}/restore/", content_type="application/json").status_code
        == 200
    )
    assert client.get("/api/v1/teams/hawks/").status_code == 200


def test_a_club_admin_restores_a_deleted_club_on_the_page(api, admin, team):
    delete(api, f"/api/v1/clubs/{team.club.slug}/")
    browser = Client()
    browser.force_login(admin)
    assert f"Restore {team.club.name}" in browser.get("/manage/deleted/").content.decode()
    browser.post("/manage/deleted/", {"kind": "club", "restore": team.club.slug})
    assert f"{team.club.name} is back." in browser.get("/manage/deleted/").content.decode()
    assert AuditEvent.objects.filter(action="restore", object_type="club").count() == 1


def test_a_deleted_teams_url_name_stays_taken_until_it_is_purged(api, team):
    delete(api, "/api/v1/teams/hawks/")
    data = {"club": team.club.slug, "slug": "hawks", "name": "New Hawks", "team_type": "senior"}
    response = api.post("/api/v1/teams/", json.dumps(data), content_type="application/json")
    assert response.status_code == 409
    assert body(response)["errors"] == [
        {
            "field": "slug",
            "message": "A deleted team still holds “hawks”: its admins can restore it for "
            "30 days, after which the name is free. Choose another.",
        }
    ]


def test_after_30_days_the_purge_removes_it_for_good_and_the_history_stays(api, team):
    club = team.club
    delete(api, "/api/v1/teams/hawks/")
    Team.all_objects.filter(pk=team.pk).update(deleted_at=timezone.now() - dt.timedelta(days=31))
    assert (
        api.post("/api/v1/teams/hawks/restore/", content_type="application/json").status_code == 404
    )
    out = io.StringIO()
    call_command("purge_deleted", stdout=out)
    assert out.getvalue().strip() == "Purged 0 clubs and 1 teams."
    assert not Team.all_objects.filter(pk=team.pk).exists()
    assert not Player.objects.filter(team_id=team.pk).exists()
    events = AuditEvent.objects.filter(team_name="Hawks").order_by("pk")
    assert [(e.action, e.team, e.club) for e in events][-2:] == [
        ("delete", None, club),
        ("purge", None, club),
    ]
    assert events.last().actor_name == "teamcoach purge_deleted"


def test_the_purge_leaves_what_can_still_be_restored(api, team):
    delete(api, "/api/v1/teams/hawks/")
    call_command("purge_deleted", stdout=io.StringIO())
    assert Team.all_objects.filter(pk=team.pk).exists()


def test_the_schema_documents_428_on_club_and_team_deletes_only(client):
    paths = body(client.get("/api/v1/openapi.json"))["paths"]
    assert "428" in paths["/api/v1/teams/{slug}/"]["delete"]["responses"]
    assert "428" in paths["/api/v1/clubs/{slug}/"]["delete"]["responses"]
    assert "428" not in paths["/api/v1/games/{pk}/"]["delete"]["responses"]
    assert "post" in paths["/api/v1/teams/{slug}/restore/"]
    headers = [
        p for p in paths["/api/v1/clubs/{slug}/"]["delete"]["parameters"] if p["in"] == "header"
    ]
    assert [(p["name"], p["required"]) for p in headers] == [("If-Match", True)]
