"""Two clients PUT with the same ETag at the same moment: the loser gets 412, whichever
check it loses (issue 18: 2–3 of 19 losers got 409 when they passed the ETag check and
lost at the row lock). tests/multinode/ runs 20 such PUTs at once on PostgreSQL."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from api import items
from api.services import api_token_issue
from clubs.models import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(coach):
    _, token = api_token_issue(user=coach, name="race", by=coach)
    return Client(headers={"Authorization": f"Bearer {token}"})


def put(api, etag: str | None, name: str):
    body = {**json.loads(api.get("/api/v1/teams/hawks/").content), "name": name}
    headers = {"If-Match": etag} if etag else {}
    return api.put("/api/v1/teams/hawks/", json.dumps(body), "application/json", headers=headers)


def lose_the_race(monkeypatch):
    """Another writer saves the team right after this request's ETag check passed."""
    check = items.check_preconditions

    def check_then_someone_saves(request, data, obj):
        check(request, data, obj)
        Team.objects.filter(pk=obj.pk).update(version=obj.version + 1, name="Meanwhile")

    monkeypatch.setattr(items, "check_preconditions", check_then_someone_saves)


def test_a_put_with_if_match_that_loses_at_the_row_lock_gets_412(api, team, monkeypatch):
    etag = api.get("/api/v1/teams/hawks/")["ETag"]
    lose_the_race(monkeypatch)
    response = put(api, etag, "Mine")
    assert response.status_code == 412
    assert "changed since you read it" in response.json()["detail"]
    assert Team.objects.get(pk=team.pk).name != "Mine"  # nothing of the loser's was saved


def test_without_if_match_a_lost_race_stays_a_409_conflict(api, team, monkeypatch):
    lose_the_race(monkeypatch)
    assert put(api, None, "Mine").status_code == 409
