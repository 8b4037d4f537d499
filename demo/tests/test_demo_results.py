"""The demo's played games have results and events: a newcomer sees a living season."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from clubs.models import Team
from demo.results import demo_results_create
from results.models import GameResult, MatchEvent

pytestmark = pytest.mark.django_db


def test_played_games_have_results_events_and_a_season_page(client):
    call_command("demo")
    now = timezone.now()
    for team in Team.objects.filter(club__slug="riverside"):
        played = team.games.filter(kickoff__lt=now).order_by("kickoff")
        results = GameResult.objects.filter(game__in=played, goals_for__isnull=False)
        # All but the latest game, which is left for the coach to record.
        assert results.count() == played.count() - 1, team
        assert not GameResult.objects.filter(game=played.last()).exists()
        assert MatchEvent.objects.filter(game__team=team, kind="substitution").exists(), team
    junior = Team.objects.get(slug="riverside-u09")
    assert MatchEvent.objects.filter(game__team=junior, key__startswith="plan:").exists()
    senior = Team.objects.get(slug="riverside-first-xi")
    data = client.get(f"/teams/{senior.slug}/season/?format=json").json()
    assert data["record"]["played"] == 5
    assert sum(p["goals"] for p in data["players"]) > 0
    assert sum(p["minutes"] for p in data["players"]) > 5 * 90 * 10
    # Loading the results again records nothing twice.
    events, results = MatchEvent.objects.count(), GameResult.objects.count()
    demo_results_create(senior.club)
    assert (MatchEvent.objects.count(), GameResult.objects.count()) == (events, results)
