"""Minors' privacy, attacked: scrape every public representation of a junior team.

An anonymous visitor, a parent holding only an answer link and a signed-in coach of
another club walk every route the URL resolver knows (filled with the junior team's
slug, games, players and secret links), every query a list offers, and every link
each HTML page offers to another format of itself (JSON, CSV, PDF, the card, the
calendar). In the raw bytes of each HTML, JSON, CSV and iCalendar answer, and in
the text of each PDF, they must find no surname, no rating, no comparison with a
team-mate, no word about health, no birth year and no reason for being out
(``clubs.privacy``, ``docs/privacy.md``). The club's own coaches still see it all.

New pages are scraped as soon as their route exists. A page behind a secret link
is one line in ``SECRET_LINKS`` (the share page ``/s/<token>/`` goes there).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from itertools import product
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from pypdf import PdfReader

from clubs import services
from clubs.models import Availability, CalendarFeed, Game, Player, Team
from clubs.privacy import initial_name, public_names
from clubs.sharing import share_token
from tests.factories import answer, make_club, make_game, make_player, make_team
from tests.personas import People

from .urls import params, routes

SURNAMES = ["Quillfeather", "Quartermaine", "Vandersloot", "Okonkwo-Brandt", "Lindqvist"]
BORN = 2017
SQUAD = [
    # number, name, ratings (distinct, so a leaked one can be told apart)
    (1, "Emma Quillfeather", {"GK": 83}),
    (2, "Emma Quartermaine", {"CB": 77, "LB": 64}),  # also "Emma Q.": numbers tell them apart
    (3, "Noah Vandersloot", {"CB": 71, "RB": 69}),
    (4, "Ada Okonkwo-Brandt", {"CM": 88, "CB": 74}),
    (5, "Liam Lindqvist", {"ST": 91, "CM": 62}),
    (6, "Mia Quillfeather", {"CM": 58, "ST": 57}),
    (7, "Zoe Vandersloot", {"LB": 66, "CM": 61}),
    (8, "Finn Okonkwo-Brandt", {"GK": 54, "RB": 59}),
    (9, "Ida Lindqvist", {"ST": 73, "CB": 52}),
]

#: Pages behind a secret link: the route's first segment → how to get a live token for
#: the junior team's next game. The share page (``s/<token>/``) is one more line here.
SECRET_LINKS: dict[str, Callable[[Team, Game, People], str]] = {
    "a": lambda team, game, people: people.parent.link.split("/")[2],
    "calendar": lambda team, game, people: CalendarFeed.objects.get(team=team).token,
    "s": lambda team, game, people: share_token(
        services.game_share_create(game=game, by=people.head_coach)
    ),
}

#: Routes that describe the site, not any team: the API's schema and its reader.
NOT_DATA = {"api/v1/openapi.json", "api/v1/docs/"}

#: Queries every list answers to: a filter on a field outsiders may not see must not
#: tell them who is injured.
QUERIES = ["", "?team={slug}", "?fit=false", "?fit=true", "?team={slug}&fit=false"]

POSITIONS = "GK|CB|LB|RB|CM|LM|RM|DM|AM|ST|LW|RW|CF|ANY"
FORBIDDEN = [
    (re.compile("|".join(SURNAMES).encode(), re.I), "a surname"),
    (re.compile(rb"\b%d\b" % BORN), "a birth year"),
    (re.compile(rb"\brated\s*\d|rating\W{0,4}\d", re.I), "a rating"),
    (re.compile(rb"\b(%s)\s?(:|\(|\"\s?:)\s?\d" % POSITIONS.encode()), "a position's rating"),
    (re.compile(rb"stronger|needed more|best rating|swapping", re.I), "a comparison"),
    (
        re.compile(rb"injur|\bill\b|\bunfit\b|fit to play|\"fit\"\s?:\s?(true|false)", re.I),
        "health",
    ),
    (re.compile(rb"said no|left out by the coach", re.I), "a reason for being out"),
]

#: Outsiders: the anonymous scrape runs in the fast tier, the other two with the crawls.
OUTSIDERS = [
    "anonymous",
    pytest.param("parent", marks=pytest.mark.slow),
    pytest.param("outsider", marks=pytest.mark.slow),
]


@pytest.fixture
def team(db) -> Team:
    """A public U09 team: the club chose to publish its lineups."""
    club = make_club("Riverside")
    team = make_team(
        club,
        slug="riverside-u09",
        name="Riverside U09",
        team_type="junior",
        age_group="U09",
        team_size=7,
        visibility="public",
    )
    for number, name, ratings in SQUAD:
        player = make_player(team, number, name, ratings=ratings, fit=number != 9)
        Player.objects.filter(pk=player.pk).update(birth_year=BORN)
    return team


@pytest.fixture
def junior(team: Team, people: People) -> dict[str, object]:
    """The junior team's next game with answers, a calendar feed, and the personas."""
    game = make_game(team, days=4, venue="Riverside Park")
    make_game(team, days=11, opponent="Eastfield")
    players = {p.number: p for p in team.players.all()}
    answer(players[7], game, "no")
    answer(players[6], game, "maybe")
    answer(players[1], game, "yes")
    services.calendar_feed_create(team=team, by=people.head_coach)
    return {"team": team, "game": game, "people": people}


def client_for(role: str, people: People) -> Client:
    if role == "parent":
        client = Client()
        client.get(people.parent.link)  # what a parent holds: the link, no account
        return client
    return people.client(role)


def candidate_paths(team: Team, game: Game, people: People) -> Iterator[str]:
    """Every route, filled in every way that points at the junior team."""
    games = [str(g.pk) for g in team.games.all()]
    players = [str(p.pk) for p in team.players.all()]
    answers = [str(a.pk) for a in Availability.objects.filter(game__team=team)]
    values = {
        "slug": [team.slug],
        "team": [team.slug],
        "team_or_type": [team.slug, "junior"],
        "size": [str(team.team_size), "5"],
        "game_id": games,
        "game": games,
        "pk": games + players + answers,
        "id": games + players + answers,
        "club": [team.club.slug],
    }
    for route in routes():
        names = params(route)
        segment = route.split("/")[0]
        if segment in SECRET_LINKS:
            values_here = {**values, "token": [SECRET_LINKS[segment](team, game, people)]}
        else:
            values_here = values
        if route in NOT_DATA or any(name not in values_here for name in names):
            continue  # another kind of object (a user name, an invitation)
        for combo in product(*(values_here[name] for name in names)):
            path = route
            for name, value in zip(names, combo, strict=True):
                path = re.sub(rf"<(?:[^>:]+:)?{name}>", value, path, count=1)
            queries = QUERIES if not names and path.startswith("api/") else [""]
            for query in queries:
                yield "/" + path + query.format(slug=team.slug)


FORMAT_LINK = re.compile(rb'href="([^"]*(?:[?&](?:amp;)?format=[^"]*|/card/|\.ics))"')


def scrape(client: Client, start: list[str]) -> dict[str, tuple[str, bytes]]:
    """GET each path, then each format link its HTML offers; the public answers only."""
    seen: dict[str, tuple[str, bytes]] = {}
    todo, done = list(start), set()
    while todo:
        path = todo.pop()
        if path in done:
            continue
        done.add(path)
        response = client.get(path)
        if response.status_code != 200:
            continue  # refused (403), not found, a form behind the login page …
        media = response["Content-Type"].split(";")[0]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[path] = (media, body)
        if media == "text/html":
            for link in FORMAT_LINK.findall(body):
                target = urljoin(path, link.decode().replace("&amp;", "&"))
                if urlsplit(target).netloc in ("", "testserver"):
                    parts = urlsplit(target)
                    todo.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def text_of(media: str, body: bytes) -> bytes:
    """What a reader sees: the bytes, or for a PDF the text of its pages."""
    if media == "application/pdf":
        reader = PdfReader(io.BytesIO(body))
        return "\n".join(page.extract_text() for page in reader.pages).encode()
    return body


def leaks(media: str, body: bytes) -> list[str]:
    text = text_of(media, body)
    found = [f"{what}: {m.group(0)!r}" for rx, what in FORBIDDEN if (m := rx.search(text))]
    if media == "text/csv":
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        found += [f"fitness in CSV: {r['fit']!r}" for r in rows if r.get("fit")]
    return found


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_public_representation_shows_a_childs_private_data(junior, role):
    team, game, people = junior["team"], junior["game"], junior["people"]
    client = client_for(role, people)
    pages = scrape(client, list(candidate_paths(team, game, people)))

    own = people.parent.player.name.encode()  # a personal answer link names its own player
    problems = {
        path: found
        for path, (media, body) in pages.items()
        if (found := leaks(media, body.replace(own, b"") if path.startswith("/a/") else body))
    }
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())
    # The scrape reached every kind of representation (else it proves nothing).
    media = {m for m, _ in pages.values()}
    kinds = {"text/html", "application/json", "text/csv", "application/pdf", "text/calendar"}
    assert kinds <= media
    reached = " ".join(pages)
    for part in [
        f"/best/{team.slug}/7/",
        f"/best/{team.slug}/7/card/?format=pdf",
        f"/teams/{team.slug}/roster/?format=csv",
        f"/teams/{team.slug}/fixtures/",
        f"/teams/{team.slug}/games/{game.pk}/rotation/",
        f"/teams/{team.slug}/fairness/",
        "/api/v1/players/",
        f"/api/v1/lineups/{team.slug}/7/",
        f"/api/v1/games/{game.pk}/lineup/",
        f"/teams/{team.slug}/games/{game.pk}/lineup/",
    ]:
        assert part in reached, part
    # … and the players are there, by first name and initial.
    lineup = pages[f"/best/{team.slug}/7/"][1]
    assert b"Liam L." in lineup and b"Ada O." in lineup
    roster = pages[f"/teams/{team.slug}/roster/?format=json"][1]
    assert b'"Emma Q. (No. 1)"' in roster and b'"Emma Q. (No. 2)"' in roster


def test_the_scrape_would_see_a_leak(junior):
    """The same scrape, as the head coach: every forbidden kind of data shows up."""
    team, game, people = junior["team"], junior["game"], junior["people"]
    pages = scrape(people.client("head_coach"), list(candidate_paths(team, game, people)))
    kinds = {line.split(":")[0] for media, body in pages.values() for line in leaks(media, body)}
    expected = {"a surname", "a rating", "a position's rating", "health", "a reason for being out"}
    assert expected <= kinds, kinds


@pytest.mark.parametrize("role", ["club_admin", "head_coach", "assistant", "other_team_coach"])
def test_club_members_still_see_everything(junior, client_as, role):
    team = junior["team"]
    client = client_as(role)
    lineup = client.get(f"/best/{team.slug}/7/").content.decode()
    assert "Liam Lindqvist" in lineup and "rated 91" in lineup
    assert "injured or ill" in lineup and "said no" in lineup
    roster = client.get(f"/teams/{team.slug}/roster/?format=json").json()
    liam = next(p for p in roster["players"] if p["number"] == 5)
    assert liam == {"number": 5, "name": "Liam Lindqvist", "fit": True,
                    "positions": {"ST": 91, "CM": 62}}  # fmt: skip
    players = client.get(f"/api/v1/players/?team={team.slug}&fit=false").json()["items"]
    assert [p["name"] for p in players] == ["Ida Lindqvist"]
    assert client.get(f"/api/v1/lineups/{team.slug}/7/").json()["total_rating"] > 0


def test_a_shirt_number_team_shows_no_names_at_all(junior):
    team = junior["team"]
    Team.objects.filter(pk=team.pk).update(public_names="number")
    client = Client()
    for path in [
        f"/best/{team.slug}/7/",
        f"/teams/{team.slug}/roster/?format=csv",
        f"/api/v1/players/?team={team.slug}",
        f"/teams/{team.slug}/fairness/",
    ]:
        body = client.get(path).content
        assert not re.search(rb"Emma|Liam|Noah|Ada|Mia|Zoe|Finn|Ida", body), path


def test_a_minor_in_a_senior_squad_is_shown_the_same_way(db):
    """Under 18 by birth year counts, whatever the team's type."""
    team = make_team(make_club("Old Boys"), slug="old-boys", team_type="senior", team_size=5)
    for number in range(1, 5):
        make_player(team, number, f"Sam Adultson{number}", ratings={"GK": 70, "CB": 60})
    teen = make_player(team, 11, "Tia Teenager", ratings={"ST": 80})
    Player.objects.filter(pk=teen.pk).update(birth_year=2010)
    Player.objects.filter(number=1).update(birth_year=1990)
    roster = Client().get(f"/teams/{team.slug}/roster/?format=json").json()["players"]
    assert roster[0]["name"] == "Sam Adultson1" and roster[0]["positions"] == {"GK": 70, "CB": 60}
    assert roster[4]["name"] == "Tia T." and roster[4]["positions"] == {"ST": None}
    lineup = Client().get(f"/best/{team.slug}/5/").content
    assert b"Tia T." in lineup and b"Teenager" not in lineup and b"rated" not in lineup


def test_no_shared_cache_hands_a_coachs_copy_to_an_outsider(junior, client_as):
    """An insider's answer shows more: it is private, so nginx or a proxy cannot keep it
    for the next visitor. The outsider's copy may be shared."""
    team = junior["team"]
    for path in [f"/teams/{team.slug}/roster/?format=json", f"/best/{team.slug}/7/?format=csv"]:
        assert client_as("head_coach").get(path)["Cache-Control"].startswith("private"), path
        assert Client().get(path)["Cache-Control"].startswith("public"), path


def test_names_are_first_name_and_initial_and_told_apart():
    assert initial_name("Anna-Lena van der Berg") == "Anna-Lena B."
    assert initial_name("Zoë") == "Zoë" and initial_name("Kid 7") == "Kid"
    names = public_names([(1, "Emma Jones", 4), (2, "Emma Johnson", 9), (3, "Noah Smith", 5)])
    assert names == {1: "Emma J. (No. 4)", 2: "Emma J. (No. 9)", 3: "Noah S."}
    assert public_names([(1, "Emma Jones", 4)], "number") == {1: ""}
