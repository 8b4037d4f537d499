"""Sign-up needs a confirmed e-mail address; mail is sent by the background worker."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from tests.factories import PASSWORD, link_in, run_tasks

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "coach@example.org",
    "username": "coach",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def test_signup_queues_the_confirmation_mail_instead_of_sending_it_in_the_request(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coach@example.org"]
    assert message.subject == "[teamcoach] Confirm your e-mail address"
    html = dict((mimetype, body) for body, mimetype in message.alternatives)["text/html"]
    assert "Confirm my e-mail address" in html


def test_an_unconfirmed_account_cannot_sign_in(client):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()
    response = client.post("/accounts/login/", {"login": "coach", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.real_password_hashing
def test_following_the_confirmation_link_confirms_and_then_login_works(client):
    client.post("/accounts/signup/", SIGNUP)
    run_tasks()
    url = link_in(mail.outbox[0], "/accounts/confirm-email/")
    page = client.get(url)
    assert page.status_code == 200
    assert client.post(url).status_code == 302
    assert EmailAddress.objects.get(email="coach@example.org").verified
    response = client.post("/accounts/login/", {"login": "coach@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/"
    assert client.get("/accounts/me/")["Location"] == "/profiles/coach/"


def test_a_short_or_common_password_is_refused_and_typed_values_are_kept(client):
    response = client.post(
        "/accounts/signup/", {**SIGNUP, "password1": "password1", "password2": "password1"}
    )
    assert response.status_code == 200
    assert "This password is too short" in response.text
    assert 'value="coach@example.org"' in response.text
    assert not User.objects.exists()


@pytest.mark.real_password_hashing
def test_passwords_are_hashed_with_argon2(client):
    client.post("/accounts/signup/", SIGNUP)
    assert User.objects.get().password.startswith("argon2$")


def test_login_rotates_the_session_key(client, people):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/accounts/login/", {"login": "head", "password": PASSWORD})
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(people.head_coach.pk)


def test_logout_is_a_post_and_ends_the_session_on_the_server(client, people):
    client.post("/accounts/login/", {"login": "head", "password": PASSWORD})
    key = client.session.session_key
    assert client.get("/accounts/logout/").status_code == 200  # a confirmation page, no logout
    assert client.session.session_key == key
    client.post("/accounts/logout/")
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()


def test_repeated_failed_logins_are_throttled_with_a_clear_message(client, people):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "head", "password": "wrong password!"})
    response = client.post("/accounts/login/", {"login": "head", "password": PASSWORD})
    assert "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_password_reset_link_works_once(client, people):
    client.post("/accounts/password/reset/", {"email": "head@example.org"})
    run_tasks()
    url = link_in(mail.outbox[-1], "/accounts/password/reset/key/")
    form_url = client.get(url)["Location"]
    new = "another long passphrase 43"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    people.head_coach.refresh_from_db()
    assert people.head_coach.check_password(new)
    again = client.get(url, follow=True)
    assert "Bad Token" in again.text or "invalid" in again.text.lower()


def test_changing_the_email_address_takes_effect_once_the_new_one_is_confirmed(people):
    from tests.factories import signed_in

    client = signed_in(people.head_coach)
    response = client.post("/accounts/email/", {"action_add": "", "email": "kim@example.net"})
    assert response.status_code == 302
    assert (
        EmailAddress.objects.get(user=people.head_coach, primary=True).email == "head@example.org"
    )
    run_tasks()
    url = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    assert mail.outbox[-1].to == ["kim@example.net"]
    client.post(url)
    assert list(
        EmailAddress.objects.filter(user=people.head_coach).values_list("email", "verified")
    ) == [("kim@example.net", True)]


def test_login_posts_beyond_the_sites_limit_get_429_with_retry_after(
    client, people, settings, frozen_rate_limit_clock
):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "login": "3/m"}
    for _ in range(3):
        client.post("/accounts/login/", {"login": "nobody", "password": "wrong password!"})
    refused = client.post("/accounts/login/", {"login": "head", "password": PASSWORD})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/login/").status_code == 200  # showing the form stays free


def test_signup_posts_beyond_the_sites_limit_get_429(client, settings, frozen_rate_limit_clock):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "signup": "1/m"}
    client.post("/accounts/signup/", SIGNUP)
    refused = client.post(
        "/accounts/signup/", {**SIGNUP, "email": "b@example.org", "username": "b"}
    )
    assert refused.status_code == 429
    assert User.objects.count() == 1
