"""Club admins invite coaches by e-mail: single-use, expiring, revocable links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation
from accounts.services import invitation_create
from clubs.models import Coach, CoachRole
from tests.factories import link_in, make_user, run_tasks

pytestmark = pytest.mark.django_db


def invite(people, *, email="new@example.org", role="head", team=True):
    return invitation_create(
        club=people.club,
        email=email,
        role=role,
        team=people.team if team else None,
        by=people.club_admin,
    )


def test_an_admin_sends_an_invitation_mail_with_a_working_link(people, client_as):
    client = client_as("club_admin")
    response = client.post(
        f"/clubs/{people.club.slug}/invitations/",
        {"email": "New@Example.org", "role": "head", "team": people.team.pk},
    )
    assert response.status_code == 303
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert "You are invited to Riverside" in message.subject
    url = link_in(message, "/invitations/")
    invitation = Invitation.objects.get()
    token = url.rstrip("/").rsplit("/", 1)[1]
    # Only a hash of the token is stored.
    assert token not in invitation.token_hash
    assert invitation.token_hash == Invitation.hash_token(token)
    assert len(token) >= 43  # 32 random bytes from secrets


def test_accepting_with_the_invited_address_makes_a_coach(people, client_as):
    _, token = invite(people)
    newcomer = make_user("newcomer", email="new@example.org")
    client = client_as("anonymous")
    client.force_login(newcomer)
    assert "Accept the invitation" in client.get(f"/invitations/{token}/").text
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 303
    assert response["Location"] == f"/clubs/{people.club.slug}/"
    coach = Coach.objects.get(user=newcomer)
    assert (coach.team, coach.role) == (people.team, CoachRole.HEAD)


def test_an_admin_invitation_adds_a_club_admin_and_rotates_the_session(people, client_as):
    _, token = invite(people, role="admin", team=False)
    newcomer = make_user("newcomer", email="new@example.org")
    client = client_as("anonymous")
    client.force_login(newcomer)
    before = client.session.session_key
    client.post(f"/invitations/{token}/")
    assert people.club.admins.filter(pk=newcomer.pk).exists()
    assert client.session.session_key != before


def test_an_anonymous_visitor_is_asked_to_sign_in_or_up_and_nothing_changes(people, client_as):
    _, token = invite(people)
    page = client_as("anonymous").get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert f"/accounts/signup/?next=%2Finvitations%2F{token}%2F" in page.text
    assert client_as("anonymous").post(f"/invitations/{token}/").status_code == 200
    assert Invitation.objects.get().used_at is None


def test_another_account_cannot_use_someone_elses_invitation(people, client_as):
    _, token = invite(people)
    response = client_as("outsider").post(f"/invitations/{token}/")
    assert response.status_code == 403
    assert "This invitation was sent to new@example.org" in response.text
    assert not Coach.objects.filter(user=people.outsider, team__club=people.club).exists()
    assert Invitation.objects.get().used_at is None


def test_a_used_invitation_cannot_be_used_again(people, client_as):
    _, token = invite(people, email="outsider@example.org")
    client = client_as("outsider")
    assert client.post(f"/invitations/{token}/").status_code == 303
    again = client.post(f"/invitations/{token}/")
    assert again.status_code == 410
    assert "already been used" in again.text


def test_an_expired_invitation_is_refused_with_a_clear_message(people, client_as):
    invitation, token = invite(people, email="outsider@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client_as("outsider").post(f"/invitations/{token}/")
    assert response.status_code == 410
    assert "This invitation has expired" in response.text
    assert not Coach.objects.filter(user=people.outsider, team__club=people.club).exists()


def test_a_tampered_token_is_refused(people, client_as):
    _, token = invite(people, email="outsider@example.org")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client_as("outsider").post(f"/invitations/{tampered}/")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.text
    assert not Coach.objects.filter(user=people.outsider, team__club=people.club).exists()


def test_a_revoked_invitation_stops_working(people, client_as):
    invitation, token = invite(people, email="outsider@example.org")
    response = client_as("club_admin").post(
        f"/clubs/{people.club.slug}/invitations/{invitation.pk}/revoke"
    )
    assert response.status_code == 303
    refused = client_as("outsider").post(f"/invitations/{token}/")
    assert refused.status_code == 410
    assert "withdrawn" in refused.text


def test_a_coach_role_needs_a_team_and_typed_values_are_kept(people, client_as):
    response = client_as("club_admin").post(
        f"/clubs/{people.club.slug}/invitations/", {"email": "x@example.org", "role": "head"}
    )
    assert response.status_code == 400
    assert "Choose the team this coach will coach." in response.text
    assert 'value="x@example.org"' in response.text
    assert not Invitation.objects.exists()


def test_a_team_of_another_club_cannot_be_chosen(people, client_as):
    response = client_as("club_admin").post(
        f"/clubs/{people.club.slug}/invitations/",
        {"email": "x@example.org", "role": "head", "team": people.other_team.pk},
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["head_coach", "assistant", "outsider", "other_club_admin"])
def test_only_the_clubs_admins_may_invite(people, client_as, role):
    response = client_as(role).post(
        f"/clubs/{people.club.slug}/invitations/",
        {"email": "x@example.org", "role": "head", "team": people.team.pk},
    )
    assert response.status_code == 403
    assert "Only the admins of Riverside may do this." in response.text
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["head_coach", "assistant", "outsider", "other_club_admin"])
def test_only_the_clubs_admins_may_revoke(people, client_as, role):
    invitation, _ = invite(people)
    response = client_as(role).post(f"/clubs/{people.club.slug}/invitations/{invitation.pk}/revoke")
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_admin_cannot_revoke_another_clubs_invitation_through_their_own_club(people, client_as):
    invitation, _ = invite(people)
    response = client_as("other_club_admin").post(
        f"/clubs/{people.other_club.slug}/invitations/{invitation.pk}/revoke"
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_admin_without_two_factor_is_sent_to_set_it_up_first(people, client):
    admin = make_user("admin2")
    people.club.admins.add(admin)
    client.force_login(admin)
    response = client.post(
        f"/clubs/{people.club.slug}/invitations/",
        {"email": "x@example.org", "role": "head", "team": people.team.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert not Invitation.objects.exists()
    page = client.get(f"/clubs/{people.club.slug}/")  # messages show on the next page
    assert "Club admins must use two-factor login" in page.text


def test_invitation_mail_is_rate_limited_with_429_and_retry_after(people, client_as, settings):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "email": "2/h"}
    client = client_as("club_admin")
    url = f"/clubs/{people.club.slug}/invitations/"
    for n in range(2):
        data = {"email": f"c{n}@example.org", "role": "head", "team": people.team.pk}
        assert client.post(url, data).status_code == 303
    refused = client.post(url, {"email": "c3@example.org", "role": "head", "team": people.team.pk})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Slow down a little" in refused.text
    assert Invitation.objects.count() == 2


def test_the_invitation_link_does_not_stay_in_the_database_after_sending(people, client_as):
    from django_tasks_db.models import DBTaskResult

    from outbox.models import Message

    client_as("club_admin").post(
        f"/clubs/{people.club.slug}/invitations/",
        {"email": "new@example.org", "role": "head", "team": people.team.pk},
    )
    run_tasks()
    token = link_in(mail.outbox[0], "/invitations/").rstrip("/").rsplit("/", 1)[1]
    [row] = DBTaskResult.objects.all()
    assert row.status == "SUCCESSFUL"
    assert token not in str(row.args_kwargs)  # the queue carries the outbox row's id only
    [message] = Message.objects.all()
    assert message.status == "sent" and message.to == ["new@example.org"]
    assert token not in message.body + message.html


def test_a_newcomer_who_signs_up_from_the_invitation_lands_on_it_after_confirming(people):
    """With another address than the invited one: confirm it (in the same browser, which
    signs in at once), and the invitation comes next."""
    from django.test import Client

    from tests.factories import PASSWORD

    _, token = invite(people)
    invitation_path = f"/invitations/{token}/"
    client = Client()
    page = client.get(invitation_path)
    signup_url = f"/accounts/signup/?next=%2Finvitations%2F{token}%2F"
    assert signup_url in page.text
    assert f'value="{invitation_path}"' in client.get(signup_url).text  # carried by the form
    response = client.post(
        signup_url,
        {
            "email": "other@example.org",
            "username": "newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": invitation_path,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    run_tasks()
    confirm_url = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    confirmed = client.post(confirm_url)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == invitation_path  # signed in on confirmation
    assert "_auth_user_id" in client.session
    page = client.get(invitation_path).text
    assert "which is not a confirmed address of your account" in page


def test_an_invitation_reached_through_the_login_link_is_not_remembered_any_longer(people):
    from django.test import Client

    from accounts.adapter import PENDING_INVITATION
    from tests.factories import PASSWORD

    _, token = invite(people)
    make_user("newcomer", email="new@example.org")
    client = Client()
    client.get(f"/invitations/{token}/")
    assert PENDING_INVITATION in client.session
    login = client.post(
        f"/accounts/login/?next=/invitations/{token}/",
        {"login": "newcomer", "password": PASSWORD, "next": f"/invitations/{token}/"},
    )
    assert login["Location"] == f"/invitations/{token}/"
    assert "Accept the invitation" in client.get(login["Location"]).text
    # A later login (say, after confirming another address) goes to the usual place.
    assert PENDING_INVITATION not in client.session


def test_invitations_sent_accepted_and_withdrawn_show_on_the_team_history_without_the_address(
    people, client_as
):
    from accounts.services import invitation_accept, invitation_revoke
    from clubs.models import AuditEvent

    withdrawn, _ = invite(people, email="first@example.org")
    invitation_revoke(invitation=withdrawn, by=people.club_admin)
    _invitation, token = invite(people, email="second@example.org")
    newcomer = make_user("newcomer", email="second@example.org")
    invitation_accept(token=token, user=newcomer)
    events = list(AuditEvent.objects.filter(team=people.team).order_by("pk"))
    assert [(e.action, e.actor) for e in events] == [
        ("send", people.club_admin),
        ("delete", people.club_admin),
        ("send", people.club_admin),
        ("create", newcomer),
    ]
    html = client_as("club_admin").get(f"/teams/{people.team.slug}/history/").content.decode()
    assert "accepted an invitation and joined as" in html
    assert "@example.org" not in html
