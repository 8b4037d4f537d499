"""The audit trail and the answer links in the Django admin: staff can read, nobody edits."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from clubs.models import AnswerLink, AuditEvent
from tests.factories import make_club, make_game, make_player, make_team, make_user

pytestmark = pytest.mark.django_db

TOKEN_HASH = hashlib.sha256(b"a secret answer token").hexdigest()


@pytest.fixture
def staff_client() -> Client:
    user = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def records():
    club, other_club = make_club("Riverside"), make_club("Hillside")
    team, other_team = make_team(club, name="Reds"), make_team(other_club, name="Blues")
    for action, on_team, summary in [
        ("create", team, "Added No. 7 Ana Wing"),
        ("retire", team, "Retired No. 9 Sid Striker"),
        ("create", other_team, "Added No. 4 Bo Back"),
    ]:
        AuditEvent.objects.create(
            actor_name="Coach Carter",
            club=on_team.club,
            team=on_team,
            object_type="player",
            action=action,
            summary=summary,
        )
    game = make_game(team)
    link = AnswerLink.objects.create(
        player=make_player(team, 7, "Ana Wing"),
        game=game,
        token_hash=TOKEN_HASH,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    return {"club": club, "team": team, "link": link}


def test_staff_list_the_audit_trail(staff_client, records):
    page = staff_client.get("/admin/clubs/auditevent/")
    assert page.status_code == 200
    for summary in ("Added No. 7 Ana Wing", "Retired No. 9 Sid Striker", "Added No. 4 Bo Back"):
        assert summary in page.text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("action__exact=retire", "Retired No. 9", "Added No. 7"),
        ("club__id__exact={club}", "Added No. 7", "Added No. 4"),
        ("team__id__exact={team}", "Retired No. 9", "Added No. 4"),
        ("q=Bo+Back", "Added No. 4", "Added No. 7"),
    ],
)
def test_the_audit_trail_filters_by_club_team_action_and_search(
    staff_client, records, query, shown, hidden
):
    query = query.format(club=records["club"].pk, team=records["team"].pk)
    page = staff_client.get(f"/admin/clubs/auditevent/?{query}")
    assert page.status_code == 200
    assert shown in page.text
    assert hidden not in page.text


@pytest.mark.parametrize("model", ["auditevent", "answerlink"])
def test_nobody_adds_changes_or_deletes_these_records_in_the_admin(staff_client, records, model):
    pk = AuditEvent.objects.first().pk if model == "auditevent" else records["link"].pk
    listing = staff_client.get(f"/admin/clubs/{model}/")
    assert f"/admin/clubs/{model}/add/" not in listing.text
    assert staff_client.get(f"/admin/clubs/{model}/add/").status_code == 403
    assert staff_client.get(f"/admin/clubs/{model}/{pk}/change/").status_code == 200  # view only
    assert staff_client.post(f"/admin/clubs/{model}/{pk}/change/", {}).status_code == 403
    assert (
        staff_client.post(f"/admin/clubs/{model}/{pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert AuditEvent.objects.count() == 3 and AnswerLink.objects.count() == 1


def test_answer_links_are_listed_without_their_token_hash(staff_client, records):
    link = records["link"]
    listing = staff_client.get("/admin/clubs/answerlink/")
    assert listing.status_code == 200
    assert "Ana Wing" in listing.text
    detail = staff_client.get(f"/admin/clubs/answerlink/{link.pk}/change/")
    for page in (listing, detail):
        assert TOKEN_HASH not in page.text
