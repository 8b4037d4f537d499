"""Keeper policy, allowed keepers, "strongest lineups first", the starting lineup, and the
compliance report after a re-plan — through the settings, the plan page, JSON and CSV."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps

from clubs.models import Coach, CoachRole
from fairplay.models import RotationPlan, RotationSettings
from fairplay.presenters import diagnosis_reason
from fairplay.services import game_rotation, rules_of
from fairplay.tests.test_rotation_pages import url
from tests.factories import make_game, make_player, make_team
from tests.factories import make_user as user

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    # 7-a-side juniors, 8 blocks of 6: the sport presets (junior rules, half-time keeper).
    team = make_team(
        slug="owls",
        name="U09 Owls",
        team_type="junior",
        age_group="U09",
        team_size=7,
        visibility="public",
    )
    ratings = [
        {"GK": 80, "CB": 40},
        {"GK": 70, "ST": 50},
        {"CB": 80},
        {"CB": 75},
        {"CM": 85},
        {"ST": 82},
        {"RM": 78},
        {"LM": 76},
        {"CM": 70, "CB": 60},
    ]
    for number, r in enumerate(ratings, start=1):
        make_player(team, number, f"Kid {number}", ratings=r)
    return team


@pytest.fixture
def coach(team, client):
    person = user("coach")
    Coach.objects.create(user=person, team=team, role=CoachRole.HEAD)
    client.force_login(person)
    return person


def test_a_football_team_changes_its_keeper_at_half_time_by_default(team):
    settings = RotationSettings.for_team(team)
    assert settings.keeper_changes == "half_time"
    assert (settings.periods, settings.period_minutes, settings.preset) == (8, 6, "junior")
    rules = rules_of(settings)
    assert rules.keeper_changes == "half_time" and rules.priority == "fewest_changes"
    basketball = make_team(slug="hoops", sport="basketball", team_size=5)
    assert RotationSettings.for_team(basketball).keeper_changes == "any_period"


def test_the_plan_says_the_keeper_changes_once_at_half_time(client, team):
    game = make_game(team, days=2)
    html = client.get(url(team, game)).content.decode()
    assert "The keeper changes once, at half-time: No. 1, then No. 2." in html or (
        "The keeper changes once, at half-time: No. 2, then No. 1." in html
    )
    data = json.loads(client.get(url(team, game) + "?format=json").content)
    plan = data["plan"]
    assert [(c["after_period"], c["half_time"]) for c in plan["keeper_changes"]] == [(4, True)]
    assert plan["certificate"]["priority"] == "fewest_changes"
    assert plan["certificate"]["fewest_keeper_changes"] is True
    keepers = {p["number"] for p in plan["players"] if "GK" in p["periods"]}
    assert keepers == {1, 2}


def test_a_coach_sets_the_keeper_policy_allowed_keepers_and_strongest_first(client, team, coach):
    kid9 = team.players.get(number=9)
    response = client.post(
        f"/teams/{team.slug}/rotation-settings/",
        {
            "periods": 8,
            "period_minutes": 6,
            "preset": "junior",
            "keeper_changes": "any_period",
            "strongest_first": "on",
            "keepers_allowed": [str(kid9.pk)],
        },
    )
    assert response.status_code == 303
    settings = RotationSettings.objects.get(team=team)
    assert settings.keeper_changes == "any_period" and settings.strongest_first
    assert settings.keepers_allowed == [kid9.pk]
    rules = rules_of(settings)
    assert rules.keepers_allowed == frozenset({str(kid9.pk)})
    assert rules.priority == "strongest_first"
    html = client.get(f"/teams/{team.slug}/rotation-settings/").content.decode()
    assert f'name="keepers_allowed" value="{kid9.pk}"' in html and "checked" in html
    history = client.get(f"/teams/{team.slug}/history/").content.decode()
    assert "keepers_allowed:  → No. 9" in history


def test_the_rotation_starts_with_the_games_starting_lineup(team):
    game = make_game(team, days=2)
    by_number = {p.number: p.pk for p in team.players.all()}
    starting = [by_number[n] for n in (2, 3, 9, 5, 6, 7, 8)]  # GK, CB, CB, CM, ST, RM, LM
    rotation = game_rotation(team, game, starting=starting)
    assert rotation.plan is not None
    assert rotation.plan.grid[0] == tuple(str(k) for k in starting)
    unrated = [by_number[n] for n in (3, 2, 9, 5, 6, 7, 8)]  # No. 3 in goal: no keeper rating
    rotation = game_rotation(team, game, starting=unrated)
    assert rotation.plan is None
    diagnosis = rotation.result.diagnosis
    assert (diagnosis.rule, diagnosis.code) == ("first_period", "not_a_keeper")
    assert diagnosis_reason(diagnosis, rotation.players) == (
        "The starting lineup puts No. 3 in goal, but they are neither rated for goal nor "
        "allowed in it."
    )


def test_after_a_replan_the_injured_player_passes_the_compliance_report(client, team, coach):
    game = make_game(team, days=2)
    client.post(url(team, game), {"action": "save"})
    saved = RotationPlan.objects.get(game=game)
    injured = saved.grid[1][2]  # on the field in period 2
    response = client.post(url(team, game, "replan/"), {"from_period": 2, "out": [injured]})
    assert response.status_code == 303
    newest = RotationPlan.objects.filter(game=game).order_by("-pk").first()
    assert newest.certificate["available"] == {str(injured): [0, 1]}
    data = json.loads(client.get(url(team, game, "compliance/?format=json")).content)
    row = next(p for p in data["players"] if p["id"] == injured)
    assert row["passed"], row
    share = next(c for c in row["checks"] if c["rule"] == "minimum share of the game")
    assert share["limit"] == 6  # half of the 12 minutes they were there for


def test_the_migration_gives_existing_teams_their_sports_keeper_policy(team):
    # The 0002 data step: half-time for football, unless a keeper limit would clash.
    migration = importlib.import_module("fairplay.migrations.0002_keeper_policy")
    plain = RotationSettings.objects.create(team=team, periods=4, period_minutes=10)
    tight = RotationSettings.objects.create(
        team=make_team(slug="tight", sport="football"),
        periods=8,
        period_minutes=6,
        keeper_max_periods=2,
    )
    hoops = RotationSettings.objects.create(
        team=make_team(slug="hoops2", sport="basketball"), periods=8, period_minutes=5
    )
    migration.sport_presets(apps, None)
    for row in (plain, tight, hoops):
        row.refresh_from_db()
    assert (plain.keeper_changes, tight.keeper_changes, hoops.keeper_changes) == (
        "half_time",
        "any_period",
        "any_period",
    )
