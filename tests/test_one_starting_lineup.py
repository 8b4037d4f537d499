"""One game, one starting lineup: every demo game's lineup page, its JSON, its card and
its rotation plan's first period show the same starters."""

import json
import re

import pytest
from django.core.management import call_command

from clubs.models import Game
from tests.factories import make_user

# Slow tier: it walks ~108 games, four requests each, with a rotation plan for each.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def coach_client(client, settings):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "lineup": "10000/m"}
    call_command("demo")
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    return client


def page_starters(html: str) -> dict[int, str]:
    section = html.split('id="picks-heading"')[1].split("</ol>")[0]
    rows = re.findall(
        r'<span class="slot">(.*?)(?: <abbr>.*?</abbr>)?</span>\s*<span class="who"><span '
        r'class="shirt" aria-hidden="true">(\d+)</span>',
        section,
    )
    return {int(number): slot.lower() for slot, number in rows}


def card_starters(html: str) -> set[int]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return {int(n) for n in re.findall(r"</td>\s*<td>(\d+)</td>", body)}


def test_every_demo_game_shows_one_starting_lineup_everywhere(coach_client):
    client = coach_client
    games = list(Game.objects.select_related("team").order_by("team__slug", "kickoff"))
    assert len(games) >= 100
    saved = 0
    for game in games:
        base = f"/teams/{game.team.slug}/games/{game.pk}"
        html = client.get(f"{base}/lineup/").content.decode()
        starters = page_starters(html)
        data = json.loads(client.get(f"{base}/lineup/", {"format": "json"}).content)
        from_json = {p["number"]: p["slot"].lower() for p in data["picks"] if p["number"]}
        assert from_json == starters, game
        assert card_starters(client.get(f"{base}/lineup/card/").content.decode()) == set(starters)
        saved += data["lineup"]["status"] == "saved"
        places = {
            p["number"]: {p["slot"].lower(), (p["position"] or "").lower()}
            for p in data["picks"]
            if p["number"]
        }
        plan = json.loads(client.get(f"{base}/rotation/", {"format": "json"}).content)["plan"]
        if plan is None:
            continue
        first = {p["number"]: p["periods"][0].lower() for p in plan["players"] if p["periods"][0]}
        if len(first) == len(starters):
            assert set(first) == set(starters), (game, first, starters)
            assert all(first[n] in places[n] for n in first), (game, first, places)
        else:  # fewer players than places: the plan uses them all, in a smaller formation
            assert set(first) >= set(starters), game
    assert saved >= 2  # the First XI's coach saved the next lineups
