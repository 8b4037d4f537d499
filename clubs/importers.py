"""CSV in and out: roster and fixtures.

Import is two steps: ``*_parse`` checks every row and reports row-level errors
without touching the database; only a file with no errors goes on to
``clubs.services.roster_import`` / ``fixtures_import``, all-or-nothing.
Export neutralises spreadsheet formulas (a cell starting = + - @ gets a ').
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from lineup.formations import positions_for
from web.security import csv_safe

from .models import HomeAway, Team

#: Upload bound: a 60-player roster is a few kB; this leaves room and stops abuse.
MAX_BYTES = 256 * 1024
MAX_FIXTURES = 200

ROSTER_COLUMNS = ("name", "number", "positions", "email")
FIXTURE_COLUMNS = ("date", "time", "opponent", "venue", "home_away")
_ALIASES = {
    "shirt number": "number",
    "shirt": "number",
    "no": "number",
    "no.": "number",
    "player": "name",
    "ratings": "positions",
    "e-mail": "email",
    "home/away": "home_away",
    "home or away": "home_away",
    "kick-off": "time",
    "kickoff": "time",
}


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    number: int
    ratings: dict[str, int]
    email: str = ""
    updates: str = ""  # the existing player this row changes, if any


@dataclass(frozen=True)
class FixtureRow:
    line: int
    kickoff: dt.datetime
    opponent: str
    venue: str
    home_away: str
    updates: str = ""


@dataclass
class Parsed:
    """A checked file: good rows, and errors by line (line 0: the file itself)."""

    rows: list[Any] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def decode(data: bytes) -> str:
    """UTF-8 (with or without the BOM spreadsheets add), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _records(
    text: str, expected: tuple[str, ...], required: set[str], parsed: Parsed
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) for each non-empty row; header problems go to ``parsed``."""
    text = text.removeprefix("\ufeff")  # the byte-order mark spreadsheets add
    if not text.strip():
        parsed.errors.append((0, _("The file is empty.")))
        return
    sample = text[:4096]
    delimiter = (
        ";" if sample.count(";") > sample.count(",") and "," not in sample.split("\n")[0] else ","
    )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    except (csv.Error, StopIteration):
        parsed.errors.append((0, _("This is not a CSV file that teamcoach can read.")))
        return
    missing = required - set(header)
    if missing:
        parsed.errors.append(
            (
                1,
                _("The first line must name the columns; missing: %(missing)s. Expected: %(cols)s.")
                % {"missing": ", ".join(sorted(missing)), "cols": ", ".join(expected)},
            )
        )
        return
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                parsed.errors.append(
                    (reader.line_num, _("This row has more cells than the header."))
                )
                continue
            yield (
                reader.line_num,
                {column: value.strip() for column, value in zip(header, values, strict=False)},
            )
    except csv.Error as error:
        parsed.errors.append((reader.line_num, _("Unreadable row: %(e)s") % {"e": error}))


def parse_ratings(text: str, known: Iterable[str]) -> dict[str, int]:
    """ "GK:80;CB:70" → {"GK": 80, "CB": 70}; ValueError with a readable message otherwise."""
    known = tuple(known)
    ratings: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        code, sep, number = part.partition(":")
        code = code.strip().upper()
        if not sep or not number.strip().isdigit():
            raise ValueError(_("“%(part)s” should look like GK:80.") % {"part": part})
        if known and code not in known:
            raise ValueError(
                _("“%(code)s” is not a position here. Use one of: %(codes)s.")
                % {"code": code, "codes": ", ".join(known)}
            )
        rating = int(number)
        if rating > 100:
            raise ValueError(_("%(code)s: a rating goes from 0 to 100.") % {"code": code})
        if code in ratings:
            raise ValueError(_("%(code)s is listed twice.") % {"code": code})
        ratings[code] = rating
    return ratings


def roster_parse(text: str, team: Team) -> Parsed:
    """Check a roster file: name, number, positions ("GK:80;CB:70"), optional email."""
    parsed = Parsed()
    known = positions_for(team.sport)
    existing = {p.number: p for p in team.players.all()}
    seen: dict[int, int] = {}
    for line, record in _records(text, ROSTER_COLUMNS, {"name", "number", "positions"}, parsed):
        problems = []
        name = record.get("name", "")
        if not name:
            problems.append(_("The name is missing."))
        elif len(name) > 80:
            problems.append(_("The name is longer than 80 characters."))
        number_text = record.get("number", "")
        number = int(number_text) if number_text.isdigit() else -1
        if not 0 <= number <= 99:
            problems.append(_("“%(n)s” is not a shirt number from 0 to 99.") % {"n": number_text})
        elif number in seen:
            problems.append(
                _("Shirt number %(n)s is also on line %(other)s.")
                % {"n": number, "other": seen[number]}
            )
        else:
            seen[number] = line
        try:
            ratings = parse_ratings(record.get("positions", ""), known)
        except ValueError as error:
            problems.append(str(error))
            ratings = {}
        email = record.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(e)s” is not an e-mail address.") % {"e": email})
        if problems:
            parsed.errors.extend((line, p) for p in problems)
            continue
        current = existing.get(number)
        parsed.rows.append(
            RosterRow(line, name, number, ratings, email, updates=current.name if current else "")
        )
    if len(seen) + len(set(existing) - set(seen)) > settings.TEAMCOACH_MAX_SQUAD:
        parsed.errors.append(
            (0, _("A squad has at most %(n)s players.") % {"n": settings.TEAMCOACH_MAX_SQUAD})
        )
    if not parsed.rows and not parsed.errors:
        parsed.errors.append((0, _("The file has no players in it.")))
    return parsed


def fixtures_parse(text: str, team: Team) -> Parsed:
    """Check a fixtures file: date (YYYY-MM-DD), time (HH:MM), opponent, venue, home_away."""
    parsed = Parsed()
    existing = {g.kickoff: g for g in team.games.all()}
    seen: dict[dt.datetime, int] = {}
    tz = timezone.get_current_timezone()
    for line, record in _records(text, FIXTURE_COLUMNS, {"date", "time", "opponent"}, parsed):
        problems = []
        try:
            kickoff = dt.datetime.combine(
                dt.date.fromisoformat(record.get("date", "")),
                dt.time.fromisoformat(record.get("time", "")),
                tzinfo=tz,
            )
        except ValueError:
            problems.append(
                _("“%(d)s %(t)s” is not a date and time like 2026-05-30 10:30.")
                % {"d": record.get("date", ""), "t": record.get("time", "")}
            )
            kickoff = None
        if kickoff is not None and kickoff in seen:
            problems.append(
                _("Line %(other)s has a game at the same time.") % {"other": seen[kickoff]}
            )
        opponent = record.get("opponent", "")
        if not opponent or len(opponent) > 100:
            problems.append(_("The opponent is missing or longer than 100 characters."))
        venue = record.get("venue", "")
        if len(venue) > 150:
            problems.append(_("The venue is longer than 150 characters."))
        home_away = (record.get("home_away") or HomeAway.HOME).lower()
        if home_away not in HomeAway.values:
            problems.append(_("Home or away: write “home” or “away”."))
        if problems or kickoff is None:
            parsed.errors.extend((line, p) for p in problems)
            continue
        seen[kickoff] = line
        current = existing.get(kickoff)
        parsed.rows.append(
            FixtureRow(line, kickoff, opponent, venue, home_away, updates=str(current or ""))
        )
    if len(parsed.rows) > MAX_FIXTURES:
        parsed.errors.append((0, _("At most %(n)s games per file.") % {"n": MAX_FIXTURES}))
    if not parsed.rows and not parsed.errors:
        parsed.errors.append((0, _("The file has no games in it.")))
    return parsed


#: The site's one rule for CSV cells (web.security.csv_safe).
neutralise = csv_safe


def roster_rows(team: Team) -> Iterator[list[str]]:
    yield list(ROSTER_COLUMNS)
    for player in team.active_players().prefetch_related("positions").order_by("number"):
        ratings = ";".join(f"{p.position}:{p.rating}" for p in player.positions.all())
        yield [neutralise(v) for v in (player.name, player.number, ratings, player.email)]


def fixture_rows(team: Team) -> Iterator[list[str]]:
    yield list(FIXTURE_COLUMNS)
    for game in team.games.order_by("kickoff"):
        local = timezone.localtime(game.kickoff)
        yield [
            neutralise(v)
            for v in (
                local.date().isoformat(),
                local.strftime("%H:%M"),
                game.opponent,
                game.venue,
                game.home_away,
            )
        ]


def to_csv(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()
