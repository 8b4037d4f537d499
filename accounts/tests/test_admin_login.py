"""Staff sign in to /admin/ through allauth's login (two-factor, rate limits): one door."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN_FOR_ADMIN = "/accounts/login/?next=%2Fadmin%2F"


@pytest.fixture
def staff(db):
    return make_user("staffer", is_staff=True, is_superuser=True)


def test_an_anonymous_visit_to_the_admin_ends_at_the_account_login_with_next():
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1] == (LOGIN_FOR_ADMIN, 302)
    assert response.status_code == 200
    assert 'name="login"' in response.text


def test_staff_signing_in_through_the_account_login_reach_the_admin(staff):
    client = Client()
    response = client.post(LOGIN_FOR_ADMIN, {"login": "staffer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Site administration" in client.get("/admin/").text


def test_the_admin_login_form_checks_no_password(staff):
    client = Client()
    response = client.post("/admin/login/", {"username": "staffer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == LOGIN_FOR_ADMIN
    assert "_auth_user_id" not in client.session


def test_the_admin_login_keeps_a_local_next_and_drops_a_foreign_one():
    client = Client()
    local = client.get("/admin/login/?next=/admin/clubs/club/")
    assert local["Location"] == "/accounts/login/?next=%2Fadmin%2Fclubs%2Fclub%2F"
    foreign = client.get("/admin/login/?next=https://evil.example/")
    assert foreign["Location"] == LOGIN_FOR_ADMIN


def test_signed_in_staff_pass_straight_through(staff):
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/login/")["Location"] == "/admin/"


def test_a_signed_in_coach_without_staff_rights_is_refused_not_sent_round_in_circles(db):
    client = Client()
    client.force_login(make_user("coach"))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "no access to the site administration" in response.text


def test_staff_made_with_createsuperuser_confirm_their_address_at_the_first_sign_in(db):
    from django.core import mail

    from accounts.models import User
    from tests.factories import link_in, run_tasks

    User.objects.create_superuser("boss", "boss@example.org", PASSWORD)  # no confirmed address
    client = Client()
    response = client.post(LOGIN_FOR_ADMIN, {"login": "boss", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    run_tasks()
    confirm = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    assert client.post(confirm).status_code == 302
    response = client.post(LOGIN_FOR_ADMIN, {"login": "boss", "password": PASSWORD})
    assert response["Location"] == "/admin/"


def test_staff_with_an_authenticator_need_their_code_before_the_admin(db):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.tests.test_two_factor import current_code

    user = make_user("secured-staff", is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    response = client.post(LOGIN_FOR_ADMIN, {"login": "secured-staff", "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"  # not in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
