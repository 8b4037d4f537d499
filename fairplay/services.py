"""The bridge between the database and the rotation planner.

Reads a team's squad, a game's availability, the team's rules and the season
ledger in a fixed number of queries, turns them into the planner's frozen
dataclasses, and maps the answer back; saves plans and settings, each with an
audit event on the team (``clubs.audit``), like every other write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import partial
from typing import Any, NamedTuple, cast

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs import services as club_services
from clubs.audit import save_and_audit
from clubs.lineups import GameStart, choice_of, game_start, squad_of
from clubs.models import (
    MAX_GAME_MINUTES,
    Answer,
    Availability,
    Game,
    Player,
    Team,
    game_length_minutes,
)
from lineup.formations import formation_for
from lineup.model import Slot
from lineup.rotation import (
    MAX_PERIODS,
    MAX_PLAYERS,
    MAX_SLOTS,
    ROTATION_VERSION,
    Certificate,
    Ledger,
    Plan,
    RotationPlayer,
    RotationProblem,
    RotationResult,
    Rules,
    plan_rotation,
)
from results.minutes import season_records
from web.prepared import Prepared, instance

from .models import SETTINGS_FIELDS, RotationPlan, RotationSettings


@dataclass(frozen=True, kw_only=True)
class LedgerRow(Ledger):
    """One player's season in the ledger: the planner's :class:`Ledger`, plus who and
    how many games they started, and how many of the minutes are only planned (games
    whose starters and substitutions were not recorded)."""

    player: Player
    starts: int = 0
    planned_minutes: int = 0

    @property
    def as_ledger(self) -> Ledger:
        """Just the planner's part (the plan cache keys on it, not on the player row)."""
        return Ledger(**{name: getattr(self, name) for name in _LEDGER_FIELDS})


_LEDGER_FIELDS = [f.name for f in fields(Ledger)]


def rules_of(settings: RotationSettings) -> Rules:
    share = settings.min_share_percent
    return Rules(
        min_share=share / 100 if share is not None else None,
        max_consecutive_bench=settings.max_consecutive_bench,
        keeper_max_periods=settings.keeper_max_periods,
        full_half=settings.full_half,
        forbidden={str(k): frozenset(v) for k, v in (settings.forbidden or {}).items()},
        keeper_changes=settings.keeper_changes,  # type: ignore[arg-type]
        keepers_allowed=frozenset(str(k) for k in settings.keepers_allowed or []),
        priority="strongest_first" if settings.strongest_first else "fewest_changes",
    )


class PlayedPlan(NamedTuple):
    """What the season ledger counts of a game's newest saved plan (see :class:`RotationPlan`)."""

    game_id: int
    period_minutes: list[int]
    slots: list[list[str | None]]
    grid: list[list[int]]
    squad: list[int]


def _plans_before(team_id: int, before: dt.datetime) -> QuerySet[RotationPlan]:
    """The saved plans of the team's games that kicked off before ``before``, each game's
    newest first, games in kick-off order."""
    plans = RotationPlan.objects.filter(game__team_id=team_id, game__kickoff__lt=before)
    plans = plans.order_by("game__kickoff", "game_id", "-created_at", "-pk")
    return plans.values_list(*PlayedPlan._fields)


#: Compiled once per process (web.prepared): every first GET of a plan or the ledger runs it.
_PLANS_BEFORE = Prepared(
    _plans_before, team_id=Game._meta.get_field("team"), before=Game._meta.get_field("kickoff")
)


def latest_plans(team: Team, *, before: dt.datetime | None = None) -> list[PlayedPlan]:
    """The newest saved plan of each game of the team that has kicked off (before ``before``)."""
    cutoff = before or timezone.now()
    newest: dict[int, PlayedPlan] = {}
    for row in _PLANS_BEFORE.rows(team_id=team.pk, before=cutoff):
        plan = PlayedPlan._make(row)
        newest.setdefault(plan.game_id, plan)
    return list(newest.values())


def season_ledger(
    team: Team,
    *,
    squad: list[Player] | None = None,
    games: list[Game] | None = None,
    before: dt.datetime | None = None,
) -> list[LedgerRow]:
    """Minutes, starts, bench periods and positions per player over the games played.

    Minutes, games and starts come from what was recorded (``results``) where a game
    has a record, else from its saved plan (counted as ``planned_minutes`` too); bench
    periods and positions come from the plans. ``squad`` and ``games`` (the team's
    :func:`team_games`) are read here unless the caller has read them already.
    """
    cutoff = before or timezone.now()
    squad = squad_of(team) if squad is None else squad
    games = team_games(team) if games is None else games
    kicked_off = [game for game in games if game.kickoff < cutoff]
    totals: dict[str, dict[str, int]] = {str(p.pk): Counter() for p in squad}
    positions: dict[str, Counter[str]] = {str(p.pk): Counter() for p in squad}
    plans = latest_plans(team, before=cutoff)
    records = season_records(kicked_off)
    for plan in plans:
        minutes, slots = plan.period_minutes, plan.slots
        recorded = plan.game_id in records
        counted = [str(k) for k in plan.squad if str(k) in totals]  # not who left since
        for key in counted:
            totals[key]["games"] += 1  # in the squad for the game, as planned
            totals[key]["bench_periods"] += len(plan.grid)  # less the periods played
        members = set(counted)
        # Period by period, who played where (the places, not the whole squad).
        for t, keys in enumerate(plan.grid):
            for key, place in _first_places(keys).items():
                if key not in members:
                    continue
                row = totals[key]
                if not recorded:
                    row["minutes"] += minutes[t]
                    row["planned_minutes"] += minutes[t]
                    if t == 0:
                        row["starts"] += 1
                row["periods"] += 1
                row["bench_periods"] -= 1
                code = slots[place][0]
                if code:
                    positions[key][code] += 1
    planned = {plan.game_id for plan in plans}
    for game_id, record in records.items():
        for pk, played in record.minutes.items():
            if str(pk) in totals:
                counts = totals[str(pk)]
                counts["games"] += game_id not in planned
                counts["minutes"] += played
                counts["starts"] += pk in record.starters
    return [
        LedgerRow(player=p, positions=dict(positions[str(p.pk)]), **totals[str(p.pk)])
        for p in squad
    ]


def _first_places(keys: list[int]) -> dict[str, int]:
    """Player id → the first place they hold in one period of a plan."""
    places: dict[str, int] = {}
    for place, key in enumerate(keys):
        places.setdefault(str(key), place)
    return places


_GAME_FIELDS = [f.attname for f in Game._meta.concrete_fields]

#: The team's games, compiled once (web.prepared): the fairness page and every plan
#: count them.
_TEAM_GAMES = Prepared(
    lambda team_id: (
        Game.objects.filter(team_id=team_id).order_by("kickoff").values_list(*_GAME_FIELDS)
    ),
    team_id=Game._meta.get_field("team"),
)


def team_games(team: Team) -> list[Game]:
    """The team's games in kick-off order (the fairness page lists them, the ledger
    counts those that kicked off)."""
    games = [instance(Game, _GAME_FIELDS, row) for row in _TEAM_GAMES.rows(team_id=team.pk)]
    for game in games:
        game.team = team  # one team, one settings query
    return games


_PLAN_COLUMNS = [f.attname for f in RotationPlan._meta.concrete_fields]

#: A game's newest saved plan, compiled once (web.prepared): every first GET of a plan reads it.
_NEWEST_PLAN = Prepared(
    lambda game_id: (
        RotationPlan.objects.filter(game_id=game_id)
        .order_by("-created_at", "-pk")
        .values_list(*_PLAN_COLUMNS)[:1]
    ),
    game_id=RotationPlan._meta.get_field("game"),
)


def newest_plan(game: Game) -> RotationPlan | None:
    """The game's newest saved plan (the one that counts), or ``None`` before the first."""
    rows = _NEWEST_PLAN.rows(game_id=game.pk)
    if not rows:
        return None
    plan = instance(RotationPlan, _PLAN_COLUMNS, rows[0])
    plan.game = game
    return plan


@dataclass(frozen=True)
class GameRotation:
    """Everything the plan page shows, already computed."""

    team: Team
    game: Game
    settings: RotationSettings
    rules: Rules
    players: dict[str, Player]
    #: The plan shown: the newest saved one, else a fresh proposal.
    plan: Plan | None
    saved: RotationPlan | None
    result: RotationResult | None = None
    left_out: tuple[tuple[Player, str], ...] = ()
    #: Why no plan could even be attempted (a squad past the planner's bounds).
    error: str = ""
    #: A plan was saved, but the coach has saved a different starting lineup since:
    #: the plan shown is a new proposal that starts with it.
    outdated: RotationPlan | None = None
    #: The team's squad as read for it (``clubs.lineups.squad_of``), for the re-plan
    #: form and the re-plan itself: read once per request.
    squad: tuple[Player, ...] = ()


def available_players(
    team: Team, game: Game, squad: list[Player]
) -> tuple[list[Player], list[tuple[Player, str]]]:
    """(who can play, [(player, why not)…]) for ``game``, as the lineup page decides."""
    answers = dict(Availability.objects.filter(game=game).values_list("player_id", "answer"))
    excluded = {Answer.NO} | (set() if team.count_maybe else {Answer.MAYBE})
    playing, left_out = [], []
    for player in squad:
        if not player.fit:
            left_out.append((player, "injured"))
        elif answers.get(player.pk) in excluded:
            left_out.append((player, answers[player.pk]))
        else:
            playing.append(player)
    return playing, left_out


def _rotation_players(
    players: list[Player], ledger: dict[str, Ledger], available: dict[str, frozenset[int]]
) -> tuple[RotationPlayer, ...]:
    return tuple(
        RotationPlayer(
            key=str(p.pk),
            name=p.name,
            number=p.number,
            ratings={pos.position: pos.rating for pos in p.positions.all()},
            ledger=ledger.get(str(p.pk), Ledger()),
            available=available.get(str(p.pk)),
        )
        for p in players
    )


def game_problem(
    team: Team,
    game: Game,
    settings: RotationSettings,
    playing: list[Player],
    *,
    squad: list[Player],
    locked: tuple[tuple[str, ...], ...] = (),
    available: dict[str, frozenset[int]] | None = None,
    slots: tuple[Slot, ...] | None = None,
    period_minutes: tuple[int, ...] | None = None,
    first_period: tuple[str | None, ...] | None = None,
) -> RotationProblem:
    ledger = {
        str(row.player.pk): row.as_ledger
        for row in season_ledger(team, squad=squad, before=game.kickoff)
    }
    if slots is None:
        size = max(1, min(team.team_size, len(playing)))
        slots = formation_for(team.sport, size, key=team.formation or None).slots
    return RotationProblem(
        players=_rotation_players(playing, ledger, available or {}),
        slots=slots,
        period_minutes=period_minutes or (settings.period_minutes,) * settings.periods,
        rules=rules_of(settings),
        locked=locked,
        first_period=first_period,
    )


def plan_from_saved(saved: RotationPlan, players: dict[str, Player]) -> Plan:
    """A saved plan as the planner's :class:`Plan`, for the same pages and checks.

    The players carry today's ratings (for the keeper check) and the
    availability the plan was made for (a re-plan's injured and late players),
    so the compliance report exempts them as the planner did.
    """
    cert = saved.certificate
    available = cert.get("available", {})
    squad = tuple(
        RotationPlayer(
            key=str(k),
            name=players[str(k)].name if str(k) in players else "?",
            number=players[str(k)].number if str(k) in players else 0,
            ratings=(
                {pos.position: pos.rating for pos in players[str(k)].positions.all()}
                if str(k) in players
                else {}
            ),
            available=frozenset(available[str(k)]) if str(k) in available else None,
        )
        for k in saved.squad
    )
    return Plan(
        players=squad,
        slots=tuple(Slot(position=p, label=label, x=0, y=0) for p, label in saved.slots),
        period_minutes=tuple(saved.period_minutes),
        grid=tuple(tuple(str(k) for k in row) for row in saved.grid),
        certificate=Certificate(
            status=cert["status"],
            spread=cert["spread"],
            best_spread=cert["best_spread"],
            low=cert["low"],
            high=cert["high"],
            seconds=cert.get("seconds", 0.0),
            fewest_substitutions=cert.get("fewest_substitutions", True),
            strongest=cert.get("strongest", True),
            fewest_keeper_changes=cert.get("fewest_keeper_changes", False),
            fewest_moves=cert.get("fewest_moves", False),
            priority=cert.get("priority", "strongest_first"),
        ),
        limited=frozenset(cert.get("limited", [])),
    )


def game_rotation(
    team: Team,
    game: Game,
    *,
    fresh: bool = False,
    starting: Sequence[int | str | None] | None = None,
) -> GameRotation:
    """The plan page's data: the saved plan, or (none saved, or ``fresh``) a new proposal.

    ``starting`` is the game's starting lineup (a player id per place of the
    formation, ``None`` where the planner may choose); by default the one the
    game's lineup page shows (``clubs.lineups.game_start``: the saved lineup, or
    the suggestion), so one game has one starting lineup. A proposal's first
    period keeps it, or the diagnosis says why it cannot (``first_period``).
    Players the coach left out of the game are not planned. A saved plan is
    shown as saved — unless the coach saved a different starting lineup after it.
    """
    settings = RotationSettings.for_team(team)
    squad = squad_of(team)
    players = {str(p.pk): p for p in squad}
    playing, left_out = available_players(team, game, squad)
    start = game_start(game, squad=squad) if starting is None else None
    if start is not None and start.excluded:
        left_out += [(p, "coach") for p in playing if str(p.pk) in start.excluded]
        playing = [p for p in playing if str(p.pk) not in start.excluded]
    rotation = partial(
        GameRotation,
        team=team,
        game=game,
        settings=settings,
        rules=rules_of(settings),
        players=players,
        left_out=tuple(left_out),
        squad=tuple(squad),
    )
    saved = None if fresh else newest_plan(game)
    outdated = None
    if saved is not None and start is not None and start.saved and not _starts_with(saved, start):
        saved, outdated = None, saved
    if saved is not None:
        # Players who have since left the squad still show by name.
        missing = [k for k in saved.squad if str(k) not in players]
        if missing:
            for p in Player.objects.filter(pk__in=missing):
                players[str(p.pk)] = p
        return rotation(plan=plan_from_saved(saved, players), saved=saved)
    result = None
    plan = None
    error = ""
    if playing:
        first: tuple[str | None, ...] | None = None
        slots = None
        if starting is not None:
            first = tuple(None if k is None else str(k) for k in starting)
        elif start is not None and None not in start.starters:
            here = {str(p.pk) for p in playing}
            first = tuple(k if k in here else None for k in start.starters)
            slots = start.formation.slots
        problem = game_problem(
            team, game, settings, playing, squad=squad, first_period=first, slots=slots
        )
        try:
            result = solve_cached(problem)
        except ValueError:
            error = _(
                "it plans at most %(players)s available players and %(places)s places, "
                "over at most %(periods)s periods."
            ) % {"players": MAX_PLAYERS, "places": MAX_SLOTS, "periods": MAX_PERIODS}
        else:
            plan = result.plan
    return rotation(plan=plan, saved=None, result=result, error=error, outdated=outdated)


def _starts_with(saved: RotationPlan, start: GameStart) -> bool:
    """Whether the saved plan's first period is the game's starting lineup."""
    first = [str(k) for k in saved.grid[0]] if saved.grid else []
    return first == [str(k) for k in start.starters]


def solve_cached(problem: RotationProblem) -> RotationResult:
    """The planner's answer, cached by the exact problem it was given.

    The plan page, its card, its compliance report and their JSON/CSV variants
    all show the same proposal: it is solved once, not once per request. The
    key is the problem's full ``repr`` (players, ratings, ledger, rules,
    locks) plus the planner version, so any change of input is a new key.
    """
    key = "fairplay:plan:" + hashlib.sha256(f"{ROTATION_VERSION}|{problem!r}".encode()).hexdigest()
    result: RotationResult | None = cache.get(key)
    if result is None:
        result = plan_rotation(problem)
        cache.set(key, result, timeout=24 * 3600)
    return result


def _certificate_json(plan: Plan) -> dict[str, object]:
    c = plan.certificate
    return {
        "status": c.status,
        "spread": c.spread,
        "best_spread": c.best_spread,
        "low": c.low,
        "high": c.high,
        "seconds": round(c.seconds, 4),
        "fewest_substitutions": c.fewest_substitutions,
        "strongest": c.strongest,
        "fewest_keeper_changes": c.fewest_keeper_changes,
        "fewest_moves": c.fewest_moves,
        "priority": c.priority,
        "limited": sorted(plan.limited),
        # Who was there when (re-plans): the compliance report exempts by it.
        "available": {p.key: sorted(p.available) for p in plan.players if p.available is not None},
    }


@transaction.atomic
def plan_save(*, game: Game, plan: Plan, by: Any, note: str = "") -> RotationPlan:
    """Store ``plan`` as the game's plan (the newest one counts)."""
    saved = RotationPlan(
        game=game,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        period_minutes=list(plan.period_minutes),
        slots=[[s.position, s.label] for s in plan.slots],
        grid=[[int(k) for k in row] for row in plan.grid],
        squad=[int(p.key) for p in plan.players],
        certificate=_certificate_json(plan),
        note=note,
    )
    summary = _("saved the rotation plan for %(game)s") % {"game": game}
    if note:
        summary = _("saved the rotation plan for %(game)s: %(note)s") % {"game": game, "note": note}
    saved = save_and_audit(saved, action="plan", summary=summary, by=by)
    _lineup_follows(game, plan, by=by, by_name=note)
    return saved


def _lineup_follows(game: Game, plan: Plan, *, by: Any, by_name: str = "") -> None:
    """The plan's first period becomes the game's saved lineup (one starting lineup per
    game), when the slots are a formation's and the coach has not saved exactly it."""
    if not plan.grid:
        return
    team = game.team
    formation = formation_for(team.sport, len(plan.slots), key=team.formation or None)
    shape = [(s.position, s.label) for s in formation.slots]
    if shape != [(s.position, s.label) for s in plan.slots]:
        return
    starters = [int(k) for k in plan.grid[0]]
    choice = choice_of(game)
    if choice is not None and choice.is_saved and choice.starters == starters:
        return
    club_services.lineup_save(
        game=game,
        starters=starters,
        formation=formation.key,
        version=None,
        by=by,
        by_name=by_name,
    )


def _forbidden_text(forbidden: dict[str, list[str]], numbers: dict[str, int]) -> str:
    return "; ".join(
        f"No. {numbers.get(str(pk), '?')}: {', '.join(codes)}"
        for pk, codes in sorted(forbidden.items(), key=lambda item: numbers.get(str(item[0]), 0))
    )


@transaction.atomic
def rotation_settings_save(*, settings: RotationSettings, by: object | None) -> RotationSettings:
    """Store the team's rotation settings (e.g. a form's unsaved instance); audit what changed.

    Compared with the stored row — or, the first time, with the sport's defaults.
    """
    team = settings.team
    stored = RotationSettings.objects.select_for_update().filter(team=team).first()
    before = stored or RotationSettings.for_team(team)
    changes: dict[str, list[object]] = {
        name: [getattr(before, name), getattr(settings, name)]
        for name in SETTINGS_FIELDS
        if getattr(before, name) != getattr(settings, name)
    }
    if stored is not None and not changes:
        return stored
    numbers: dict[str, int] = {}
    if {"forbidden", "keepers_allowed"} & changes.keys():
        numbers = {str(pk): n for pk, n in team.players.values_list("pk", "number")}
    if "forbidden" in changes:
        changes["forbidden"] = [
            _forbidden_text(cast("dict[str, list[str]]", v or {}), numbers)
            for v in changes["forbidden"]
        ]
    if "keepers_allowed" in changes:
        changes["keepers_allowed"] = [
            ", ".join(f"No. {numbers.get(str(k), '?')}" for k in cast("list[str]", v or []))
            for v in changes["keepers_allowed"]
        ]
    settings.pk = stored.pk if stored is not None else None
    summary = _("changed the rotation settings")
    saved = save_and_audit(settings, action="update", summary=summary, by=by, changes=changes)
    # The game's length (when it stops being "now playing") follows the periods.
    minutes = game_length_minutes(settings.periods, settings.period_minutes)
    if {"periods", "period_minutes"} & changes.keys() and team.game_minutes != minutes:
        club_services.team_update(
            team=team, data={"game_minutes": min(minutes, MAX_GAME_MINUTES)}, version=None, by=by
        )
    return saved


class ReplanError(ValueError):
    """A re-plan request that cannot be met; the message says why."""


def plan_replan(
    *,
    game: Game,
    from_period: int,
    out: set[str],
    arrived: set[str],
    by: object | None,
) -> tuple[RotationPlan | None, RotationResult]:
    """Re-plan the periods from ``from_period`` on, keeping the earlier ones as played.

    ``out``: players who can no longer play (injured, gone home); ``arrived``:
    players who joined late, available from ``from_period``. Saves and returns
    the new plan when the planner finds one.
    """
    team = game.team
    current = game_rotation(team, game)
    if current.plan is None:
        raise ReplanError(_("There is no plan to change yet."))
    n = len(current.plan.period_minutes)
    if not 1 <= from_period < n:
        raise ReplanError(_("Choose a period between 2 and %(n)s.") % {"n": n})
    squad = list(current.squad)
    by_key = {str(p.pk): p for p in squad}
    keys = [p.key for p in current.plan.players if p.key in by_key]
    keys += [k for k in sorted(arrived) if k in by_key and k not in keys]
    playing = [by_key[k] for k in keys]
    later = frozenset(range(from_period, n))
    available = {k: frozenset(range(from_period)) for k in out}
    available.update({k: later for k in arrived if k not in out})
    problem = game_problem(
        team,
        game,
        current.settings,
        playing,
        squad=squad,
        locked=current.plan.grid[:from_period],
        available=available,
        slots=current.plan.slots,
        period_minutes=current.plan.period_minutes,
    )
    try:
        result = plan_rotation(problem)
    except ValueError as error:
        raise ReplanError(str(error)) from None
    saved = None
    if result.plan is not None:
        note = _("Re-planned from period %(n)s") % {"n": from_period + 1}
        saved = plan_save(game=game, plan=result.plan, by=by, note=note)
    return saved, result
