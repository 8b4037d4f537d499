"""IDOR: every persona tries the other club's objects, by id and by slug, through every
HTML write URL and the JSON API — and is refused, with the database unchanged.

Routes are discovered from the URL resolver (route and regex patterns alike), so a
new page with a ``slug``/``pk`` parameter is attacked too. A route a stranger may
read on a public team must be listed in ``PUBLIC_READ``; everything else counts as
a write (or club-only) page, where a stranger must get 403/404/405 (anonymous
visitors: a redirect to the login page).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from accounts.models import Invitation
from accounts.services import invitation_create
from api.models import ApiToken
from api.services import api_token_issue
from clubs import services
from clubs.models import (
    AnswerLink,
    AuditEvent,
    Availability,
    CalendarFeed,
    Club,
    Coach,
    CoachRole,
    Game,
    Player,
    PlayerPosition,
    Team,
)
from tests.factories import answer, make_club, make_game, make_player, make_team, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]

#: Routes a stranger may GET on a *public* team (read-only pages). Any other route
#: with a team, player, game, club or invitation in its path is a write page or a
#: club-only page: a stranger must be refused there even for a public team.
PUBLIC_READ = {
    "clubs:best_team_or_type",
    "clubs:best_lineup",
    "clubs:best_lineup_card",
    "clubs:game_lineup",
    "clubs:game_lineup_card",
    "clubs:team_detail",
    "clubs:team_roster",
    "clubs:team_fixtures",
    "clubs:csv_export",
    "fairplay:ledger",
    "fairplay:plan",
    "fairplay:card",
    "fairplay:compliance",
    "accounts:club",
}

#: Path parameters whose value is a secret token: attacked in test_tokens.py instead.
TOKEN_PARAMS = {"token"}

#: Plausible form data, so a view that forgot its permission check would save it.
FORM = {
    "name": "Pwned",
    "slug": "pwned",
    "opponent": "Pwned FC",
    "number": "99",
    "kickoff": "2030-01-01T10:00",
    "venue": "Nowhere",
    "home_away": "home",
    "team_type": "senior",
    "sport": "generic",
    "team_size": "5",
    "answer": "no",
    "email": "attacker@example.org",
    "role": "admin",
    "display_name": "Pwned",
    "version": "1",
    "visibility": "public",
}


# --- the world: two clubs -------------------------------------------------------------


def _club(tag: str) -> dict[str, Any]:
    club = make_club(f"Club {tag}")
    junior = make_team(
        club, slug=f"{tag}-juniors", name=f"{tag} U10", team_type="junior", age_group="U10"
    )
    senior = make_team(club, slug=f"{tag}-seniors", name=f"{tag} Seniors", sport="generic")
    assert not junior.is_public and senior.is_public
    users = {role: make_user(f"{tag}-{role}") for role in ("head", "assistant", "admin")}
    for team in (junior, senior):
        Coach.objects.create(user=users["head"], team=team, role=CoachRole.HEAD)
        Coach.objects.create(user=users["assistant"], team=team, role=CoachRole.ASSISTANT)
    club.admins.add(users["admin"])
    objects: dict[str, Any] = {"club": club, "users": users, "teams": {}}
    for team in (junior, senior):
        players = [make_player(team, n, f"{tag} Kid {n}", ratings={"ANY": 60}) for n in (1, 2)]
        game = make_game(team)
        availability = answer(players[0], game, "yes")
        link_token = services.answer_link_create(player=players[0], game=game)
        feed = CalendarFeed.objects.create(team=team)
        invitation, invitation_token = invitation_create(
            club=club,
            email=f"new-{team.slug}@example.org",
            role="head",
            team=team,
            by=users["admin"],
        )
        objects["teams"][team.team_type] = {
            "team": team,
            "players": players,
            "game": game,
            "availability": availability,
            "link_token": link_token,
            "feed": feed,
            "invitation": invitation,
            "invitation_token": invitation_token,
        }
    head = users["head"]
    objects["api_token"] = api_token_issue(user=head, name=f"{tag} token", by=head)
    return objects


@pytest.fixture
def world(db) -> dict[str, Any]:
    outsider = make_user("outsider")
    return {
        "a": _club("a"),
        "b": _club("b"),
        "outsider": outsider,
    }


@dataclass(frozen=True)
class Persona:
    name: str
    home: str | None  # the club the persona belongs to ("a", "b" or none)
    target: str  # the club whose objects it attacks


PERSONAS = [
    Persona("anonymous", None, "b"),
    Persona("outsider", None, "b"),
    Persona("head", "a", "b"),
    Persona("assistant", "a", "b"),
    Persona("admin", "a", "b"),
    Persona("head", "b", "a"),
]


def client_for(world: dict[str, Any], persona: Persona) -> Client:
    client = Client()
    if persona.name == "outsider":
        client.force_login(world["outsider"])
    elif persona.home is not None:
        client.force_login(world[persona.home]["users"][persona.name])
    return client


# --- the database snapshot ------------------------------------------------------------

SNAPSHOT_MODELS = [
    Club,
    Team,
    Coach,
    Player,
    PlayerPosition,
    Game,
    Availability,
    AnswerLink,
    AuditEvent,
    CalendarFeed,
    Invitation,
]


def snapshot() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    rows: dict[str, Any] = {
        model.__name__: sorted(map(repr, model.objects.values())) for model in SNAPSHOT_MODELS
    }
    rows["admins"] = sorted(Club.admins.through.objects.values_list("club_id", "user_id"))
    rows["users"] = sorted(
        get_user_model().objects.values_list(
            "pk", "username", "email", "display_name", "is_staff", "is_superuser", "is_active"
        )
    )
    # last_used_at moves on every Bearer request; which tokens exist must not.
    rows["tokens"] = sorted(ApiToken.objects.values_list("pk", "user_id", "name", "token_hash"))
    return rows


# --- routes ---------------------------------------------------------------------------


def _walk(patterns: list, namespace: str = "") -> Iterator[tuple[str, list[str]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin/", "accounts/")):
                continue  # the admin (staff only) and allauth (no object ids in paths)
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            if isinstance(entry.pattern, RoutePattern):
                names = list(entry.pattern.converters)
            elif isinstance(entry.pattern, RegexPattern):
                names = list(entry.pattern.regex.groupindex)
            else:  # pragma: no cover
                continue
            if names:
                yield namespace + entry.name, names


def object_routes() -> list[tuple[str, list[str]]]:
    """Every named route whose path names an object (and no secret token)."""
    found = sorted(
        set((name, tuple(params)) for name, params in _walk(get_resolver().url_patterns))
    )
    return [
        (name, list(params))
        for name, params in found
        if not TOKEN_PARAMS & set(params) and ":api-v1:" not in name  # the API: attacked below
    ]


def urls_against(world: dict[str, Any], persona: Persona) -> list[tuple[str, str, bool]]:
    """(route name, URL, public-read-allowed) for each route × each of the target's objects.

    For coaches the own team's slug is also combined with the other club's ids
    (``/teams/<mine>/players/<theirs>/edit/``): the classic IDOR.
    """
    target = world[persona.target]
    own_slugs = [world[persona.home]["teams"]["senior"]["team"].slug] if persona.home else []
    result = []
    for name, params in object_routes():
        for kind, objs in target["teams"].items():
            team = objs["team"]
            ids_in_path = {"pk", "game_id"} & set(params) and "slug" in params
            mixable = ids_in_path and not name.startswith("accounts:")
            slug_choices = [team.slug] + (own_slugs if mixable else [])
            for slug in slug_choices:
                kwargs_list = _kwargs(name, params, world, persona, objs, slug)
                for kwargs in kwargs_list:
                    try:
                        url = reverse(name, kwargs=kwargs)
                    except Exception as error:  # a route the filler cannot build is a test bug
                        raise AssertionError(f"cannot build {name} with {kwargs}") from error
                    mixed = slug != team.slug
                    allowed = name in PUBLIC_READ and kind == "senior" and not mixed
                    result.append((name, url, allowed))
    return sorted(set(result))


def _kwargs(name, params, world, persona, objs, slug) -> list[dict[str, str]]:
    team, club = objs["team"], objs["team"].club
    values: dict[str, list[str]] = {}
    for param in params:
        if param == "slug":
            values[param] = [club.slug] if name.startswith("accounts:") else [slug]
        elif param in ("team_or_type", "team"):
            values[param] = [team.slug]
        elif param == "size":
            values[param] = [str(team.team_size)]
        elif param == "kind":
            values[param] = ["roster", "fixtures"]
        elif param == "username":
            # someone else's profile: the target club's head coach
            values[param] = [world[persona.target]["users"]["head"].username]
        elif param == "game_id":
            values[param] = [str(objs["game"].pk)]
        elif param == "pk":
            if "invitation" in name:
                values[param] = [str(objs["invitation"].pk)]
            elif "player" in name:
                values[param] = [str(p.pk) for p in objs["players"]]
            else:
                values[param] = [str(objs["game"].pk)]
        else:
            raise AssertionError(f"route {name}: no attack value for parameter {param!r}")
    combos: list[dict[str, str]] = [{}]
    for param, choices in values.items():
        combos = [{**c, param: v} for c in combos for v in choices]
    return combos


def refused(response, persona: Persona) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if persona.name == "anonymous" and response.status_code in (302, 303):
        return response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    return False


# --- the attacks: HTML ----------------------------------------------------------------


def test_route_discovery_finds_the_write_pages():
    names = {name for name, _ in object_routes()}
    for expected in (
        "clubs:player_edit",
        "clubs:game_edit",
        "clubs:team_edit",
        "clubs:csv_import",
        "accounts:invitation_revoke",
        "clubs:calendar_manage",
        "fairplay:settings",
        "accounts:profile_edit",
    ):
        assert expected in names


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: f"{p.home or 'none'}-{p.name}")
def test_html_pages_of_the_other_club_refuse_every_persona(world, persona):
    client = client_for(world, persona)
    before = snapshot()
    failures = []
    for name, url, public_read in urls_against(world, persona):
        if name == "accounts:profile":
            continue  # profiles are meant to be seen (their edit page is attacked)
        get = client.get(url)
        if not public_read and not refused(get, persona):
            failures.append(f"GET {url} ({name}) → {get.status_code}")
        post = client.post(url, FORM)
        if not refused(post, persona):
            failures.append(f"POST {url} ({name}) → {post.status_code}")
    assert not failures, "\n".join(failures)
    assert snapshot() == before


# --- the attacks: JSON API ------------------------------------------------------------


def api_targets(club: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    """(path, PUT body, readable by strangers) for each object of ``club``."""
    targets = [(f"/api/v1/clubs/{club['club'].slug}/", {"slug": "pwned", "name": "Pwned"}, True)]
    for kind, objs in club["teams"].items():
        public = kind == "senior"
        team = objs["team"]
        targets.append(
            (
                f"/api/v1/teams/{team.slug}/",
                {
                    "club": club["club"].slug,
                    "slug": "pwned",
                    "name": "Pwned",
                    "team_type": "senior",
                },
                public,
            )
        )
        for player in objs["players"]:
            targets.append(
                (f"/api/v1/players/{player.pk}/", {"name": "Pwned", "number": 99}, public)
            )
        targets.append(
            (
                f"/api/v1/games/{objs['game'].pk}/",
                {"opponent": "Pwned", "kickoff": "2030-01-01T10:00:00Z"},
                public,
            )
        )
        targets.append(
            (f"/api/v1/availability/{objs['availability'].pk}/", {"answer": "no"}, public)
        )
    return targets


def _api_attack(client: Client, target: dict[str, Any], headers: dict[str, str]) -> list[str]:
    failures = []
    for path, body, readable in api_targets(target):
        get = client.get(path, headers=headers)
        if not readable and get.status_code not in (401, 403, 404):
            failures.append(f"GET {path} → {get.status_code}")
        for method in ("PUT", "PATCH", "DELETE"):
            data = "" if method == "DELETE" else json.dumps(body)
            response = client.generic(
                method, path, data, content_type="application/json", headers=headers
            )
            if response.status_code not in (401, 403, 404):
                failures.append(f"{method} {path} → {response.status_code}")
    return failures


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: f"{p.home or 'none'}-{p.name}")
def test_api_objects_of_the_other_club_refuse_session_personas(world, persona):
    client = client_for(world, persona)
    before = snapshot()
    failures = _api_attack(client, world[persona.target], {})
    assert not failures, "\n".join(failures)
    assert snapshot() == before


def test_api_objects_of_club_a_refuse_club_b_coachs_bearer_token(world):
    _row, secret = world["b"]["api_token"]
    headers = {"Authorization": f"Bearer {secret}"}
    client = Client()
    assert client.get("/api/v1/teams/b-juniors/", headers=headers).status_code == 200
    before = snapshot()
    failures = _api_attack(client, world["a"], headers)
    assert not failures, "\n".join(failures)
    assert snapshot() == before


def test_own_club_coach_can_edit_so_the_refusals_above_are_not_blanket(world):
    """The same requests succeed for the right persona: the attacks can fail."""
    client = Client()
    client.force_login(world["a"]["users"]["head"])
    player = world["a"]["teams"]["junior"]["players"][1]
    edit = reverse("clubs:player_edit", kwargs={"slug": "a-juniors", "pk": player.pk})
    assert client.get(edit).status_code == 200
    response = client.generic(
        "PATCH",
        f"/api/v1/players/{player.pk}/",
        json.dumps({"name": "Renamed"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    player.refresh_from_db()
    assert player.name == "Renamed"


def test_api_token_revocation_only_reaches_ones_own_tokens(world):
    row, secret = world["a"]["api_token"]
    client = Client()
    client.force_login(world["b"]["users"]["head"])
    response = client.post(reverse("api:tokens"), {"revoke": str(row.pk)})
    assert response.status_code in (302, 303)
    assert ApiToken.objects.filter(pk=row.pk).exists()
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/teams/a-juniors/").status_code == 200


# --- the attacks: JSON API lists (filters by the other club's ids) --------------------


def _list_leaks(client: Client, target: dict[str, Any], headers: dict[str, str]) -> list[str]:
    """Club-only rows of ``target`` (and birth years of any of its players) in list answers."""
    junior = target["teams"]["junior"]
    secret_players = {p.pk for p in junior["players"]}
    secret_games = {junior["game"].pk}
    all_players = [p for objs in target["teams"].values() for p in objs["players"]]
    for player in all_players:
        Player.objects.filter(pk=player.pk).update(birth_year=2016)
    queries = [
        f"?team={junior['team'].slug}",
        f"?game={junior['game'].pk}",
        f"?player={junior['players'][0].pk}",
        "?page_size=100",
    ]
    leaks = []
    for query in queries:
        for kind in ("players", "games", "availability"):
            response = client.get(f"/api/v1/{kind}/{query}", headers=headers)
            if response.status_code >= 400:
                continue  # refusing the filter is fine too
            for item in response.json()["items"]:
                if kind == "players" and (
                    item["id"] in secret_players or item.get("birth_year") is not None
                ):
                    leaks.append(f"{kind}{query}: {item}")
                if kind == "games" and item["id"] in secret_games:
                    leaks.append(f"{kind}{query}: {item}")
                if kind == "availability" and (
                    item["player"] in secret_players or item["game"] in secret_games
                ):
                    leaks.append(f"{kind}{query}: {item}")
    teams = client.get("/api/v1/teams/?page_size=100", headers=headers).json()["items"]
    if junior["team"].slug in {team["slug"] for team in teams}:
        leaks.append(f"teams: {junior['team'].slug}")
    lineup = f"/api/v1/lineups/{junior['team'].slug}/{junior['team'].team_size}/"
    if client.get(lineup, headers=headers).status_code not in (401, 403, 404):
        leaks.append(f"GET {lineup}")
    return leaks


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: f"{p.home or 'none'}-{p.name}")
def test_api_lists_hide_the_other_clubs_club_only_rows_and_birth_years(world, persona):
    leaks = _list_leaks(client_for(world, persona), world[persona.target], {})
    assert not leaks, "\n".join(leaks)


def test_api_lists_hide_club_a_rows_from_club_b_coachs_bearer_token(world):
    _row, secret = world["b"]["api_token"]
    leaks = _list_leaks(Client(), world["a"], {"Authorization": f"Bearer {secret}"})
    assert not leaks, "\n".join(leaks)


def test_api_lists_show_the_own_clubs_club_only_rows(world):
    """Control for the list attacks: the club's own coach does see the junior squad."""
    client = Client()
    client.force_login(world["a"]["users"]["head"])
    items = client.get("/api/v1/players/?team=a-juniors").json()["items"]
    assert {item["id"] for item in items} == {
        p.pk for p in world["a"]["teams"]["junior"]["players"]
    }
