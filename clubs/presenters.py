"""What each resource shows, as plain JSON-able values, and its CSV rows.

One function per resource builds the data; the JSON format is that data, the
CSV format flattens it, the ETag is its fingerprint, the PDF (``clubs.pdf``)
draws it. So every format of a resource shows the same thing and changes together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import lineup

from .importers import ratings_cell
from .lineups import TeamLineup
from .models import Game, Player, Team
from .privacy import EVERYTHING, Audience
from .reasons import reason_code, reason_facts


@cache
def solver_version() -> tuple[str, dt.datetime]:
    """A fingerprint and a modification time of the solver's code.

    A new solver may pick a different lineup from the same data, so the lineup's
    ETag and Last-Modified include it.
    """
    files = sorted(Path(lineup.__file__).parent.glob("*.py"))
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]
    mtime = max(f.stat().st_mtime for f in files)
    return digest, dt.datetime.fromtimestamp(mtime, tz=dt.UTC)


def _fields(obj: Any, names: str) -> dict[str, Any]:
    """The named fields, dates and times as ISO 8601 text."""
    values = {name: getattr(obj, name) for name in names.split()}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def team_data(team: Team) -> dict[str, Any]:
    club = {"club": team.club.name, "club_slug": team.club.slug}
    names = "slug name team_type age_group sport team_size formation count_maybe updated_at"
    return club | _fields(team, names)


def game_data(game: Game, now: dt.datetime | None = None) -> dict[str, Any]:
    fields = _fields(game, "opponent kickoff venue home_away updated_at")
    return {"id": game.pk} | fields | {"state": game.state(now)}


def saved_data(result: TeamLineup) -> dict[str, Any]:
    """Whether the lineup is the coach's saved one, by whom, and whether it is out of date."""
    choice = result.choice
    saved = result.saved and choice is not None and choice.saved_at is not None
    return {
        "status": "saved" if saved else "suggested",
        "saved_by": choice.saved_by_name if saved and choice else None,
        "saved_at": choice.saved_at.isoformat() if saved and choice and choice.saved_at else None,
        "out_of_date": [
            {"number": p.number if p is not None else None, "why": why} for p, why in result.stale
        ],
    }


def player_data(player: Player, seen_by: Audience = EVERYTHING) -> dict[str, Any]:
    # No birth year here: rosters are public and many players are minors.
    if seen_by.hides(player):
        # Outside the club: the positions a junior plays, alphabetically (their order
        # by rating would compare), no ratings, no fitness (``clubs.privacy``).
        positions = sorted(p.position for p in player.positions.all())
        return {
            "number": player.number,
            "name": seen_by.name(player),
            "fit": None,
            "positions": dict.fromkeys(positions),
        }
    return {
        "number": player.number,
        "name": player.name,
        "fit": player.fit,
        "positions": {
            p.position: p.rating
            for p in sorted(player.positions.all(), key=lambda p: (-p.rating, p.position))
        },
    }


def roster_data(
    team: Team, squad: Sequence[Player], seen_by: Audience = EVERYTHING
) -> dict[str, Any]:
    return {"team": team_data(team), "players": [player_data(p, seen_by) for p in squad]}


def fixtures_data(team: Team, games: Sequence[Game]) -> dict[str, Any]:
    return {"team": team_data(team), "games": [game_data(g) for g in games]}


def lineup_data(result: TeamLineup) -> dict[str, Any]:
    solved = result.result
    return {
        "team": team_data(result.team),
        "size": result.size,
        "game": game_data(result.game) if result.game else None,
        "lineup": saved_data(result),
        "formation": {"key": solved.formation.key, "name": solved.formation.name},
        "total_rating": None if result.private else solved.total_rating,
        "shortfall": solved.shortfall,
        "picks": [
            {
                "slot": pick.slot.label,
                "position": pick.slot.position,
                "number": pick.player.number if pick.player else None,
                "name": pick.player.name if pick.player else None,
                "rating": pick.rating,
                "maybe": bool(pick.player and pick.player.key in result.maybe_keys),
                "reason": sentence,
                "reason_code": reason_code(pick, with_ratings=result.with_ratings),
                "reason_facts": reason_facts(pick, with_ratings=result.with_ratings),
            }
            for pick, sentence in result.explained
        ],
        "bench": [
            {
                "number": p.number,
                "name": p.name,
                "best_rating": None if result.private else p.best_rating,
            }
            for p in solved.bench
        ],
        "unavailable": [
            {"number": p.number, "name": name, "why": why or None} for p, name, why in result.absent
        ],
        "solver": solver_version()[0],
    }


# --- When the data last changed (Last-Modified) -------------------------------------


def squad_changed(team: Team, squad: Iterable[Player]) -> dt.datetime | None:
    stamps = [p.updated_at for p in squad]
    return max([team.updated_at, *stamps])


def games_changed(team: Team, games: Iterable[Game]) -> dt.datetime | None:
    return max([team.updated_at, *(g.updated_at for g in games)])


def lineup_changed(result: TeamLineup) -> dt.datetime | None:
    stamps = [squad_changed(result.team, result.players.values()), solver_version()[1]]
    if result.game is not None:
        stamps += [result.game.updated_at, result.answered_at]
    if result.choice is not None:
        stamps.append(result.choice.updated_at)
    return max(s for s in stamps if s is not None)


# --- CSV rows -------------------------------------------------------------------------

LINEUP_CSV_HEADER = ["role", "slot", "position", "number", "name", "rating", "note", "reason"]


def lineup_rows(data: dict[str, Any]) -> list[list[object]]:
    rows: list[list[object]] = []
    for pick in data["picks"]:
        note = "maybe" if pick["maybe"] else ""
        rows.append(
            ["starter", pick["slot"], pick["position"] or "", pick["number"], pick["name"] or "",
             pick["rating"], note, pick["reason"]]
        )  # fmt: skip
    for p in data["bench"]:
        rows.append(["bench", "", "", p["number"], p["name"], p["best_rating"], "", ""])
    for p in data["unavailable"]:
        rows.append(["unavailable", "", "", p["number"], p["name"], "", p["why"], ""])
    return rows


ROSTER_CSV_HEADER = ["number", "name", "fit", "positions"]


def roster_rows(data: dict[str, Any]) -> list[list[object]]:
    return [
        [
            p["number"],
            p["name"],
            "" if p["fit"] is None else "yes" if p["fit"] else "no",
            # the format the roster import reads back; outside the club, positions only
            ratings_cell(p["positions"])
            if None not in p["positions"].values()
            else " ".join(p["positions"]),
        ]
        for p in data["players"]
    ]


FIXTURES_CSV_HEADER = ["kickoff", "opponent", "home_away", "venue"]


def fixtures_rows(data: dict[str, Any]) -> list[list[object]]:
    return [[g["kickoff"], g["opponent"], g["home_away"], g["venue"]] for g in data["games"]]


TEAM_CSV_HEADER = ["slug", "name", "club", "team_type", "age_group", "sport", "team_size"]


def team_rows(data: dict[str, Any]) -> list[list[object]]:
    return [[data[k] for k in TEAM_CSV_HEADER]]
