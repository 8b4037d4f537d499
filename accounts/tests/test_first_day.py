"""A coach's first day: signed in on confirming, invited coaches confirmed by their invitation,
the least powerful role by default, and two-factor set up on the one phone."""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client

from accounts.services import invitation_create
from tests.factories import PASSWORD, link_in, make_user, reauthenticated, run_tasks, signed_in

pytestmark = pytest.mark.django_db

SIGNUP = {"email": "coach@example.org", "username": "coach", "password1": PASSWORD,
          "password2": PASSWORD}  # fmt: skip


def test_confirming_in_the_browser_that_signed_up_signs_in_at_once(client):
    client.post("/accounts/signup/", SIGNUP)
    assert "_auth_user_id" not in client.session
    run_tasks()
    confirmed = client.post(link_in(mail.outbox[0], "/accounts/confirm-email/"))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/accounts/me/"
    assert "_auth_user_id" in client.session
    profile = client.get("/accounts/me/", follow=True)
    assert "You have confirmed coach@example.org." in profile.text


def test_a_confirmation_link_opened_elsewhere_confirms_but_does_not_sign_in(client):
    client.post("/accounts/signup/", SIGNUP)
    run_tasks()
    elsewhere = Client()
    confirmed = elsewhere.post(link_in(mail.outbox[0], "/accounts/confirm-email/"))
    assert confirmed["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in elsewhere.session
    assert EmailAddress.objects.get(email="coach@example.org").verified


def test_a_coach_with_two_factor_who_confirms_is_still_asked_for_the_code(client):
    """Signing in by confirming goes through the same stages as the login form."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user("secured", email="secured@example.org", verified=False)
    TOTP.activate(user, generate_totp_secret())
    login = client.post("/accounts/login/", {"login": "secured", "password": PASSWORD})
    assert login["Location"] == "/accounts/confirm-email/"  # the link is sent again
    run_tasks()
    confirmed = client.post(link_in(mail.outbox[-1], "/accounts/confirm-email/"))
    assert confirmed["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def invite(people, email="new@example.org"):
    _, token = invitation_create(
        club=people.club, email=email, role="assistant", team=people.team, by=people.club_admin
    )
    return f"/invitations/{token}/"


def test_an_invited_coach_signs_up_with_the_invited_address_and_needs_no_confirmation(people):
    path = invite(people)
    client = Client()
    client.get(path)
    signup = client.get(f"/accounts/signup/?next={path}").text
    assert 'value="new@example.org"' in signup  # pre-filled with the invited address
    assert "Your invitation came to new@example.org." in signup
    response = client.post(
        f"/accounts/signup/?next={path}",
        {**SIGNUP, "email": "new@example.org", "username": "newcomer", "next": path},
    )
    assert response.status_code == 302
    assert response["Location"] == path
    assert "_auth_user_id" in client.session
    assert EmailAddress.objects.get(email="new@example.org").verified
    run_tasks()
    assert not [m for m in mail.outbox if "confirm" in m.subject.lower()]
    accepted = client.post(path, follow=True)
    assert "Welcome to Riverside." in accepted.text


def test_only_the_invitation_link_confirms_an_address(people, client):
    """Someone signing up with the invited address without the link still confirms it."""
    invite(people)
    client.post("/accounts/signup/", {**SIGNUP, "email": "new@example.org"})
    assert not EmailAddress.objects.get(email="new@example.org").verified


def test_the_invitation_form_offers_the_least_powerful_role_first_and_chosen(people, client_as):
    html = client_as("club_admin").get(f"/clubs/{people.club.slug}/invitations/").text
    roles = re.findall(r'<option value="(\w+)"( selected)?>', html.split('name="role"')[1])
    assert [r for r, _ in roles[:3]] == ["assistant", "head", "admin"]
    assert roles[0][1] == " selected"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_the_set_up_page_works_on_the_phone_that_holds_the_app(people):
    client = reauthenticated(people.head_coach)
    html = client.get("/accounts/2fa/totp/activate/").text
    link = re.search(r'href="(otpauth://totp/[^"]+)"', html)
    assert link and ">Open in your authenticator app</a>" in html
    secret = re.search(r"secret=([A-Z2-7]+)", link.group(1)).group(1)
    groups = " ".join(f"<span>{secret[i : i + 4]}</span>" for i in range(0, len(secret), 4))
    assert groups in html  # whole, in groups of four
    assert ">Copy the secret</button>" in html and "js/copy-button" in html
    assert 'alt="QR code for your authenticator app"' in html
    assert f'alt="{secret}"' not in html
    assert re.search(r'<input[^>]*name="code"[^>]*inputmode="numeric"', html)
    assert 'autocomplete="one-time-code"' in html


def test_after_setting_up_the_coach_continues_where_they_were(people):
    admin = make_user("admin2")
    people.club.admins.add(admin)
    client = signed_in(admin)
    invitations = f"/clubs/{people.club.slug}/invitations/"
    to_set_up = client.get(invitations)["Location"]
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get(to_set_up)
    secret = page.context["form"].secret
    assert f'<input type="hidden" name="next" value="{invitations}">' in page.text
    done = client.post(
        "/accounts/2fa/totp/activate/", {"code": current_code(secret), "next": invitations}
    )
    assert (
        done["Location"] == f"/accounts/2fa/recovery-codes/?next={invitations.replace('/', '%2F')}"
    )
    codes = client.get(done["Location"]).text
    assert f'<a class="button" href="{invitations}">Continue where you were</a>' in codes
    assert client.get(invitations).status_code == 200


def test_continue_never_leads_off_the_site(people):
    client = reauthenticated(people.head_coach)
    page = client.get("/accounts/2fa/totp/activate/?next=https://evil.example/")
    assert "evil.example" not in page.text


def test_new_codes_and_download_are_apart(people):
    client = reauthenticated(people.head_coach)
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    html = client.get("/accounts/2fa/recovery-codes/").text
    download = html.index(">Download codes</a>")
    generate = html.index(">Generate new codes</a>")
    between = html[download:generate]
    assert "<h2" in between  # a section of its own, with its heading in between


def test_a_club_admin_invitation_ignores_the_team_chosen_for_a_coach(people, client_as):
    from accounts.models import Invitation

    response = client_as("club_admin").post(
        f"/clubs/{people.club.slug}/invitations/",
        {"email": "second-admin@example.org", "role": "admin", "team": people.team.pk},
    )
    assert response.status_code == 303
    assert Invitation.objects.get(email="second-admin@example.org").team is None
