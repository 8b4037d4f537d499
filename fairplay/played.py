"""“Played as planned”: one tap records the saved rotation plan as what happened.

Period 1 of the plan becomes the starters, and each change at a period boundary a
substitution made (``results.services``), with keys like ``plan:3:<player on>`` so a
second tap records nothing twice. A tap after the plan changed adjusts: plan
substitutions the new plan no longer has are removed, changed ones rewritten. The
coach's own events (other keys) are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from clubs.models import Game, Player
from results.models import EventKind, MatchEvent
from results.services import event_delete, event_record, starters_set

from .models import RotationPlan

PLAN_KEY = "plan:"


@dataclass(frozen=True)
class PlannedChange:
    key: str
    period: int
    minute: int
    on: int | None
    off: int | None


def planned_changes(plan: RotationPlan) -> list[PlannedChange]:
    """Each substitution the plan makes at a period boundary: who comes on, for whom."""
    grid = [[int(k) for k in row] for row in plan.grid]
    changes = []
    for t in range(1, len(grid)):
        before, after = grid[t - 1], grid[t]
        coming = [k for k in after if k not in before]
        going = [k for k in before if k not in after]
        pairs: list[tuple[int | None, int | None]] = []
        # Pair by place first (who took whose slot), then in order.
        for place, player in enumerate(after):
            if player in coming and place < len(before) and before[place] in going:
                pairs.append((player, before[place]))
        paired_on = {on for on, _ in pairs}
        paired_off = {off for _, off in pairs}
        rest_on = [k for k in coming if k not in paired_on]
        rest_off = [k for k in going if k not in paired_off]
        for i in range(max(len(rest_on), len(rest_off))):
            pairs.append(
                (
                    rest_on[i] if i < len(rest_on) else None,
                    rest_off[i] if i < len(rest_off) else None,
                )
            )
        minute = sum(plan.period_minutes[:t])
        for on, off in pairs:
            key = f"{PLAN_KEY}{t + 1}:{on}" if on is not None else f"{PLAN_KEY}{t + 1}:off:{off}"
            changes.append(PlannedChange(key, t + 1, minute, on, off))
    return changes


@transaction.atomic
def plan_played(*, game: Game, plan: RotationPlan, by: Any) -> int:
    """Record ``plan`` as played: starters = period 1, a substitution per change.

    Returns how many substitutions the plan makes. Idempotent.
    """
    ids = {int(k) for row in plan.grid for k in row}
    players: dict[int, Player] = {p.pk: p for p in game.team.players.filter(pk__in=ids)}
    starters_set(
        game=game, players=[players[int(k)] for k in plan.grid[0] if int(k) in players], by=by
    )
    wanted = planned_changes(plan)
    existing = {
        e.key: e
        for e in MatchEvent.objects.filter(game=game, key__startswith=PLAN_KEY).select_for_update()
    }
    keys = {change.key for change in wanted}
    for key, stale in existing.items():
        if key not in keys:
            event_delete(event=stale, by=by)
    for change in wanted:
        event = existing.get(change.key)
        same = event is not None and (
            (event.minute, event.player_id, event.player_off_id)
            == (change.minute, change.on, change.off)
        )
        if event is not None and not same:
            event_delete(event=event, by=by)
        on = players.get(change.on) if change.on is not None else None
        off = players.get(change.off) if change.off is not None else None
        if not same and (on is not None or off is not None):
            event_record(
                game=game,
                kind=EventKind.SUBSTITUTION,
                minute=change.minute,
                period=change.period,
                player=on,
                player_off=off,
                key=change.key,
                by=by,
            )
    return len(wanted)
