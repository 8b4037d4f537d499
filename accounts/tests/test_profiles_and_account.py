"""Profiles (/profiles/<username>/), download-my-data and account deletion."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session

from accounts.models import User
from accounts.tests.conftest import PASSWORD
from clubs.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_profile_shows_the_persons_clubs_and_roles(world, as_user):
    page = as_user("outsider").get("/profiles/head/")
    assert page.status_code == 200
    assert "Riverside Reds" in page.text
    assert "Head coach" in page.text
    assert "Edit profile" not in page.text


def test_the_owner_sees_the_account_links(world, as_user):
    page = as_user("head").get("/profiles/head/")
    for link in ("Edit profile", "Download my data", "Delete my account", "Two-factor login"):
        assert link in page.text


def test_the_owner_reaches_api_tokens_and_two_factor_settings_from_the_profile(world, as_user):
    page = as_user("head").get("/profiles/head/")
    assert '<a class="chip" href="/api/tokens/">API tokens</a>' in page.text
    assert '<a class="chip" href="/accounts/2fa/">Two-factor login</a>' in page.text
    others_view = as_user("outsider").get("/profiles/head/")
    assert "/api/tokens/" not in others_view.text
    assert "/accounts/2fa/" not in others_view.text


def test_profiles_need_a_signed_in_visitor(world, as_user):
    response = as_user(None).get("/profiles/head/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_profile_is_404(world, as_user):
    assert as_user("head").get("/profiles/nobody/").status_code == 404


def test_the_owner_edits_the_profile_and_is_sent_back_to_it(world, as_user):
    client = as_user("head")
    response = client.post(
        "/profiles/head/edit", {"display_name": "Coach Kim", "first_name": "", "last_name": ""}
    )
    assert response.status_code == 303
    assert response["Location"] == "/profiles/head/"
    page = client.get("/profiles/head/")
    assert "Your profile is saved." in page.text
    assert "<h1>Coach Kim</h1>" in page.text


def test_a_profile_edit_is_on_the_owners_account_history_and_data_export(world, as_user):
    client = as_user("head")
    client.post("/profiles/head/edit", {"display_name": "Coach Kim", "first_name": "Kim"})
    event = AuditEvent.objects.get(account=world.head)
    assert (event.club, event.actor, event.action) == (None, world.head, "update")
    assert event.changes == {"display_name": ["", "Coach Kim"], "first_name": ["", "Kim"]}
    page = client.get("/profiles/head/").text
    assert "Your account's history" in page
    assert "<strong>head</strong> changed the profile of head" in page
    assert "<li>display_name:  → Coach Kim</li>" in page
    data = json.loads(client.get("/accounts/data/").content)
    assert [(e["action"], e["summary"]) for e in data["account_history"]] == [
        ("update", "changed the profile of head")
    ]
    assert "changed the profile" not in as_user("outsider").get("/profiles/head/").text


def test_saving_an_unchanged_profile_leaves_no_event(world, as_user):
    as_user("head").post("/profiles/head/edit", {"display_name": "", "first_name": ""})
    assert not AuditEvent.objects.exists()


def test_an_overlong_display_name_is_refused_and_kept(world, as_user):
    response = as_user("head").post("/profiles/head/edit", {"display_name": "x" * 81})
    assert response.status_code == 400
    assert "Ensure this value has at most 80 characters" in response.text
    assert 'value="' + "x" * 81 + '"' in response.text
    assert not AuditEvent.objects.exists()


def test_display_names_are_escaped(world, as_user):
    as_user("head").post("/profiles/head/edit", {"display_name": "<script>alert(1)</script>"})
    page = as_user("outsider").get("/profiles/head/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.mark.parametrize("persona", ["admin", "assistant", "outsider"])
def test_nobody_else_may_edit_a_profile(world, as_user, persona):
    response = as_user(persona).post("/profiles/head/edit", {"display_name": "Hacked"})
    assert response.status_code == 403
    assert "Only head can edit this profile." in response.text
    world.head.refresh_from_db()
    assert world.head.display_name == ""
    assert not AuditEvent.objects.exists()


def test_download_my_data_is_a_json_attachment_of_ones_own_data(world, as_user):
    response = as_user("head").get("/accounts/data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="teamcoach-my-data-')
    data = json.loads(response.content)
    assert data["profile"]["username"] == "head"
    assert data["email_addresses"] == [
        {"email": "head@example.org", "verified": True, "primary": True}
    ]
    assert data["coach_roles"] == [{"club": "Riverside", "team": "Riverside Reds", "role": "head"}]
    assert "password" not in json.dumps(data)
    assert "assistant" not in json.dumps(data)  # nobody else's data


def test_a_club_admins_data_lists_the_club_and_two_factor(world, as_user):
    data = json.loads(as_user("admin").get("/accounts/data/").content)
    assert data["clubs_administered"] == [{"name": "Riverside", "slug": world.club.slug}]
    assert data["two_factor"] == ["totp"]


def test_deleting_the_account_needs_the_password(world, as_user):
    response = as_user("head").post("/accounts/delete/", {"password": "not my password"})
    assert response.status_code == 400
    assert "That is not your password." in response.text
    assert User.objects.filter(username="head").exists()


def test_deleting_the_account_removes_it_and_ends_the_session(world, as_user):
    client = as_user("head")
    key = client.session.session_key
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 303
    assert response["Location"] == "/"
    assert not User.objects.filter(username="head").exists()
    assert not EmailAddress.objects.filter(email="head@example.org").exists()
    assert not Session.objects.filter(session_key=key).exists()
    assert "Your account and its data are deleted." in client.get("/").text


def test_the_last_admin_of_a_club_cannot_delete_the_account(world, as_user):
    response = as_user("other_admin").post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    assert "You are the only admin of Hillside" in response.text
    assert User.objects.filter(username="otheradmin").exists()


def test_deleting_needs_a_post(world, as_user):
    as_user("head").get("/accounts/delete/")
    assert User.objects.filter(username="head").exists()
