"""Two-factor login (TOTP and recovery codes) for every coach; required for club admins."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from tests.factories import PASSWORD, make_user, reauthenticated, signed_in

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_any_coach_can_open_the_authenticator_set_up_page(people):
    page = reauthenticated(people.head_coach).get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "Authenticator" in page.text
    assert 'name="code"' in page.text
    assert "<title>" in page.text and "· teamcoach</title>" in page.text  # the site's layout


def test_with_totp_the_password_alone_does_not_sign_in(client, db):
    user = make_user("secured")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post("/accounts/login/", {"login": "secured", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_activating_totp_also_makes_recovery_codes(people):
    client = reauthenticated(people.head_coach)
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=people.head_coach).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_a_club_admin_with_totp_manages_invitations(people, client_as):
    page = client_as("club_admin").get(f"/clubs/{people.club.slug}/invitations/")
    assert page.status_code == 200
    assert "Send the invitation" in page.text


def test_a_club_admin_without_totp_is_sent_to_the_set_up_page_with_a_message(people):
    admin = make_user("admin2")
    people.club.admins.add(admin)
    client = signed_in(admin)
    response = client.get(f"/clubs/{people.club.slug}/invitations/")
    assert response.status_code == 302
    back = f"%2Fclubs%2F{people.club.slug}%2Finvitations%2F"
    assert response["Location"] == f"/accounts/2fa/totp/activate/?next={back}"
    page = client.get(response["Location"], follow=True)
    # allauth asks for the password again before any two-factor change; the reason shows there.
    assert page.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert "Club admins must use two-factor login" in page.text
