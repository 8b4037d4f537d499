"""A refused confirmation or password-reset key: allauth's friendly page, with status 400."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import PASSWORD, link_in, run_tasks

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "coach@example.org",
    "username": "coach",
    "password1": PASSWORD,
    "password2": PASSWORD,
}
CONFIRMATION_REFUSED = "expired or is invalid"
RESET_REFUSED = "The password reset link was invalid"


def confirmation_link(client) -> str:
    client.post("/accounts/signup/", SIGNUP)
    run_tasks()
    return link_in(mail.outbox[-1], "/accounts/confirm-email/")


def reset_link(client, people) -> str:
    client.post("/accounts/password/reset/", {"email": "head@example.org"})
    run_tasks()
    return link_in(mail.outbox[-1], "/accounts/password/reset/key/")


def test_a_good_confirmation_link_still_shows_the_button_with_200(client):
    page = client.get(confirmation_link(client))
    assert page.status_code == 200
    assert CONFIRMATION_REFUSED not in page.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_altered_confirmation_key_answers_400_with_the_friendly_page(client, method):
    url = confirmation_link(client).rstrip("/") + "x/"
    response = getattr(client, method)(url)
    assert response.status_code == 400
    assert CONFIRMATION_REFUSED in response.text


def test_an_expired_confirmation_key_answers_400_with_the_friendly_page(client, settings):
    url = confirmation_link(client)
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = -1  # every key is past its age now
    response = client.get(url)
    assert response.status_code == 400
    assert CONFIRMATION_REFUSED in response.text


def test_a_good_reset_link_still_leads_to_the_new_password_form(client, people):
    response = client.get(reset_link(client, people))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_an_altered_reset_key_answers_400_with_the_friendly_page(client, people):
    url = reset_link(client, people).rstrip("/") + "x/"
    response = client.get(url)
    assert response.status_code == 400
    assert RESET_REFUSED in response.text


def test_a_used_reset_key_answers_400_with_the_friendly_page(client, people):
    url = reset_link(client, people)
    form_url = client.get(url)["Location"]
    new = "another long passphrase 43"
    assert client.post(form_url, {"password1": new, "password2": new}).status_code == 302
    for again in (client.get(url), client.get(form_url)):
        assert again.status_code == 400
        assert RESET_REFUSED in again.text


def test_an_expired_reset_key_answers_400_with_the_friendly_page(client, people, settings):
    url = reset_link(client, people)
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is past its age now
    response = client.get(url)
    assert response.status_code == 400
    assert RESET_REFUSED in response.text
