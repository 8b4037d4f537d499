"""The rotation pages: the plan, saving and re-planning, print card, compliance, ledger."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from fairplay.models import RotationPlan, RotationSettings
from tests.factories import answer, make_game, make_player, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    # The club chose to show this junior team's pages to everyone (issue 3's visibility).
    team = make_team(
        slug="kestrels",
        name="U09 Kestrels",
        team_type="junior",
        age_group="U09",
        team_size=5,
        visibility="public",
    )
    ratings = [{"GK": 90}, {"CB": 80}, {"CB": 70}, {"CM": 85}, {"ST": 88}, {"GK": 60}, {"CM": 60}]
    for i, r in enumerate(ratings, start=1):
        make_player(team, i, f"Kid {i}", ratings=r)
    RotationSettings.objects.create(
        team=team, periods=4, period_minutes=10, preset="custom", min_share_percent=50
    )
    return team


@pytest.fixture
def game(team):
    return make_game(team, days=2)


@pytest.fixture
def coach(people, client):
    client.force_login(people.head_coach)
    return people.head_coach


def url(team, game, rest: str = "") -> str:
    return f"/teams/{team.slug}/games/{game.pk}/rotation/{rest}"


def test_the_plan_page_states_the_spread_and_that_no_plan_does_better(client, team, game):
    response = client.get(url(team, game))
    assert response.status_code == 200
    html = response.content.decode()
    # 5 places × 40 minutes = 200 player-minutes for 7 players: 20 or 30 each.
    assert "Everyone plays 20 or 30 minutes; no plan can do better." in html
    assert html.count('<th scope="row">') == 7
    assert "After period 1" in html
    assert re.search(
        r"\d+ substitutions? in all; no plan as fair, with as few keeper changes, has fewer\.", html
    )
    # Nos. 1 and 6 are the rated keepers; the keeper changes once.
    assert re.search(r"The keeper changes 1 time, after period \d\.|The keeper changes once", html)
    assert "Save this plan" not in html  # visitors see, coaches save


def test_players_who_said_no_are_left_out_of_the_plan(client, team, game):
    absent = team.players.get(number=7)
    answer(absent, game, "no")
    html = client.get(url(team, game)).content.decode()
    assert "Kid 7 — said no" in html
    # 6 players: 200 / 6 is not a multiple of 10, so 30 or 40.
    assert "Everyone plays 30 or 40 minutes" in html


def test_a_coach_saves_the_plan_and_it_is_shown_as_saved(client, team, game, coach):
    response = client.post(url(team, game), {"action": "save"})
    assert response.status_code == 303
    saved = RotationPlan.objects.get(game=game)
    assert saved.created_by == coach
    assert len(saved.grid) == 4 and all(len(row) == 5 for row in saved.grid)
    html = client.get(url(team, game)).content.decode()
    assert "Rotation plan saved." in html
    assert "Saved plan" in html


def test_visitors_are_sent_to_log_in_and_other_coaches_are_told_why(client, team, game, people):
    visitor = client.post(url(team, game), {"action": "save"})
    assert visitor.status_code == 302 and visitor["Location"].startswith("/accounts/login/")
    settings_page = client.get(f"/teams/{team.slug}/rotation-settings/")
    assert settings_page["Location"] == (
        f"/accounts/login/?next=/teams/{team.slug}/rotation-settings/"
    )
    client.force_login(people.outsider)
    for response in [
        client.post(url(team, game), {"action": "save"}),
        client.get(f"/teams/{team.slug}/rotation-settings/"),
        client.post(url(team, game, "replan/"), {"from_period": 2}),
    ]:
        assert response.status_code == 403
        assert "may change this team" in response.content.decode()
    assert not RotationPlan.objects.exists()


def test_a_coach_changes_the_rules_with_a_preset(client, team, coach):
    kid1 = team.players.get(number=1)
    response = client.post(
        f"/teams/{team.slug}/rotation-settings/",
        {"periods": 6, "period_minutes": 8, "preset": "junior", f"forbid_{kid1.pk}": ["CB"]},
    )
    assert response.status_code == 303
    settings = RotationSettings.objects.get(team=team)
    assert (settings.periods, settings.period_minutes) == (6, 8)
    # The junior preset shares the goal through the keeper policy, not a limit.
    assert settings.max_consecutive_bench == 1 and settings.keeper_max_periods is None
    assert settings.forbidden == {str(kid1.pk): ["CB"]}
    # The page shows the ticked box again, with the player's name as the group's legend.
    html = client.get(f"/teams/{team.slug}/rotation-settings/").content.decode()
    assert f'name="forbid_{kid1.pk}" value="CB"' in html and "checked" in html
    assert f"<legend>{kid1}</legend>" in html


def test_bad_settings_keep_the_typed_values_and_say_why(client, team, coach):
    kid1 = team.players.get(number=1)
    response = client.post(
        f"/teams/{team.slug}/rotation-settings/",
        {
            "periods": 40,
            "period_minutes": 8,
            "preset": "custom",
            f"forbid_{kid1.pk}": ["GK", "XX"],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="40"' in html
    assert "Select a valid choice. XX is not one of the available choices." in html
    assert RotationSettings.objects.filter(team=team, periods=40).count() == 0


def test_rules_that_cannot_hold_name_the_rule_and_show_the_closest_plan(client, team, game):
    RotationSettings.objects.filter(team=team).update(
        preset="custom", keeper_max_periods=1, min_share_percent=None
    )
    # Only two players may keep goal: four periods need four keepers.
    settings = RotationSettings.objects.get(team=team)
    settings.forbidden = {str(p.pk): ["GK"] for p in team.players.exclude(number__in=[1, 6])}
    settings.save()
    html = client.get(url(team, game)).content.decode()
    assert "The rules cannot all hold" in html
    assert "The rule that breaks: periods in goal." in html
    assert "closest plan" in html


def test_the_json_and_csv_variants_carry_the_plan(client, team, game):
    data = json.loads(client.get(url(team, game) + "?format=json").content)
    plan = data["plan"]
    assert plan["certificate"]["status"] == "optimal"
    assert sorted({p["minutes"] for p in plan["players"]}) == [20, 30]
    assert len(plan["substitutions"]) == 3
    first = plan["substitutions"][0]
    assert len(first["on"]) == len(first["off"]) >= 1
    response = client.get(url(team, game) + "?format=csv")
    assert (
        response["Content-Disposition"] == f'attachment; filename="rotation-kestrels-{game.pk}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["number", "name", "period 1", "period 2", "period 3", "period 4", "minutes"]
    assert len(rows) == 1 + 7 + 1 + 4 and rows[8] == []
    notes = [row[1] for row in rows[9:]]
    assert notes[0] == "Everyone plays 20 or 30 minutes; no plan can do better."
    assert notes[1].startswith("The keeper changes") and "substitutions in all" in notes[2]
    keeper = plan["certificate"]["keeper_sentence"]
    assert keeper == notes[1]
    assert [c["half_time"] for c in plan["keeper_changes"]] in ([True], [False])


def test_an_unknown_format_is_a_406_listing_the_formats(client, team, game):
    response = client.get(url(team, game) + "?format=xml")
    assert response.status_code == 406
    assert b"?format=csv" in response.content


def test_the_accept_header_chooses_the_format(client, team, game):
    response = client.get(url(team, game), HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"
    assert "Accept" in response["Vary"]


def test_a_club_only_junior_team_hides_its_rotation_from_outsiders(client, game, team, people):
    team.visibility = "club"
    team.save()
    for rest in ("", "card/", "compliance/", "?format=json"):
        assert client.get(url(team, game, rest)).status_code == 403
    assert client.get(f"/teams/{team.slug}/fairness/").status_code == 403
    client.force_login(people.outsider)
    assert client.get(url(team, game)).status_code == 403


def test_a_club_only_team_is_shown_to_its_coach_and_never_cached_publicly(
    client, game, team, coach
):
    team.visibility = "club"
    team.save()
    response = client.get(url(team, game))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_get_answers_304_when_the_etag_matches(client, team, game):
    first = client.get(url(team, game) + "?format=json")
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(url(team, game) + "?format=json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_csv_cells_that_look_like_formulas_are_neutralised(client, team, game):
    kid = team.players.get(number=2)
    kid.name = "=HYPERLINK(1)"
    kid.save()
    body = client.get(url(team, game) + "?format=csv").content.decode()
    assert "'=HYPERLINK(1)" in body
    assert "\n2,=HYPERLINK" not in body


def test_the_print_card_is_one_page_of_grid_and_substitutions(client, team, game):
    html = client.get(url(team, game, "card/")).content.decode()
    assert "U09 Kestrels v Hillside Rovers" in html
    assert "css/fairplay.css" in html
    assert html.count('<th scope="row">') == 7
    assert "After P1:" in html and " on " in html


def test_the_compliance_report_marks_each_player_pass_or_fail(client, team, game):
    html = client.get(url(team, game, "compliance/")).content.decode()
    assert html.count('class="pass"') == 7
    data = json.loads(client.get(url(team, game, "compliance/?format=json")).content)
    assert all(p["passed"] for p in data["players"])
    assert {c["rule"] for p in data["players"] for c in p["checks"]} == {
        "minimum share of the game",
        "only rated or allowed keepers in goal",  # for the players who kept goal
    }


def test_a_hand_made_plan_that_breaks_a_rule_fails_the_compliance_report(client, team, game):
    keys = list(team.players.order_by("number").values_list("pk", flat=True))
    RotationPlan.objects.create(
        game=game,
        period_minutes=[10, 10, 10, 10],
        slots=[
            ["GK", "goalkeeper"],
            ["CB", "centre back"],
            ["ST", "striker"],
            ["CM", "c"],
            ["CB", "c"],
        ],
        grid=[keys[:5]] * 4,
        squad=keys,
        certificate={"status": "optimal", "spread": 40, "best_spread": 10, "low": 0, "high": 40},
    )
    data = json.loads(client.get(url(team, game, "compliance/?format=json")).content)
    failed = sorted(p["number"] for p in data["players"] if not p["passed"])
    assert failed == [6, 7]


def test_a_coach_replans_after_an_injury_keeping_the_periods_played(client, team, game, coach):
    client.post(url(team, game), {"action": "save"})
    before = RotationPlan.objects.get(game=game)
    injured = before.grid[1][0]
    response = client.post(url(team, game, "replan/"), {"from_period": 2, "out": [injured]})
    assert response.status_code == 303
    after = RotationPlan.objects.filter(game=game).order_by("-pk").first()
    assert after.pk != before.pk
    assert after.grid[:2] == before.grid[:2]
    assert all(injured not in row for row in after.grid[2:])
    assert after.note == "Re-planned from period 3"


def test_a_replan_without_anyone_ticked_is_refused_with_a_message(client, team, game, coach):
    client.post(url(team, game), {"action": "save"})
    response = client.post(url(team, game, "replan/"), {"from_period": 2})
    assert response.status_code == 400
    assert "Tick who can no longer play or who arrived." in response.content.decode()


def test_the_ledger_counts_played_games_and_gives_the_benched_priority(client, team):
    past = make_game(team, days=-7, opponent="Old Mill")
    keys = list(team.players.order_by("number").values_list("pk", flat=True))
    RotationPlan.objects.create(
        game=past,
        period_minutes=[10, 10],
        slots=[
            ["GK", "goalkeeper"],
            ["CB", "centre back"],
            ["CB", "centre back"],
            ["CM", "c"],
            ["ST", "s"],
        ],
        grid=[keys[:5], keys[:5]],
        squad=keys,
        certificate={"status": "optimal", "spread": 20, "best_spread": 20, "low": 0, "high": 20},
    )
    data = json.loads(client.get(f"/teams/{team.slug}/fairness/?format=json").content)
    by_number = {p["number"]: p for p in data["players"]}
    assert by_number[1] == {
        **by_number[1],
        "games": 1,
        "minutes": 20,
        "starts": 1,
        "bench_periods": 0,
        "positions": {"GK": 2},
    }
    assert by_number[7]["bench_periods"] == 2 and by_number[7]["minutes"] == 0
    # Next game: the two who sat all last game get the longer share.
    upcoming = make_game(team, days=3)
    plan = json.loads(client.get(url(team, upcoming) + "?format=json").content)["plan"]
    minutes = {p["number"]: p["minutes"] for p in plan["players"]}
    assert minutes[6] == minutes[7] == 30


def test_the_ledger_chart_escapes_player_names(client, team):
    kid = team.players.get(number=3)
    kid.name = "<script>alert(1)</script>"
    kid.save()
    html = client.get(f"/teams/{team.slug}/fairness/").content.decode()
    assert "<svg" in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unknown_team_or_another_teams_game_is_404(client, team, game):
    other = make_team(slug="other")
    assert client.get(f"/teams/nobody/games/{game.pk}/rotation/").status_code == 404
    assert client.get(url(other, game)).status_code == 404


def test_the_lineup_page_links_to_the_rotation_of_the_next_game(client, team, game):
    html = client.get(f"/best/{team.slug}/5/").content.decode()
    assert f"/teams/kestrels/games/{game.pk}/rotation/" in html


def test_the_demo_club_has_saved_rotations_for_its_junior_games_played(client):
    from django.core.management import call_command

    call_command("demo")
    data = json.loads(client.get("/teams/riverside-u09/fairness/?format=json").content)
    assert max(p["games"] for p in data["players"]) == 6
    assert sum(p["minutes"] for p in data["players"]) == 6 * 7 * 48


def test_a_game_nobody_can_play_says_so_instead_of_failing(client, team, game):
    for player in team.players.all():
        answer(player, game, "no")
    response = client.get(url(team, game))
    assert response.status_code == 200
    assert "Nobody is available for this game yet." in response.content.decode()
    assert client.get(url(team, game, "card/")).status_code == 200
    assert client.get(url(team, game, "compliance/?format=csv")).status_code == 200
    assert json.loads(client.get(url(team, game) + "?format=json").content)["plan"] is None


def test_fewer_players_than_places_plays_a_smaller_side(client, team, game):
    for player in team.players.filter(number__gte=4):
        answer(player, game, "no")
    data = json.loads(client.get(url(team, game) + "?format=json").content)
    assert len(data["plan"]["places"]) == 3
    assert {p["minutes"] for p in data["plan"]["players"]} == {40}


def test_a_sport_without_positions_gets_a_plan_of_open_places(client):
    team = make_team(slug="ultimate", sport="generic", team_size=3)
    for i in range(1, 6):
        make_player(team, i)
    game = make_game(team)
    html = client.get(url(team, game)).content.decode()
    assert "Everyone plays" in html and "no plan can do better." in html


def test_head_is_answered_like_get_without_a_body(client, team, game):
    response = client.head(url(team, game))
    assert response.status_code == 200
    assert response.content == b""


def test_a_squad_past_the_planners_bounds_is_explained_not_a_500(client):
    team = make_team(slug="huge", sport="generic", team_size=3)
    for i in range(1, 46):
        make_player(team, i)
    game = make_game(team)
    response = client.get(url(team, game))
    assert response.status_code == 200
    assert "The planner cannot take this game:" in response.content.decode()
    assert "it plans at most 40 available players" in response.content.decode()


def test_when_rules_cannot_hold_the_compliance_report_shows_who_breaks_them(client, team, game):
    RotationSettings.objects.filter(team=team).update(min_share_percent=90)
    data = json.loads(client.get(url(team, game, "compliance/?format=json")).content)
    assert data["players"]
    assert any(not p["passed"] for p in data["players"])
    html = client.get(url(team, game, "compliance/")).content.decode()
    assert "No plan keeps every rule; checked against the closest plan." in html


@pytest.mark.parametrize("rest", ["", "card/", "compliance/", "compliance/?format=csv"])
def test_the_html_and_csv_pages_answer_304_to_their_own_etag(client, team, game, rest):
    first = client.get(url(team, game, rest))
    again = client.get(url(team, game, rest), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_ledger_answers_304_and_a_changed_ledger_a_new_etag(client, team):
    first = client.get(f"/teams/{team.slug}/fairness/?format=json")
    assert (
        client.get(
            f"/teams/{team.slug}/fairness/?format=json", HTTP_IF_NONE_MATCH=first["ETag"]
        ).status_code
        == 304
    )
    past = make_game(team, days=-3)
    keys = list(team.players.order_by("number").values_list("pk", flat=True))
    RotationPlan.objects.create(
        game=past,
        period_minutes=[10],
        slots=[["GK", "goalkeeper"]],
        grid=[keys[:1]],
        squad=keys,
        certificate={"status": "optimal", "spread": 10, "best_spread": 10, "low": 0, "high": 10},
    )
    changed = client.get(
        f"/teams/{team.slug}/fairness/?format=json", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def history(client, team) -> str:
    response = client.get(f"/teams/{team.slug}/history/")
    assert response.status_code == 200
    return response.content.decode()


def test_saving_and_replanning_a_plan_show_on_the_teams_history(client, team, game, coach):
    client.post(url(team, game), {"action": "save"})
    injured = RotationPlan.objects.get(game=game).grid[1][0]
    client.post(url(team, game, "replan/"), {"from_period": 2, "out": [injured]})
    html = history(client, team)
    assert html.count(f"<strong>{coach}</strong> saved the rotation plan for U09 Kestrels v") == 2
    assert "Re-planned from period 3" in html


def test_changed_rotation_settings_show_on_the_history_rule_by_rule(client, team, coach):
    kid1 = team.players.get(number=1)
    data = {"periods": 6, "period_minutes": 8, "preset": "junior", f"forbid_{kid1.pk}": ["CB"]}
    client.post(f"/teams/{team.slug}/rotation-settings/", data)
    html = history(client, team)
    assert f"<strong>{coach}</strong> changed the rotation settings" in html
    assert "periods: 4 → 6" in html and "period_minutes: 10 → 8" in html
    assert "No. 1: CB" in html
    client.post(f"/teams/{team.slug}/rotation-settings/", data)
    assert history(client, team).count("changed the rotation settings") == 1


def test_refused_rotation_settings_leave_no_trace_in_the_history(client, team, coach):
    data = {"periods": 40, "period_minutes": 8, "preset": "custom"}
    assert client.post(f"/teams/{team.slug}/rotation-settings/", data).status_code == 400
    assert "changed the rotation settings" not in history(client, team)


def test_a_refused_position_keeps_the_positions_section_open_with_the_error(client, team, coach):
    kid1 = team.players.get(number=1)
    response = client.post(
        f"/teams/{team.slug}/rotation-settings/",
        {"periods": 4, "period_minutes": 10, "preset": "custom", f"forbid_{kid1.pk}": ["XX"]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<details class="forbidden-positions" open>' in html
    assert "XX is not one of the available choices." in html


def test_saving_the_periods_keeps_the_game_length_in_step(db):
    from clubs.models import Team
    from fairplay.models import RotationSettings
    from fairplay.services import rotation_settings_save
    from tests.factories import make_team

    team = make_team(sport="football", team_size=7, team_type="junior", age_group="U09")
    settings = RotationSettings.for_team(team)
    settings.periods, settings.period_minutes = 2, 25
    rotation_settings_save(settings=settings, by=None)
    team = Team.objects.get(pk=team.pk)
    assert team.game_minutes == 2 * 25 + 15
