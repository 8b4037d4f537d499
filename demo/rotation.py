"""Demo rotations: saved plans for the junior teams' games already played.

Loaded by ``teamcoach demo`` after the club, so the season fairness ledger of the
demo club has a history, and the next plan already balances it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from clubs.models import Club, TeamType
from fairplay.models import RotationSettings
from fairplay.services import game_rotation, plan_save


def demo_rotations_create(club: Club, *, now: dt.datetime | None = None) -> int:
    """Settings and a saved plan per played game for the club's junior teams; how many plans."""
    now = now or timezone.now()
    saved = 0
    for team in club.teams.of_type(TeamType.JUNIOR).order_by("slug"):
        settings = RotationSettings.for_team(team)
        settings.full_clean()
        settings.save()
        # In kick-off order, so each plan sees the ledger of the games before it.
        for game in team.games.filter(kickoff__lt=now).order_by("kickoff"):
            rotation = game_rotation(team, game, fresh=True)
            if rotation.plan is not None:
                plan_save(game=game, plan=rotation.plan, by=None, note="Demo")
                saved += 1
    return saved
