"""Tampered, truncated, expired, revoked and reused tokens are refused, and change nothing.

Every secret that rides in a URL or a header: answer links (/a/<token>/), calendar
feeds (/calendar/<token>.ics), club invitations, API tokens, password-reset links
and e-mail confirmation links. Each case has a working control first, so a refusal
is the token's doing and not a broken fixture.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation
from accounts.services import invitation_create
from api.models import ApiToken
from api.services import api_token_issue
from clubs import services
from clubs.models import AnswerLink, Availability, CalendarFeed, Coach, CoachRole
from tests.factories import PASSWORD, link_in, make_user, run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]

#: A secret with at least 128 bits of entropy, URL-safe base64: at least 22 characters.
MIN_TOKEN_CHARS = 22


def tampered(token: str) -> str:
    """The token with one character changed (the last, so a prefix check cannot help)."""
    last = "A" if token[-1] != "A" else "B"
    return token[:-1] + last


def truncated(token: str) -> str:
    return token[: len(token) // 2]


def variants(token: str) -> dict[str, str]:
    return {
        "tampered-last": tampered(token),
        "tampered-first": ("x" if token[0] != "x" else "y") + token[1:],
        "truncated": truncated(token),
        "extended": token + "A",
        "case-flipped": token.swapcase(),
    }


# --- answer links ---------------------------------------------------------------------


@pytest.fixture
def link(club_data):
    player, game = club_data["players"][1], club_data["game"]
    return {
        "player": player,
        "game": game,
        "token": services.answer_link_create(player=player, game=game),
    }


def _answers():
    return sorted(Availability.objects.values_list("player_id", "game_id", "answer"))


def test_answer_link_tokens_have_at_least_128_bits_and_only_their_hash_is_stored(link):
    token = link["token"]
    assert len(token) >= MIN_TOKEN_CHARS
    assert not AnswerLink.objects.filter(token_hash=token).exists()
    assert Client().get(f"/a/{token}/").status_code == 200  # control: the real link works


@pytest.mark.parametrize("how", list(variants("x" * 43)))
def test_answer_link_altered_is_refused_with_a_clear_page_and_saves_nothing(link, how):
    bad = variants(link["token"])[how]
    before = _answers()
    client = Client()
    page = client.get(f"/a/{bad}/")
    assert page.status_code == 404
    assert "answer link is not valid" in page.text
    assert client.post(f"/a/{bad}/", {"answer": "no"}).status_code == 404
    assert _answers() == before


def test_answer_link_expired_after_the_game_is_refused(link):
    AnswerLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    before = _answers()
    assert Client().post(f"/a/{link['token']}/", {"answer": "no"}).status_code == 404
    assert _answers() == before


def test_answer_link_replaced_by_a_newer_one_is_refused(link):
    newer = services.answer_link_create(player=link["player"], game=link["game"])
    client = Client()
    assert client.post(f"/a/{link['token']}/", {"answer": "no"}).status_code == 404
    assert not Availability.objects.filter(player=link["player"], answer="no").exists()
    assert client.post(f"/a/{newer}/", {"answer": "no"}).status_code in (302, 303)
    assert Availability.objects.filter(player=link["player"], answer="no").exists()


def test_answer_link_revoked_is_refused(link):
    AnswerLink.objects.update(revoked_at=timezone.now())
    before = _answers()
    assert Client().post(f"/a/{link['token']}/", {"answer": "no"}).status_code == 404
    assert _answers() == before


# --- calendar feeds -------------------------------------------------------------------


@pytest.fixture
def feed(club_data):
    return CalendarFeed.objects.create(team=club_data["team"])


def test_calendar_tokens_have_at_least_128_bits(feed):
    assert len(feed.token) >= MIN_TOKEN_CHARS
    assert CalendarFeed.objects.create(team=_another_team(feed)).token != feed.token
    assert Client().get(f"/calendar/{feed.token}.ics").status_code == 200  # control


def _another_team(feed):
    from tests.factories import make_team

    return make_team(feed.team.club)


@pytest.mark.parametrize("how", list(variants("x" * 43)))
def test_calendar_feed_with_an_altered_token_is_refused(feed, how):
    response = Client().get(f"/calendar/{variants(feed.token)[how]}.ics")
    assert response.status_code == 404
    assert "BEGIN:VCALENDAR" not in response.text


def test_calendar_feed_rotated_by_the_coach_kills_the_old_address(feed):
    coach = make_user("cal")
    Coach.objects.create(user=coach, team=feed.team, role=CoachRole.HEAD)
    old = feed.token
    client = Client()
    client.force_login(coach)
    response = client.post(f"/teams/{feed.team.slug}/calendar/", {"action": "rotate"})
    assert response.status_code in (302, 303)
    feed.refresh_from_db()
    assert feed.token != old
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/{feed.token}.ics").status_code == 200


# --- invitations ----------------------------------------------------------------------


@pytest.fixture
def invited(club_data):
    admin = make_user("clubadmin")
    club_data["club"].admins.add(admin)
    invitee = make_user("invitee", email="invitee@example.org")
    invitation, token = invitation_create(
        club=club_data["club"],
        email="invitee@example.org",
        role="head",
        team=club_data["team"],
        by=admin,
    )
    client = Client()
    client.force_login(invitee)
    return {"invitation": invitation, "token": token, "invitee": invitee, "client": client}


def _roles():
    return sorted(Coach.objects.values_list("user_id", "team_id", "role"))


def test_invitation_tokens_have_at_least_128_bits_and_only_their_hash_is_stored(invited):
    assert len(invited["token"]) >= MIN_TOKEN_CHARS
    assert invited["invitation"].token_hash != invited["token"]
    assert Client().get(f"/invitations/{invited['token']}/").status_code == 200  # control


@pytest.mark.parametrize("how", list(variants("x" * 43)))
def test_invitation_with_an_altered_token_is_refused(invited, how):
    bad = variants(invited["token"])[how]
    before = _roles()
    assert 400 <= Client().get(f"/invitations/{bad}/").status_code < 500
    response = invited["client"].post(f"/invitations/{bad}/")
    assert 400 <= response.status_code < 500
    assert _roles() == before


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_invitation_expired_or_revoked_is_refused(invited, state):
    field = {"expired": "expires_at", "revoked": "revoked_at"}[state]
    when = timezone.now() - dt.timedelta(seconds=1)
    Invitation.objects.filter(pk=invited["invitation"].pk).update(**{field: when})
    before = _roles()
    response = invited["client"].post(f"/invitations/{invited['token']}/")
    assert 400 <= response.status_code < 500
    assert _roles() == before


def test_invitation_is_single_use(invited):
    client, url = invited["client"], f"/invitations/{invited['token']}/"
    assert client.post(url).status_code in (302, 303)  # control: accepted once
    after_first = _roles()
    assert (invited["invitee"].pk, invited["invitation"].team_id, "head") in after_first
    # The club later removes the coach; the old link must not bring the role back.
    Coach.objects.filter(user=invited["invitee"]).delete()
    before = _roles()
    response = client.post(url)
    assert response.status_code == 410
    assert "already been used" in response.text
    assert _roles() == before


# --- API tokens -----------------------------------------------------------------------


@pytest.fixture
def api_token(club_data):
    coach = make_user("apicoach")
    Coach.objects.create(user=coach, team=club_data["team"], role=CoachRole.HEAD)
    row, secret = api_token_issue(user=coach, name="phone", by=coach)
    return {"row": row, "secret": secret, "player": club_data["players"][0]}


def _patch_player(secret, player):
    return Client().generic(
        "PATCH",
        f"/api/v1/players/{player.pk}/",
        json.dumps({"name": "Pwned"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_api_tokens_have_at_least_128_bits_and_only_their_hash_is_stored(api_token):
    secret = api_token["secret"]
    assert len(secret) >= MIN_TOKEN_CHARS
    assert not ApiToken.objects.filter(token_hash=secret).exists()
    assert _patch_player(secret, api_token["player"]).status_code == 200  # control


@pytest.mark.parametrize("how", list(variants("x" * 43)))
def test_api_token_altered_is_refused_with_401(api_token, how):
    player = api_token["player"]
    response = _patch_player(variants(api_token["secret"])[how], player)
    assert response.status_code == 401
    player.refresh_from_db()
    assert player.name != "Pwned"


def test_api_token_revoked_is_refused(api_token):
    owner = Client()
    owner.force_login(api_token["row"].user)
    owner.post("/api/tokens/", {"revoke": str(api_token["row"].pk)})
    assert not ApiToken.objects.filter(pk=api_token["row"].pk).exists()
    player = api_token["player"]
    assert _patch_player(api_token["secret"], player).status_code == 401
    player.refresh_from_db()
    assert player.name != "Pwned"


# --- password reset -------------------------------------------------------------------


@pytest.fixture
def reset(club_data):
    user = make_user("resetme")
    Client().post("/accounts/password/reset/", {"email": "resetme@example.org"})
    run_tasks()
    return {"user": user, "url": link_in(mail.outbox[-1], "/accounts/password/reset/key/")}


NEW = "another long passphrase 43"


def _try_reset(url: str) -> Client:
    client = Client()
    response = client.get(url)
    form_url = response["Location"] if response.status_code in (302, 303) else url
    client.post(form_url, {"password1": NEW, "password2": NEW})
    return client


def _refused_reset_page(url: str):
    response = Client().get(url, follow=True)
    # allauth's page, answered with 400 (accounts/views.py, PasswordResetFromKeyView).
    assert response.status_code == 400
    assert "The password reset link was invalid" in response.text
    assert 'name="password1"' not in response.text
    return response


def test_password_reset_link_altered_is_refused(reset):
    path = reset["url"].split("://", 1)[1].split("/", 1)[1].rstrip("/")
    base, key = path.rsplit("-", 1)
    for bad in (tampered(key), truncated(key)):
        url = f"/{base}-{bad}/"
        _refused_reset_page(url)
        _try_reset(url)
    reset["user"].refresh_from_db()
    assert reset["user"].check_password(PASSWORD)


def test_password_reset_link_expired_is_refused(reset, settings):
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is older than the timeout
    _refused_reset_page(reset["url"])
    _try_reset(reset["url"])
    reset["user"].refresh_from_db()
    assert reset["user"].check_password(PASSWORD)


def test_password_reset_link_is_single_use(reset):
    _try_reset(reset["url"])
    reset["user"].refresh_from_db()
    assert reset["user"].check_password(NEW)  # control: the first use works
    reset["user"].set_password(PASSWORD)
    reset["user"].save()
    # A new password changes the hash the token is bound to: the old link is dead.
    _refused_reset_page(reset["url"])
    _try_reset(reset["url"])
    reset["user"].refresh_from_db()
    assert reset["user"].check_password(PASSWORD)


# --- e-mail confirmation ---------------------------------------------------------------


@pytest.fixture
def confirmation():
    client = Client()
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "username": "newcoach",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    run_tasks()
    return link_in(mail.outbox[-1], "/accounts/confirm-email/")


def _verified() -> bool:
    return EmailAddress.objects.get(email="new@example.org").verified


def test_email_confirmation_link_altered_is_refused(confirmation):
    url = confirmation.rstrip("/")
    for bad in (tampered(url), truncated(url)):
        client = Client()
        page = client.get(bad + "/")
        # allauth answers 200 with this message (not a 4xx: see the report to the lead).
        assert "expired or is invalid" in page.text
        client.post(bad + "/")
    assert not _verified()


def test_email_confirmation_link_expired_is_refused(confirmation, settings):
    later = time.time() + 4 * 86400  # the setting says links live 3 days
    with mock.patch("time.time", return_value=later):
        Client().post(confirmation)
    assert not _verified()
    Client().post(confirmation)  # control: the same link, in time, works
    assert _verified()
