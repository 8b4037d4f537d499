"""/api/v1/: every method and status code the issue lists, with the site's permission rules."""

import json

import pytest
from django.test import Client

from api.services import api_token_issue
from clubs.models import Availability, Game, Player, Team
from tests.factories import make_player

pytestmark = pytest.mark.django_db

JSON = "application/json"
PROBLEM = "application/problem+json"


@pytest.fixture
def token(coach):
    return api_token_issue(user=coach, name="tests", by=coach)[1]


@pytest.fixture
def api(token):
    """A client that sends the coach's token."""
    return Client(headers={"Authorization": f"Bearer {token}"})


def body(response):
    return json.loads(response.content)


def send(client, method, path, data=None, **headers):
    return client.generic(
        method,
        path,
        json.dumps(data) if data is not None else "",
        content_type=JSON,
        headers=headers,
    )


# --- Reading ---------------------------------------------------------------------------


def test_lists_are_paged_with_a_bounded_page_size_and_stable_order(client, team):
    for number in range(5, 30):
        make_player(team, number, ratings={"ANY": 50})
    first = body(client.get("/api/v1/players/?team=hawks&page_size=10"))
    assert first["count"] == 29 and len(first["items"]) == 10
    assert [p["number"] for p in first["items"]] == list(range(1, 11))
    assert first["next"] == "/api/v1/players/?page=2&page_size=10&team=hawks"
    second = body(client.get(first["next"]))
    assert [p["number"] for p in second["items"]] == list(range(11, 21))
    too_big = client.get("/api/v1/players/?page_size=1000")
    assert too_big.status_code == 400 and too_big["Content-Type"] == PROBLEM


def test_teams_filter_by_type(client, team, other_team):
    Team.objects.filter(pk=other_team.pk).update(team_type="junior", age_group="U10")
    slugs = [t["slug"] for t in body(client.get("/api/v1/teams/?team_type=junior"))["items"]]
    assert slugs == ["far"]
    bad = client.get("/api/v1/teams/?team_type=toddlers")
    assert bad.status_code == 400
    assert body(bad)["errors"][0]["field"] == "team_type"


def test_get_one_sends_etag_and_last_modified_and_answers_304(client, team):
    first = client.get("/api/v1/teams/hawks/")
    assert first.status_code == 200 and first["Content-Type"].startswith(JSON)
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    again = client.get("/api/v1/teams/hawks/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_a_list_sends_an_etag_answers_304_and_changes_when_the_data_does(client, team):
    first = client.get("/api/v1/teams/")
    assert first.status_code == 200 and first["ETag"].startswith('"')
    again = client.get("/api/v1/teams/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    team.name = "Hawks Renamed"  # saved as every write path saves: the stamps move
    team.save()
    changed = client.get("/api/v1/teams/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_head_has_the_headers_of_get(client, team):
    get, head = client.get("/api/v1/teams/hawks/"), client.head("/api/v1/teams/hawks/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]


def test_options_lists_the_allowed_methods(client, team):
    response = client.options("/api/v1/teams/hawks/")
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"
    assert client.options("/api/v1/teams/")["Allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_methods_an_address_does_not_serve_get_405_with_allow(client, team, method):
    response = client.generic(method, "/api/v1/teams/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND"])
def test_odd_methods_get_405_with_the_apis_own_allow(client, team, method):
    response = client.generic(method, "/api/v1/teams/hawks/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"


def test_the_api_root_leads_to_the_docs_and_the_schema_is_read_only(client):
    assert client.get("/api/v1/")["Location"] == "/api/v1/docs/"
    assert client.put("/api/v1/openapi.json").status_code == 405


@pytest.mark.parametrize(
    ("method", "path", "target"),
    [
        ("POST", "/api/v1/teams", "/api/v1/teams/"),
        ("PUT", "/api/v1/teams/hawks", "/api/v1/teams/hawks/"),
        ("PATCH", "/api/v1/teams/hawks", "/api/v1/teams/hawks/"),
        ("DELETE", "/api/v1/games/1", "/api/v1/games/1/"),
        ("GET", "/api/v1/players?team=hawks", "/api/v1/players/?team=hawks"),
    ],
)
def test_an_address_without_its_slash_is_308_keeping_the_method(api, team, method, path, target):
    response = send(api, method, path, {})
    assert response.status_code == 308
    assert response["Location"] == target
    assert body(response)["detail"] == f"This address ends with a slash: {target}"


def test_a_post_without_the_slash_is_not_lost(api, team):
    data = {"team": "hawks", "opponent": "Slashless", "kickoff": "2030-05-04T10:00:00+01:00"}
    response = api.post("/api/v1/games", json.dumps(data), content_type=JSON, follow=True)
    assert response.status_code == 201
    assert response.redirect_chain == [("/api/v1/games/", 308)]
    assert Game.objects.filter(opponent="Slashless").exists()


def test_an_unknown_address_without_its_slash_is_404(api):
    response = send(api, "POST", "/api/v1/nothing-here", {})
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM


def test_post_on_an_item_is_405(api, team):
    assert send(api, "POST", "/api/v1/teams/hawks/", {}).status_code == 405


def test_unknown_items_are_404_problems(client, team):
    for path in ["/api/v1/teams/nope/", "/api/v1/players/999999/", "/api/v1/games/999999/"]:
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM


def test_the_api_answers_406_to_a_client_that_refuses_json(client, team):
    response = client.get("/api/v1/teams/hawks/", headers={"Accept": "text/html"})
    assert response.status_code == 406


def test_birth_years_only_for_the_teams_coaches(client, api, team):
    Player.objects.filter(team=team, number=1).update(birth_year=2014)
    player = Player.objects.get(team=team, number=1)
    assert body(client.get(f"/api/v1/players/{player.pk}/"))["birth_year"] is None
    assert body(api.get(f"/api/v1/players/{player.pk}/"))["birth_year"] == 2014


def test_a_bad_token_is_401_even_for_reads(client, team):
    response = client.get("/api/v1/teams/", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


# --- The lineup --------------------------------------------------------------------------


def test_the_lineup_is_computed_and_read_only(client, api, team):
    response = client.get("/api/v1/lineups/hawks/3/")
    data = body(response)
    assert response.status_code == 200 and response["ETag"]
    assert sorted(p["number"] for p in data["picks"]) == [2, 3, 4]
    assert data["game"]["opponent"] == "Hillside Rovers"
    assert send(api, "POST", "/api/v1/lineups/hawks/3/", {}).status_code == 405


@pytest.mark.parametrize("size", [0, 31, 5, -1])
def test_the_lineup_rejects_sizes_out_of_range_with_400(client, team, size):
    response = client.get(f"/api/v1/lineups/hawks/{size}/")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert body(response)["errors"][0]["field"] == "size"


# --- Writing -----------------------------------------------------------------------------


def test_post_creates_with_201_and_location(api, team):
    response = send(
        api, "POST", "/api/v1/players/", {"team": "hawks", "name": "New Kid", "number": 12}
    )
    assert response.status_code == 201
    created = body(response)
    assert response["Location"] == f"/api/v1/players/{created['id']}/"
    assert api.get(response["Location"]).status_code == 200


def test_put_replaces_and_patch_changes_only_what_is_sent(api, team):
    player = Player.objects.get(team=team, number=1)
    url = f"/api/v1/players/{player.pk}/"
    put = send(api, "PUT", url, {"name": "Renamed", "number": 41, "positions": {"ANY": 77}})
    assert put.status_code == 200
    assert body(put)["positions"] == {"ANY": 77} and body(put)["fit"] is True
    patch = send(api, "PATCH", url, {"fit": False})
    assert body(patch)["name"] == "Renamed" and body(patch)["fit"] is False
    assert put["ETag"] != patch["ETag"]


def test_delete_is_204_and_the_item_is_gone(api, team):
    game = Game.objects.get(team=team)
    assert send(api, "DELETE", f"/api/v1/games/{game.pk}/").status_code == 204
    assert api.get(f"/api/v1/games/{game.pk}/").status_code == 404


def test_a_stale_if_match_is_412_and_changes_nothing(api, team):
    player = Player.objects.get(team=team, number=1)
    url = f"/api/v1/players/{player.pk}/"
    etag = api.get(url)["ETag"]
    assert send(api, "PATCH", url, {"name": "First coach"}, **{"If-Match": etag}).status_code == 200
    stale = send(api, "PATCH", url, {"name": "Second coach"}, **{"If-Match": etag})
    assert stale.status_code == 412 and stale["Content-Type"] == PROBLEM
    assert Player.objects.get(pk=player.pk).name == "First coach"
    assert send(api, "DELETE", url, **{"If-Match": etag}).status_code == 412
    assert Player.objects.filter(pk=player.pk).exists()


def test_a_stale_if_unmodified_since_is_412(api, team):
    game = Game.objects.get(team=team)
    stale = send(
        api, "PATCH", f"/api/v1/games/{game.pk}/", {"venue": "Elsewhere"},
        **{"If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
    )  # fmt: skip
    assert stale.status_code == 412
    assert Game.objects.get(pk=game.pk).venue == "Riverside Park"


def test_a_body_that_is_not_json_is_415(api, team):
    response = api.post(
        "/api/v1/games/", "team=hawks", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415 and response["Content-Type"] == PROBLEM


def test_malformed_json_is_400(api, team):
    response = api.post("/api/v1/games/", "{not json", content_type=JSON)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM


def test_invalid_values_are_422_with_field_errors(api, team):
    response = send(api, "POST", "/api/v1/players/", {"team": "hawks", "name": "", "number": 100})
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM
    fields = {e["field"] for e in body(response)["errors"]}
    assert fields == {"name", "number"}


def test_the_models_own_rules_are_422_too(api, team):
    taken = send(api, "POST", "/api/v1/players/", {"team": "hawks", "name": "Twin", "number": 1})
    assert taken.status_code == 409 and body(taken)["errors"]
    team.sport = "football"
    team.save(update_fields=["sport"])
    not_football = send(
        api, "POST", "/api/v1/players/",
        {"team": "hawks", "name": "X", "number": 50, "positions": {"XX": 50}},
    )  # fmt: skip
    assert not_football.status_code == 422
    assert body(not_football)["errors"][0]["field"] == "positions.XX"
    assert not Player.objects.filter(number=50).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("fit", 0), ("number", 12.0), ("number", "12"), ("name", 5), ("birth_year", True)],
)
def test_json_types_are_strict(api, team, field, value):
    data = {"team": "hawks", "name": "Strict", "number": 12, field: value}
    response = send(api, "POST", "/api/v1/players/", data)
    assert response.status_code == 422
    assert body(response)["errors"][0]["field"] == field


@pytest.mark.parametrize("payload", ["[]", "[null, null]", '"text"', "5", "null"])
def test_a_body_must_be_a_json_object(api, team, payload):
    player = Player.objects.get(team=team, number=1)
    response = api.patch(f"/api/v1/players/{player.pk}/", payload, content_type=JSON)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM


def test_a_kickoff_must_be_text_with_a_time_zone(api, team):
    for kickoff in (1893456000, "2030-01-01T10:00:00"):
        data = {"team": "hawks", "opponent": "X", "kickoff": kickoff}
        assert send(api, "POST", "/api/v1/games/", data).status_code == 422


def test_too_large_a_body_is_413(api, team):
    response = api.post("/api/v1/games/", json.dumps({"opponent": "x" * 70_000}), content_type=JSON)
    assert response.status_code == 413


def test_writes_need_a_token_or_a_session(client, team):
    data = {"team": "hawks", "opponent": "X", "kickoff": "2030-01-01T10:00:00Z"}
    response = send(client, "POST", "/api/v1/games/", data)
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM


def test_the_session_works_with_its_csrf_token_only(coach, team):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coach)
    data = {"team": "hawks", "opponent": "X", "kickoff": "2030-01-01T10:00:00Z"}
    assert send(browser, "POST", "/api/v1/games/", data).status_code in (401, 403)
    browser.get("/api/tokens/")  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    assert send(browser, "POST", "/api/v1/games/", data, **{"X-CSRFToken": csrf}).status_code == 201


def test_another_clubs_data_is_403_with_the_reason(api, other_team):
    player = Player.objects.get(team=other_team)
    url = f"/api/v1/players/{player.pk}/"
    reason = "Only the coaches of Far and the admins of Far Away FC may change this team."
    patch = send(api, "PATCH", url, {"name": "Hijacked"})
    assert patch.status_code == 403 and body(patch)["detail"] == reason
    assert body(send(api, "DELETE", url))["detail"] == reason
    created = send(api, "POST", "/api/v1/players/", {"team": "far", "name": "Spy", "number": 7})
    assert created.status_code == 403 and created["Content-Type"] == PROBLEM
    assert body(created)["detail"] == reason
    assert Player.objects.get(pk=player.pk).name == "Far Player"


def test_a_body_naming_an_unknown_team_is_422_naming_the_field(api, team):
    response = send(api, "POST", "/api/v1/games/", {"team": "nope", "opponent": "X",
                                                    "kickoff": "2030-01-01T10:00:00Z"})  # fmt: skip
    assert response.status_code == 422
    assert body(response)["errors"] == [
        {"field": "team", "message": "There is no team called “nope”."}
    ]


def test_availability_answers_belong_to_the_games_team(api, team, other_team):
    game = Game.objects.get(team=team)
    mine = Player.objects.get(team=team, number=2)
    foreign = Player.objects.get(team=other_team)
    ok = send(
        api, "POST", "/api/v1/availability/", {"player": mine.pk, "game": game.pk, "answer": "no"}
    )
    assert ok.status_code == 201
    assert 2 not in [p["number"] for p in body(api.get("/api/v1/lineups/hawks/3/"))["picks"]]
    bad = send(
        api,
        "POST",
        "/api/v1/availability/",
        {"player": foreign.pk, "game": game.pk, "answer": "yes"},
    )
    assert bad.status_code == 422
    assert body(bad)["errors"] == [
        {"field": "player", "message": f"Hawks has no player number {foreign.pk}."}
    ]
    again = send(
        api, "POST", "/api/v1/availability/", {"player": mine.pk, "game": game.pk, "answer": "yes"}
    )
    assert again.status_code == 409
    assert Availability.objects.count() == 1


def test_a_club_admin_creates_teams_in_their_club_only(api, coach, team, other_team):
    data = {"club": team.club.slug, "slug": "new-team", "name": "New", "team_type": "senior"}
    refused = send(api, "POST", "/api/v1/teams/", data)
    assert refused.status_code == 403
    assert body(refused)["detail"] == f"Only the admins of {team.club.name} add teams to it."
    team.club.admins.add(coach)
    created = send(api, "POST", "/api/v1/teams/", data)
    assert created.status_code == 201 and created["Location"] == "/api/v1/teams/new-team/"
    foreign = {**data, "club": other_team.club.slug, "slug": "other-new"}
    assert send(api, "POST", "/api/v1/teams/", foreign).status_code == 403


def test_only_a_club_admin_deletes_a_team_or_changes_the_club(api, coach, team):
    etag = api.get("/api/v1/teams/hawks/")["ETag"]
    refused = send(api, "DELETE", "/api/v1/teams/hawks/", **{"If-Match": etag})
    assert refused.status_code == 403
    assert (
        body(refused)["detail"]
        == f"Only the admins of {team.club.name} may delete or restore its teams."
    )
    club = send(api, "PATCH", f"/api/v1/clubs/{team.club.slug}/", {"name": "Mine now"})
    assert club.status_code == 403
    assert body(club)["detail"] == f"Only the admins of {team.club.name} may do this."
    assert Team.objects.filter(pk=team.pk).exists()


def test_the_schema_is_openapi_3_1_and_documents_problems(client):
    schema = body(client.get("/api/v1/openapi.json"))
    assert schema["openapi"].startswith("3.1")
    put = schema["paths"]["/api/v1/players/{pk}/"]["patch"]["responses"]
    assert "application/problem+json" in put["412"]["content"]
    assert {"400", "401", "403", "404", "412", "415", "422"} <= set(put)


def test_the_docs_page_works_offline(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui-bundle" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_a_club_only_team_is_403_on_read_with_the_reason(client, team):
    Team.objects.filter(pk=team.pk).update(visibility="club")
    response = client.get("/api/v1/teams/hawks/")
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    detail = f"Hawks shares its pages with the coaches and admins of {team.club.name} only."
    assert body(response)["detail"] == detail


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/players/9223372036854775808/",
        "/api/v1/games/99999999999999999999999/",
        "/api/v1/availability/?game=31103816100040969027584",
        "/api/v1/availability/?player=-1",
    ],
)
def test_ids_beyond_64_bits_are_400_not_a_database_error(client, team, path):
    response = client.get(path)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM


def test_other_authorization_schemes_are_left_to_the_session(client, team):
    response = client.get("/api/v1/teams/hawks/", headers={"Authorization": "Basic eDp5"})
    assert response.status_code == 200
