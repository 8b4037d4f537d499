"""/api/tokens/: a signed-in user creates personal API tokens (shown once) and revokes them."""

import io

import pytest
from django.core.management import call_command

from api.models import ApiToken, hash_token
from api.services import api_token_issue
from clubs.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client, coach):
    client.force_login(coach)
    response = client.post("/api/tokens/", {"name": "club sheet"})
    assert response.status_code == 303 and response["Location"] == "/api/tokens/"
    html = client.get("/api/tokens/").content.decode()
    token = ApiToken.objects.get(user=coach)
    secret = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("tc_") and token.token_hash == hash_token(secret)
    assert "Token “club sheet” created." in html
    assert secret not in client.get("/api/tokens/").content.decode()


def test_a_new_token_works_as_a_bearer_token(client, coach, team):
    client.force_login(coach)
    client.post("/api/tokens/", {"name": "script"})
    html = client.get("/api/tokens/").content.decode()
    secret = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    client.logout()
    game = team.games.get()
    response = client.patch(
        f"/api/v1/games/{game.pk}/",
        '{"venue": "Away ground"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200
    assert ApiToken.objects.get(user=coach).last_used_at is not None


def test_issuing_and_revoking_a_token_are_on_the_owners_account_history(client, coach):
    client.force_login(coach)
    client.post("/api/tokens/", {"name": "club sheet"})
    token = ApiToken.objects.get(user=coach)
    client.post("/api/tokens/", {"revoke": token.pk})
    events = AuditEvent.objects.filter(account=coach).order_by("pk")
    assert [(e.action, e.club, e.actor, e.object_type) for e in events] == [
        ("create", None, coach, "apitoken"),
        ("delete", None, coach, "apitoken"),
    ]
    assert events[0].summary == f"issued the API token “club sheet” ({token.prefix}…)"
    assert events[1].summary == f"revoked the API token “club sheet” ({token.prefix}…)"
    profile = client.get(f"/profiles/{coach.username}/").content.decode()
    assert f"revoked the API token “club sheet” ({token.prefix}…)" in profile


def test_the_api_token_command_issues_a_token_on_the_account_history(coach):
    out = io.StringIO()
    call_command("api_token", coach.username, "--name", "cron job", stdout=out)
    secret = out.getvalue().strip()
    assert ApiToken.objects.get(user=coach).token_hash == hash_token(secret)
    event = AuditEvent.objects.get(account=coach)
    assert (event.actor, event.actor_name) == (None, "teamcoach api_token (command line)")
    assert "issued the API token “cron job”" in event.summary


def test_a_token_needs_a_name(client, coach):
    client.force_login(coach)
    response = client.post("/api/tokens/", {"name": ""})
    assert response.status_code == 400
    assert "Give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.exists()


def test_users_revoke_their_own_tokens_only(client, coach, outsider):
    mine, _ = api_token_issue(user=coach, name="mine", by=coach)
    theirs, _ = api_token_issue(user=outsider, name="theirs", by=outsider)
    client.force_login(coach)
    before = AuditEvent.objects.count()
    client.post("/api/tokens/", {"revoke": theirs.pk})
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    assert AuditEvent.objects.count() == before
    assert client.post("/api/tokens/", {"revoke": mine.pk}).status_code == 303
    assert not ApiToken.objects.filter(pk=mine.pk).exists()


def test_revoking_nonsense_is_a_message_not_an_error(client, coach):
    client.force_login(coach)
    response = client.post("/api/tokens/", {"revoke": "abc"}, follow=True)
    assert response.status_code == 200
    assert "does not exist any more" in response.content.decode()


def test_the_tokens_page_needs_a_signed_in_user(client):
    assert client.get("/api/tokens/").status_code == 302
