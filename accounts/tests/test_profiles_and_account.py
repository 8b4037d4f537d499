"""Profiles (/profiles/<username>/), download-my-data and account deletion."""

from __future__ import annotations

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session

from accounts.models import User
from clubs.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_profile_shows_the_persons_clubs_and_roles(people, client_as):
    page = client_as("outsider").get("/profiles/head/")
    assert page.status_code == 200
    assert "Riverside Reds" in page.text
    assert "Head coach" in page.text
    assert "Edit profile" not in page.text


def test_the_owner_sees_the_account_links(people, client_as):
    page = client_as("head_coach").get("/profiles/head/")
    for link in ("Edit profile", "Download my data", "Delete my account", "Two-factor login"):
        assert link in page.text


def test_the_owner_reaches_api_tokens_and_two_factor_settings_from_the_profile(people, client_as):
    page = client_as("head_coach").get("/profiles/head/")
    assert '<a href="/api/tokens/">Your API tokens</a>' in page.text
    assert '<a href="/accounts/2fa/">Set up two-factor login</a>' in page.text
    others_view = client_as("outsider").get("/profiles/head/")
    assert "/api/tokens/" not in others_view.text
    assert "/accounts/2fa/" not in others_view.text


def test_profiles_need_a_signed_in_visitor(people, client_as):
    response = client_as("anonymous").get("/profiles/head/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_profile_is_404(people, client_as):
    assert client_as("head_coach").get("/profiles/nobody/").status_code == 404


def test_the_owner_edits_the_profile_and_is_sent_back_to_it(people, client_as):
    client = client_as("head_coach")
    response = client.post(
        "/profiles/head/edit", {"display_name": "Coach Kim", "first_name": "", "last_name": ""}
    )
    assert response.status_code == 303
    assert response["Location"] == "/profiles/head/"
    page = client.get("/profiles/head/")
    assert "Your profile is saved." in page.text
    assert "<h1>Coach Kim</h1>" in page.text


def test_a_profile_edit_is_on_the_owners_account_history_and_data_export(people, client_as):
    client = client_as("head_coach")
    client.post("/profiles/head/edit", {"display_name": "Coach Kim", "first_name": "Kim"})
    event = AuditEvent.objects.get(account=people.head_coach)
    assert (event.club, event.actor, event.action) == (None, people.head_coach, "update")
    assert event.changes == {"display_name": ["", "Coach Kim"], "first_name": ["", "Kim"]}
    page = client.get("/profiles/head/").text
    assert "Your account's history" in page
    assert "<strong>head</strong> changed the profile of head" in page
    assert "<li>display_name:  → Coach Kim</li>" in page
    data = json.loads(client.get("/accounts/data/").content)
    assert [(e["action"], e["summary"]) for e in data["account_history"]] == [
        ("update", "changed the profile of head")
    ]
    assert "changed the profile" not in client_as("outsider").get("/profiles/head/").text


def test_saving_an_unchanged_profile_leaves_no_event(people, client_as):
    client_as("head_coach").post("/profiles/head/edit", {"display_name": "", "first_name": ""})
    assert not AuditEvent.objects.exists()


def test_an_overlong_display_name_is_refused_and_kept(people, client_as):
    response = client_as("head_coach").post("/profiles/head/edit", {"display_name": "x" * 81})
    assert response.status_code == 400
    assert "Ensure this value has at most 80 characters" in response.text
    assert 'value="' + "x" * 81 + '"' in response.text
    assert not AuditEvent.objects.exists()


def test_display_names_are_escaped(people, client_as):
    client_as("head_coach").post(
        "/profiles/head/edit", {"display_name": "<script>alert(1)</script>"}
    )
    page = client_as("outsider").get("/profiles/head/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.mark.parametrize("role", ["club_admin", "assistant", "outsider"])
def test_nobody_else_may_edit_a_profile(people, client_as, role):
    response = client_as(role).post("/profiles/head/edit", {"display_name": "Hacked"})
    assert response.status_code == 403
    assert "Only head can edit this profile." in response.text
    people.head_coach.refresh_from_db()
    assert people.head_coach.display_name == ""
    assert not AuditEvent.objects.exists()


def test_download_my_data_is_a_json_attachment_of_ones_own_data(people, client_as):
    response = client_as("head_coach").get("/accounts/data/")
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


def test_a_club_admins_data_lists_the_club_and_two_factor(people, client_as):
    data = json.loads(client_as("club_admin").get("/accounts/data/").content)
    assert data["clubs_administered"] == [{"name": "Riverside", "slug": people.club.slug}]
    assert data["two_factor"] == ["totp"]


def test_deleting_the_account_needs_the_password(people, client_as):
    response = client_as("head_coach").post("/accounts/delete/", {"password": "not my password"})
    assert response.status_code == 400
    assert "That is not your password." in response.text
    assert User.objects.filter(username="head").exists()


def test_deleting_the_account_removes_it_and_ends_the_session(people, client_as):
    client = client_as("head_coach")
    key = client.session.session_key
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 303
    assert response["Location"] == "/"
    assert not User.objects.filter(username="head").exists()
    assert not EmailAddress.objects.filter(email="head@example.org").exists()
    assert not Session.objects.filter(session_key=key).exists()
    assert "Your account and its data are deleted." in client.get("/").text


def test_the_last_admin_of_a_club_cannot_delete_the_account(people, client_as):
    response = client_as("other_club_admin").post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    assert "You are the only admin of Hillside" in response.text
    assert User.objects.filter(username="other-admin").exists()


def test_deleting_needs_a_post(people, client_as):
    client_as("head_coach").get("/accounts/delete/")
    assert User.objects.filter(username="head").exists()


def test_the_owners_profile_is_grouped_with_create_a_club_first_and_deletion_set_apart(
    people, client_as
):
    html = client_as("head_coach").get("/profiles/head/").text
    headings = re.findall(r'<h2 id="[\w-]+">([^<]+)</h2>', html)
    assert headings == [
        "Your details", "Security", "Your clubs", "Your data", "Danger zone"
    ]  # fmt: skip
    assert '<a class="button" href="/clubs/new/">Create a club</a>' in html
    danger = html.split('<section class="danger-zone"')[1]
    assert '<a class="button danger" href="/accounts/delete/">Delete my account</a>' in danger
    assert html.count("/accounts/delete/") == 1
    assert "Two-factor login</strong> — off" in html
    assert "Two-factor login</strong> — on" in client_as("club_admin").get("/profiles/admin/").text
