"""/api/tokens/: a signed-in user creates personal API tokens (shown once) and revokes them."""

import pytest

from api.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client, coach):
    client.force_login(coach)
    response = client.post("/api/tokens/", {"name": "club sheet"})
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=coach)
    secret = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("tc_") and token.token_hash == hash_token(secret)
    assert secret not in client.get("/api/tokens/").content.decode()


def test_a_token_needs_a_name(client, coach):
    client.force_login(coach)
    response = client.post("/api/tokens/", {"name": ""})
    assert response.status_code == 400
    assert "Give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_users_revoke_their_own_tokens_only(client, coach, outsider):
    mine, _ = ApiToken.issue(user=coach, name="mine")
    theirs, _ = ApiToken.issue(user=outsider, name="theirs")
    client.force_login(coach)
    client.post("/api/tokens/", {"revoke": theirs.pk})
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    assert client.post("/api/tokens/", {"revoke": mine.pk}).status_code == 302
    assert not ApiToken.objects.filter(pk=mine.pk).exists()


def test_the_tokens_page_needs_a_signed_in_user(client):
    assert client.get("/api/tokens/").status_code == 302
