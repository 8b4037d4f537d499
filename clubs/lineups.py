"""The bridge between the database and the lineup solver.

The solver (the ``lineup`` package) knows nothing of Django. This module reads a
team's squad, next game and availability in a fixed number of queries, turns the
rows into the solver's frozen dataclasses, and hands back what the page shows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

import lineup
from lineup.formations import formation_for
from lineup.model import Formation, Slot
from lineup.solver import Pick, Reason, ReasonCode, best_lineup, slot_rating
from web.prepared import Prepared, instance, prefetched

from . import pitch_layout
from .models import Answer, Availability, Game, Player, PlayerPosition, SavedLineup, Team
from .positions import position_name
from .reasons import reason_sentence


@dataclass(frozen=True)
class TeamLineup:
    """Everything the lineup page shows, already computed."""

    team: Team
    size: int
    game: Game | None
    result: lineup.solver.Lineup
    players: dict[str, Player]
    answers: dict[str, str] = field(default_factory=dict)
    #: When the newest of ``answers`` was given (None: no answer yet).
    answered_at: dt.datetime | None = None
    left_out: tuple[tuple[Player, str], ...] = ()
    #: Whether reasons may cite ratings and compare team-mates (not for junior
    #: players seen from outside the club).
    with_ratings: bool = True
    #: Seen from outside the club with junior players in the squad
    #: (``clubs.privacy.redact_lineup``): ``names`` holds their shown names by key.
    private: bool = False
    names: Mapping[str, str] = field(default_factory=dict)
    #: The coach's choices for the game (pins, locks, left out; the saved lineup).
    choice: SavedLineup | None = None
    #: Whether ``result`` is the lineup the coach saved (else it is a suggestion).
    saved: bool = False
    #: Why the saved lineup is out of date: (player, "no" | "maybe" | "injured" |
    #: "left"; ``None`` and "better": the suggestion would differ); empty when it is not.
    stale: tuple[tuple[Player | None, str], ...] = ()
    #: What the solver would suggest now, when it differs from the saved lineup.
    suggestion: lineup.solver.Lineup | None = None
    #: Stored choices set aside because they no longer hold (player, why).
    dropped: tuple[tuple[Player, str], ...] = ()

    @property
    def shortfall(self) -> int:
        return self.result.shortfall

    # Cached: the page, its JSON and PDF read these several times per request (a
    # TeamLineup is built per request, in one language, and never changes).
    @cached_property
    def explained(self) -> list[tuple[Pick, str]]:
        """Each pick with its reason as a sentence, in the active language."""
        return [
            (pick, reason_sentence(pick, with_ratings=self.with_ratings))
            for pick in self.result.picks
        ]

    @cached_property
    def absent(self) -> list[tuple[Player, str, str]]:
        """Who is not playing: the player, their shown name and why ("" when private)."""
        return [
            (p, self.names.get(str(p.pk), p.name), "" if self.private else why)
            for p, why in self.left_out
        ]

    @cached_property
    def maybe_keys(self) -> frozenset[str]:
        return frozenset(k for k, a in self.answers.items() if a == Answer.MAYBE)

    @cached_property
    def markers(self) -> list[Marker]:
        return pitch_markers(self)

    @cached_property
    def choices(self) -> tuple[frozenset[str], dict[str, int], frozenset[str]]:
        """The coach's choices that hold: (pinned, locked, excluded) player ids."""
        return coach_choices(self)

    @property
    def pinned_keys(self) -> frozenset[str]:
        return self.choices[0]

    @cached_property
    def locked_keys(self) -> frozenset[str]:
        return frozenset(self.choices[1])

    @cached_property
    def no_keys(self) -> frozenset[str]:
        """Players who answered "no" (a saved lineup may still hold them)."""
        return frozenset(k for k, a in self.answers.items() if a == Answer.NO)

    @property
    def maybe_on_pitch(self) -> bool:
        """Whether the drawing shows a dashed "said maybe" shirt (and so needs its legend)."""
        return any(m.maybe for m in self.markers)


#: The player columns the pages use, and each rating's: one row per (player, rating).
_PLAYER_FIELDS = [f.attname for f in Player._meta.concrete_fields]
_POSITION_FIELDS = [f.attname for f in PlayerPosition._meta.concrete_fields]
_PLAYER_TEAM = Player._meta.get_field("team")


def _players_with_ratings(team_id: int) -> QuerySet[Player]:
    """``Team.active_players`` with a row per rating (the read ``squad_of`` runs)."""
    rating_columns = [f"positions__{name}" for name in _POSITION_FIELDS]
    players = Player.objects.filter(team_id=team_id, retired_at__isnull=True)
    return players.order_by("number", "pk").values_list(*_PLAYER_FIELDS, *rating_columns)


#: Compiled once per process (web.prepared): it runs on every first GET of a team page.
_SQUAD = Prepared(_players_with_ratings, team_id=Player._meta.get_field("team"))


def squad_of(team: Team) -> list[Player]:
    """The team's active players with their positions: one query, whatever the size.

    A LEFT JOIN of players and their ratings, turned into ``Player`` rows whose
    ``positions.all()`` is already filled (as ``prefetch_related`` would, with a query
    fewer and no model instance built twice).
    """
    rows = _SQUAD.rows(team_id=team.pk)
    width = len(_PLAYER_FIELDS)
    squad: list[Player] = []
    ratings: dict[int, list[PlayerPosition]] = {}
    for row in rows:
        pk = row[0]
        if pk not in ratings:
            player = instance(Player, _PLAYER_FIELDS, row[:width])
            _PLAYER_TEAM.set_cached_value(player, team)  # team_id is already team.pk
            squad.append(player)
            ratings[pk] = []
        if row[width] is not None:
            ratings[pk].append(instance(PlayerPosition, _POSITION_FIELDS, row[width:]))
    for player in squad:
        prefetched(player, "positions", ratings[player.pk])
    return squad


def as_solver_player(player: Player) -> lineup.model.Player:
    return lineup.model.Player(
        key=str(player.pk),
        name=player.name,
        number=player.number,
        ratings={p.position: p.rating for p in player.positions.all()},
        fit=player.fit,
    )


#: The game's answers and when each was given, compiled once (web.prepared).
_ANSWERS = Prepared(
    lambda game_id: Availability.objects.filter(game_id=game_id).values_list(
        "player_id", "answer", "updated_at"
    ),
    game_id=Availability._meta.get_field("game"),
)

#: ``team_lineup(game=NEXT)``: the team's current or next game.
NEXT: Any = object()


def choice_of(game: Game | None) -> SavedLineup | None:
    """The coach's choices (and saved lineup) for ``game``, if they made any."""
    if game is None or game.pk is None:
        return None
    try:
        return game.lineup_choice  # fetched with the game when it came from games_to_come
    except SavedLineup.DoesNotExist:
        return None


def saved_lineup(game: Game) -> SavedLineup | None:
    """The lineup the coach saved for ``game`` (``starters``: a player id or ``None`` per
    slot of ``formation``, see :func:`saved_starters`), or ``None`` until they save one.

    The one function other apps use for "the game's starting lineup".
    """
    choice = choice_of(game)
    return choice if choice is not None and choice.is_saved else None


def saved_formation(choice: SavedLineup, sport: str) -> Formation:
    """The formation a saved lineup was made for."""
    return formation_for(sport, len(choice.starters), key=choice.formation or None)


def saved_starters(game: Game) -> list[tuple[Slot, Player | None]] | None:
    """The saved lineup of ``game`` as (slot, player) in formation order; ``None``: unsaved."""
    choice = saved_lineup(game)
    if choice is None:
        return None
    formation = saved_formation(choice, game.team.sport)
    players = Player.objects.in_bulk(choice.starter_ids)
    return [
        (slot, players.get(int(pk)) if pk is not None else None)
        for slot, pk in zip(formation.slots, choice.starters, strict=True)
    ]


@dataclass(frozen=True)
class GameStart:
    """A game's one starting lineup, for the rotation plan's first period: the saved
    lineup, or else the suggestion with the coach's choices."""

    formation: Formation
    starters: tuple[str | None, ...]
    excluded: frozenset[str]
    saved: bool


def game_start(game: Game, *, squad: list[Player] | None = None) -> GameStart:
    """What the lineup pages of ``game`` show as its starters (see :func:`team_lineup`)."""
    result = team_lineup(game.team, game.team.team_size, squad=squad, game=game)
    return GameStart(
        formation=result.result.formation,
        starters=tuple(p.player.key if p.player else None for p in result.result.picks),
        excluded=frozenset(p.key for p in result.result.excluded)
        | frozenset(str(k) for k in (result.choice.excluded if result.choice else ())),
        saved=result.saved,
    )


def team_lineup(
    team: Team,
    size: int,
    *,
    squad: list[Player] | None = None,
    now: dt.datetime | None = None,
    game: Game | None = NEXT,
    pinned: Collection[str] = frozenset(),
    locked: Mapping[str, int] | None = None,
    excluded: Collection[str] = frozenset(),
    use_choice: bool = True,
) -> TeamLineup:
    """The lineup of ``size`` for ``game`` (by default the team's current or next game;
    ``None`` or none scheduled: its fit players).

    Players who answered "no" never appear; "maybe" counts as the team decides
    (``Team.count_maybe``); unfit players stay out.

    ``pinned``, ``locked`` and ``excluded`` are the coach's choices (player pks
    as strings; ``locked`` maps to a slot index), passed to the solver as
    constraints; without them, the choices stored for the game
    (:class:`~clubs.models.SavedLineup`) apply when the size is the one they were
    made for. A pin or lock overrides a "no" or "maybe" answer (the coach
    knows better), but not an injury or a player outside the squad: those
    raise :class:`lineup.solver.LineupConstraintError`, which
    :func:`clubs.reasons.constraint_message` words for the coach. (Stored
    choices that no longer hold are set aside and listed in ``dropped``.)

    When the coach saved a lineup for the game, that lineup is shown
    (``saved``); ``stale`` lists why it is out of date, if it is. ``use_choice=False``
    ignores what is stored for the game (the coach's choices and saved lineup).
    """
    squad = squad_of(team) if squad is None else squad
    if game is NEXT:
        game = team.current_or_next_game(now or timezone.now())
    answers: dict[str, str] = {}
    answered_at: dt.datetime | None = None
    if game is not None:
        # One query gives the answers and when the newest was given (Last-Modified).
        for player_id, answer, updated_at in _ANSWERS.rows(game_id=game.pk):
            answers[str(player_id)] = answer
            answered_at = updated_at if answered_at is None else max(answered_at, updated_at)
    formation = formation_for(team.sport, size, key=team.formation or None)
    choice = choice_of(game) if use_choice else None
    saved = choice is not None and choice.is_saved
    if saved:
        assert choice is not None
        if len(choice.starters) == size:
            formation = saved_formation(choice, team.sport)
        else:
            saved = False  # another size than the one saved: a suggestion
    dropped: list[tuple[Player, str]] = []
    by_key = {str(p.pk): p for p in squad}
    explicit = bool(pinned or locked or excluded)
    if choice is not None and not explicit and (saved or _fits(choice, formation)):
        stored = choice.constraints()
        pinned, locked, excluded, dropped = _usable(stored, by_key, formation)
    not_counted = {Answer.NO} | (set() if team.count_maybe else {Answer.MAYBE})
    chosen = set(pinned) | set(locked or {})
    left_out: list[tuple[Player, str]] = []
    available: set[str] = set()
    for player in squad:
        key = str(player.pk)
        if not player.fit:
            left_out.append((player, "injured"))
        elif answers.get(key) in not_counted and key not in chosen:
            left_out.append((player, answers[key]))
        else:
            available.add(key)
    solver_squad = [as_solver_player(p) for p in squad]
    result = best_lineup(
        solver_squad,
        formation,
        available,
        pinned=pinned,
        locked=locked,
        excluded=excluded,
    )
    players = dict(by_key)
    suggestion = None
    stale: list[tuple[Player | None, str]] = []
    if saved:
        assert choice is not None
        starters = [None if k is None else str(k) for k in choice.starters]
        missing = [int(k) for k in starters if k is not None and k not in players]
        if missing:
            # Saved starters who have left the squad since still show by name.
            gone = Player.objects.filter(pk__in=missing).prefetch_related("positions")
            for p in gone:
                players[str(p.pk)] = p
                stale.append((p, "left"))
        suggested = [pick.player.key if pick.player else None for pick in result.picks]
        for starter in starters:
            if starter is None or starter not in by_key:
                continue
            if not by_key[starter].fit:
                stale.append((by_key[starter], "injured"))
            elif answers.get(starter) in not_counted:
                stale.append((by_key[starter], answers[starter]))
        if suggested != starters or stale:
            suggestion = result
            result = _saved_result(result, formation, starters, players, available)
            if not stale:
                stale.append((None, "better"))
    left_out += [(players[p.key], "coach") for p in result.excluded]
    return TeamLineup(
        team=team,
        size=size,
        game=game,
        result=result,
        players=players,
        answers=answers,
        answered_at=answered_at,
        left_out=tuple(left_out),
        choice=choice,
        saved=saved,
        stale=tuple(stale),
        suggestion=suggestion,
        dropped=tuple(dropped),
    )


def coach_choices(result: TeamLineup) -> tuple[frozenset[str], dict[str, int], frozenset[str]]:
    """The coach's stored choices that still hold for ``result``'s formation:
    (pinned, locked, excluded), player ids as strings."""
    if result.choice is None or not (result.saved or _fits(result.choice, result.result.formation)):
        return frozenset(), {}, frozenset()
    by_key = {str(p.pk): p for p in result.players.values()}
    pinned, locked, excluded, _dropped = _usable(
        result.choice.constraints(), by_key, result.result.formation
    )
    return pinned, locked, excluded


def game_lineup_of(game: Game, squad: list[Player] | None = None) -> TeamLineup | None:
    """The lineup of one game at its size (the saved lineup's, else the team's usual);
    ``None`` when the squad is too small for it."""
    team = game.team
    squad = squad_of(team) if squad is None else squad
    if team.team_size > len(squad):
        choice = choice_of(game)
        if choice is None or not choice.is_saved or len(choice.starters) > len(squad):
            return None
    result = team_lineup(team, team.team_size, squad=squad, game=game)
    choice = result.choice
    if choice is not None and choice.is_saved and len(choice.starters) != result.size:
        if len(choice.starters) > len(squad):
            return None
        return team_lineup(team, len(choice.starters), squad=squad, game=game)
    return result


def _fits(choice: SavedLineup, formation: Formation) -> bool:
    """Whether the stored choices were made for this formation (locks name its slots)."""
    return not choice.formation or choice.formation == formation.key


def _usable(
    stored: dict[str, Any], by_key: Mapping[str, Player], formation: Formation
) -> tuple[frozenset[str], dict[str, int], frozenset[str], list[tuple[Player, str]]]:
    """The stored choices that still hold (pinned, locked, excluded), and the players whose
    choice was set aside, with why (``injured`` or ``left``)."""
    dropped: list[tuple[Player, str]] = []

    def ok(key: str) -> bool:
        player = by_key.get(key)
        if player is not None and not player.fit:
            dropped.append((player, "injured"))
        return player is not None and player.fit

    locked: dict[str, int] = {}
    for key, slot in sorted(stored["locked"].items(), key=lambda kv: kv[1]):
        if ok(key) and 0 <= slot < formation.size and slot not in locked.values():
            locked[key] = slot
    pinned = frozenset(k for k in stored["pinned"] if k not in locked and ok(k))
    room = formation.size - len(locked)
    pinned = frozenset(sorted(pinned, key=lambda k: by_key[k].number)[:room])
    excluded = frozenset(
        k for k in stored["excluded"] if k in by_key and k not in pinned and k not in locked
    )
    return pinned, locked, excluded, dropped


def _saved_result(
    suggestion: lineup.solver.Lineup,
    formation: Formation,
    starters: list[str | None],
    players: Mapping[str, Player],
    available: Collection[str],
) -> lineup.solver.Lineup:
    """The saved lineup in the solver's shape: each saved starter in their slot, "put
    there by the coach"; the other available players on the bench."""
    solver_players = {k: as_solver_player(p) for k, p in players.items()}
    picks = []
    for slot, key in zip(formation.slots, starters, strict=True):
        player = solver_players.get(key) if key is not None else None
        rating = None if player is None else slot_rating(player, slot)
        code = ReasonCode.EMPTY if player is None else ReasonCode.CHOSEN_BY_COACH_LOCKED
        picks.append(Pick(slot=slot, player=player, rating=rating, reason=Reason(code, rating)))
    starting = {k for k in starters if k is not None}
    left_out = {p.key for p in suggestion.excluded}
    bench = sorted(
        (
            solver_players[k]
            for k in available
            if k in solver_players and k not in starting and k not in left_out
        ),
        key=lambda p: (-p.best_rating, p.number, p.key),
    )
    return lineup.solver.Lineup(
        formation=formation,
        picks=tuple(picks),
        bench=tuple(bench),
        total_rating=sum(p.rating or 0 for p in picks),
        candidates=len(starting) + len(bench),
        excluded=suggestion.excluded,
        pinned=suggestion.pinned,
        locked={k: s for s, k in enumerate(starters) if k is not None},
    )


@dataclass(frozen=True)
class Marker:
    """One shirt on the pitch drawing, in SVG user units (see :mod:`clubs.pitch_layout`).

    ``name_x``/``name_y``: where the name starts (its baseline), relative to the centre.
    """

    cx: float
    cy: float
    number: str
    name: str
    position: str
    label: str
    empty: bool
    maybe: bool
    name_x: float = 0.0
    name_y: float = 8.0


#: The drawing is portrait (phones), 68 × 105 like a football pitch.
PITCH_WIDTH, PITCH_HEIGHT, PITCH_MARGIN = (
    pitch_layout.WIDTH,
    pitch_layout.HEIGHT,
    pitch_layout.MARGIN,
)


def pitch_markers(team_lineup: TeamLineup) -> list[Marker]:
    """Where each pick goes on the drawing: own goal at the bottom, attack at the top;
    every shirt and name apart from the others and inside the lines."""
    picks = team_lineup.result.picks
    if team_lineup.private:
        # Already short ("Emma J."); the shirt's number tells two "Emma J. (No. 4)" apart.
        names = [pick.player.name.split(" (")[0] if pick.player else "" for pick in picks]
    else:
        names = short_names([pick.player.name if pick.player else "" for pick in picks])
    texts = [
        name if pick.player else (pick.slot.position or "—")
        for name, pick in zip(names, picks, strict=True)
    ]
    placed, drawn = _layout(tuple((pick.slot.x, pick.slot.y) for pick in picks), tuple(texts))
    markers = []
    for pick, spot, text in zip(picks, placed, drawn, strict=True):
        slot, player = pick.slot, pick.player
        markers.append(
            Marker(
                cx=spot.cx,
                cy=spot.cy,
                number=str(player.number) if player else "?",
                name=text,
                position=slot.position or "",
                label=position_name(slot.label),
                empty=player is None,
                maybe=player is not None and team_lineup.answers.get(player.key) == Answer.MAYBE,
                name_x=round(spot.label_x - spot.cx, 2),
                name_y=round(spot.label_y - spot.cy, 2),
            )
        )
    return markers


@functools.lru_cache(maxsize=512)
def _layout(
    slots: tuple[tuple[float, float], ...], texts: tuple[str, ...]
) -> tuple[tuple[pitch_layout.Placed, ...], tuple[str, ...]]:
    """``pitch_layout.layout``, remembered: a pure function of the formation and the names,
    and its search is most of what drawing the pitch costs. The same lineup is drawn on
    its page, card, PDF and game page, in every language, until its picks change."""
    placed, drawn = pitch_layout.layout(slots, texts)
    return tuple(placed), tuple(drawn)


def short_names(names: list[str]) -> list[str]:
    """A short, unique name per shirt: the surname; "A. Okafor" where two share one;
    "Lena O." where the initials are shared too. A name already shortened for privacy
    ("Maya M.") stays as it is."""

    def surname(name: str) -> str:
        parts = name.split()
        if len(parts) > 1 and len(parts[-1]) <= 2 and parts[-1].endswith("."):
            return name  # first name and initial: the public form of a junior's name
        return parts[-1] if parts else name

    def initialled(name: str) -> str:
        parts = name.split()
        return f"{parts[0][0]}. {surname(name)}" if len(parts) > 1 else name

    def first_named(name: str) -> str:
        parts = name.split()
        return f"{parts[0]} {surname(name)[0]}." if len(parts) > 1 else name

    short = [surname(n) for n in names]
    for step in (initialled, first_named, str):
        counts: dict[str, int] = {}
        for s in short:
            counts[s] = counts.get(s, 0) + 1
        short = [step(n) if s and counts[s] > 1 else s for n, s in zip(names, short, strict=True)]
    return short
