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
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lineup.formations import positions_for
from web.security import csv_safe, csv_unsafe

from .models import HomeAway, Team
from .services import Contact, contacts_text

#: Upload bound: a 60-player roster is a few kB; this leaves room and stops abuse.
MAX_BYTES = 256 * 1024
MAX_FIXTURES = 200

ROSTER_COLUMNS = ("name", "number", "positions", "email", "contacts")
FIXTURE_COLUMNS = ("date", "time", "opponent", "venue", "home_away")
_ALIASES = {
    "shirt number": "number",
    "shirt": "number",
    "no": "number",
    "no.": "number",
    "player": "name",
    "ratings": "positions",
    "e-mail": "email",
    "contact": "contacts",
    "guardians": "contacts",
    "parents": "contacts",
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
    fit: bool | None = None  # None: the file has no fit column, or the cell is blank
    updates: str = ""  # the existing player this row changes, if any
    #: The existing player's name when the file gives the number another name: the
    #: coach confirms each such rename on the preview (``renames`` of the import).
    renames: str = ""
    #: What the row changes on the existing player, in words ("positions", "e-mail" …).
    changes: tuple[str, ...] = ()
    #: The player's contacts; None when the file has no contacts column or the cell is
    #: blank (the contacts stay as they are, like a blank e-mail).
    contacts: tuple[Contact, ...] | None = None

    @property
    def unchanged(self) -> bool:
        return bool(self.updates) and not self.renames and not self.changes


@dataclass(frozen=True)
class FixtureRow:
    line: int
    kickoff: dt.datetime
    opponent: str
    venue: str
    home_away: str
    updates: str = ""


class Problem(NamedTuple):
    """One thing to fix: where (line 0: the file itself; column "" for the whole row) and
    what to write instead."""

    line: int
    column: str
    message: str


@dataclass
class Parsed:
    """A checked file: good rows, and the problems by line and column."""

    rows: list[Any] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def renames(self) -> list[Any]:
        return [row for row in self.rows if getattr(row, "renames", "")]

    @property
    def no_changes(self) -> bool:
        """Every row says what is saved already (a file exported and sent back)."""
        return self.ok and all(getattr(row, "unchanged", False) for row in self.rows)

    def add(self, line: int, column: str, message: str) -> None:
        self.errors.append(Problem(line, column, message))


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
        parsed.add(0, "", _("The file is empty."))
        return
    sample = text[:4096]
    delimiter = (
        ";" if sample.count(";") > sample.count(",") and "," not in sample.split("\n")[0] else ","
    )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    except (csv.Error, StopIteration):
        parsed.add(
            0,
            "",
            _("This is not a CSV file that teamcoach can read: save it as CSV and try again."),
        )
        return
    missing = required - set(header)
    if missing:
        parsed.add(
            1,
            "",
            _("The first line must name the columns; missing: %(missing)s. Expected: %(cols)s.")
            % {"missing": ", ".join(sorted(missing)), "cols": ", ".join(expected)},
        )
        return
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                parsed.add(
                    reader.line_num,
                    "",
                    _(
                        "This row has more cells than the first line has columns: remove the "
                        "extra cells, or put a cell with a comma in quotes."
                    ),
                )
                continue
            yield (
                reader.line_num,
                {
                    column: csv_unsafe(value.strip())
                    for column, value in zip(header, values, strict=False)
                },
            )
    except csv.Error as error:
        parsed.add(reader.line_num, "", _("Unreadable row: %(e)s") % {"e": error})


#: "GK:80" pairs, written the way the site exports them ("GK:83 RM:60") or the older
#: way ("GK:80;CB:70", or with commas in a quoted cell).
_SEPARATORS = re.compile(r"[\s;,]+")
_AROUND_COLON = re.compile(r"\s*:\s*")


def ratings_cell(ratings: Mapping[str, int]) -> str:
    """The positions cell as the site writes it: ``GK:83 RM:60``, best rating first."""
    ordered = sorted(ratings.items(), key=lambda item: (-item[1], item[0]))
    return " ".join(f"{position}:{rating}" for position, rating in ordered)


def parse_ratings(text: str, known: Iterable[str]) -> dict[str, int]:
    """ "GK:83 RM:60" (or "GK:80;CB:70") → {"GK": 83, "RM": 60}; ValueError saying what
    to write instead otherwise."""
    known = tuple(known)
    ratings: dict[str, int] = {}
    for part in filter(None, _SEPARATORS.split(_AROUND_COLON.sub(":", text.strip()))):
        code, sep, number = part.partition(":")
        code = code.strip().upper()
        if not sep or not number.isdigit():
            raise ValueError(
                _(
                    "“%(part)s” should look like GK:80 (a position, a colon, a rating from 0 "
                    "to 100), with a space between positions: GK:80 CB:70."
                )
                % {"part": part}
            )
        if known and code not in known:
            raise ValueError(
                _("“%(code)s” is not a position here. Use one of: %(codes)s.")
                % {"code": code, "codes": ", ".join(known)}
            )
        rating = int(number)
        if rating > 100:
            raise ValueError(
                _("%(code)s:%(rating)s: a rating goes from 0 to 100.")
                % {"code": code, "rating": rating}
            )
        if code in ratings:
            raise ValueError(
                _("%(code)s is listed twice: keep one rating per position.") % {"code": code}
            )
        ratings[code] = rating
    return ratings


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def parse_fit(text: str) -> bool | None:
    """The fit column: yes or no (as exported); blank keeps what is saved."""
    value = text.strip().lower()
    if not value:
        return None
    if value in _YES | _NO:
        return value in _YES
    raise ValueError(
        _("“%(value)s” is not yes or no: write yes (fit to play) or no (injured or ill).")
        % {"value": text}
    )


#: What a row changes, in words for the preview ("updates positions, e-mail").
CHANGE_NAMES = {
    "positions": gettext_lazy("positions"),
    "email": gettext_lazy("e-mail"),
    "fit": gettext_lazy("fit to play"),
    "back": gettext_lazy("back in the squad"),
    "contacts": gettext_lazy("contacts"),
}


def contacts_cell(contacts: Iterable[Any]) -> str:
    """``Ann Smith <ann@example.org> 0123 456; Bo Smith <bo@example.org>``."""
    return contacts_text(contacts)


_CONTACT = re.compile(r"^(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+)>\s*(?P<phone>[^<>]*)$")


def parse_contacts(text: str) -> tuple[Contact, ...]:
    """The contacts cell, as exported: ``Name <e-mail> phone`` separated by ";"."""
    contacts: list[Contact] = []
    seen: set[str] = set()
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _CONTACT.match(part)
        if match is None:
            raise ValueError(
                _(
                    "“%(c)s” is not a contact: write each as Name <name@example.org> and an "
                    "optional phone number, separated by semicolons."
                )
                % {"c": part}
            )
        name, email, phone = match["name"].strip(), match["email"], match["phone"].strip()
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError(
                _("“%(e)s” is not an e-mail address: write it like name@example.org.")
                % {"e": email}
            ) from None
        if len(name) > 80 or len(phone) > 30:
            raise ValueError(
                _("“%(c)s” is too long: names up to 80 characters, phones up to 30.") % {"c": part}
            )
        if email.casefold() in seen:
            raise ValueError(_("%(email)s is listed twice.") % {"email": email})
        seen.add(email.casefold())
        contacts.append(Contact(name=name, email=email, phone=phone))
    return tuple(contacts)


def _roster_changes(
    current: Any,
    ratings: dict[str, int],
    email: str,
    fit: bool | None,
    contacts: tuple[Contact, ...] | None = None,
) -> tuple[str, ...]:
    """What a row would change on ``current`` (the name apart: a rename is asked for)."""
    changes = []
    if ratings != {p.position: p.rating for p in current.positions.all()}:
        changes.append("positions")
    if email and email != current.email:
        changes.append("email")
    if contacts is not None and list(contacts) != [
        Contact(c.name, c.email, c.phone) for c in current.contacts.all()
    ]:
        changes.append("contacts")
    if fit is not None and fit != current.fit:
        changes.append("fit")
    if current.retired_at is not None:
        changes.append("back")
    return tuple(str(CHANGE_NAMES[c]) for c in changes)


def roster_parse(text: str, team: Team) -> Parsed:
    """Check a roster file: name, number, positions ("GK:83 RM:60"), optional email and fit.

    The file the site exports (the roster's CSV, or the import page's download) comes back
    as "no changes"; a shirt number given another name is a rename the coach confirms.
    """
    parsed = Parsed()
    known = positions_for(team.sport)
    existing = {p.number: p for p in team.players.prefetch_related("positions", "contacts")}
    seen: dict[int, int] = {}
    for line, record in _records(text, ROSTER_COLUMNS, {"name", "number", "positions"}, parsed):
        problems: list[tuple[str, str]] = []
        name = record.get("name", "")
        if not name:
            problems.append(("name", _("The name is missing: write the player’s name.")))
        elif len(name) > 80:
            problems.append(("name", _("The name is longer than 80 characters: shorten it.")))
        number_text = record.get("number", "")
        number = int(number_text) if number_text.isdigit() else -1
        if not 0 <= number <= 99:
            problems.append(
                (
                    "number",
                    _("“%(n)s” is not a shirt number: write a whole number from 0 to 99.")
                    % {"n": number_text},
                )
            )
        elif number in seen:
            problems.append(
                (
                    "number",
                    _("Shirt number %(n)s is also on line %(other)s: give each player their own.")
                    % {"n": number, "other": seen[number]},
                )
            )
        else:
            seen[number] = line
        try:
            ratings = parse_ratings(record.get("positions", ""), known)
        except ValueError as error:
            problems.append(("positions", str(error)))
            ratings = {}
        email = record.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(
                    (
                        "email",
                        _(
                            "“%(e)s” is not an e-mail address: write it like "
                            "name@example.org, or leave the cell empty."
                        )
                        % {"e": email},
                    )
                )
        try:
            fit = parse_fit(record.get("fit", ""))
        except ValueError as error:
            problems.append(("fit", str(error)))
            fit = None
        contacts: tuple[Contact, ...] | None = None
        try:
            contacts = parse_contacts(record["contacts"]) if record.get("contacts") else None
        except ValueError as error:
            problems.append(("contacts", str(error)))
        if problems:
            for column, message in problems:
                parsed.add(line, column, message)
            continue
        current = existing.get(number)
        parsed.rows.append(
            RosterRow(
                line,
                name,
                number,
                ratings,
                email,
                fit,
                updates=current.name if current else "",
                renames=current.name if current and current.name != name else "",
                changes=(
                    _roster_changes(current, ratings, email, fit, contacts) if current else ()
                ),
                contacts=contacts,
            )
        )
    if len(seen) + len(set(existing) - set(seen)) > settings.TEAMCOACH_MAX_SQUAD:
        parsed.add(
            0,
            "",
            ngettext(
                "A squad has at most %(n)s player: leave some out of the file.",
                "A squad has at most %(n)s players: leave some out of the file.",
                settings.TEAMCOACH_MAX_SQUAD,
            )
            % {"n": settings.TEAMCOACH_MAX_SQUAD},
        )
    if not parsed.rows and not parsed.errors:
        parsed.add(0, "", _("The file has no players in it: add a row per player."))
    return parsed


def fixtures_parse(text: str, team: Team) -> Parsed:
    """Check a fixtures file: date (YYYY-MM-DD), time (HH:MM), opponent, venue, home_away."""
    parsed = Parsed()
    existing = {g.kickoff: g for g in team.games.all()}
    seen: dict[dt.datetime, int] = {}
    tz = timezone.get_current_timezone()
    for line, record in _records(text, FIXTURE_COLUMNS, {"date", "time", "opponent"}, parsed):
        problems: list[tuple[str, str]] = []
        try:
            kickoff = dt.datetime.combine(
                dt.date.fromisoformat(record.get("date", "")),
                dt.time.fromisoformat(record.get("time", "")),
                tzinfo=tz,
            )
        except ValueError:
            problems.append(
                (
                    "date, time",
                    _(
                        "“%(d)s %(t)s” is not a date and time: write the date like 2026-05-30 "
                        "and the time like 10:30."
                    )
                    % {"d": record.get("date", ""), "t": record.get("time", "")},
                )
            )
            kickoff = None
        if kickoff is not None and kickoff in seen:
            problems.append(
                (
                    "date, time",
                    _("Line %(other)s has a game at the same time: keep one of them.")
                    % {"other": seen[kickoff]},
                )
            )
        opponent = record.get("opponent", "")
        if not opponent or len(opponent) > 100:
            problems.append(
                (
                    "opponent",
                    _("The opponent is missing or longer than 100 characters: write their name."),
                )
            )
        venue = record.get("venue", "")
        if len(venue) > 150:
            problems.append(("venue", _("The venue is longer than 150 characters: shorten it.")))
        home_away = (record.get("home_away") or HomeAway.HOME).lower()
        if home_away not in HomeAway.values:
            problems.append(("home_away", _("Home or away: write “home” or “away”.")))
        if problems or kickoff is None:
            for column, message in problems:
                parsed.add(line, column, message)
            continue
        seen[kickoff] = line
        current = existing.get(kickoff)
        parsed.rows.append(
            FixtureRow(line, kickoff, opponent, venue, home_away, updates=str(current or ""))
        )
    if len(parsed.rows) > MAX_FIXTURES:
        parsed.add(
            0,
            "",
            ngettext(
                "At most %(n)s game per file: split it up.",
                "At most %(n)s games per file: split it up.",
                MAX_FIXTURES,
            )
            % {"n": MAX_FIXTURES},
        )
    if not parsed.rows and not parsed.errors:
        parsed.add(0, "", _("The file has no games in it: add a row per game."))
    return parsed


#: The site's one rule for CSV cells (web.security.csv_safe).
neutralise = csv_safe


def roster_rows(team: Team) -> Iterator[list[str]]:
    yield list(ROSTER_COLUMNS)
    players = team.active_players().prefetch_related("positions", "contacts")
    for player in players.order_by("number"):
        ratings = ratings_cell({p.position: p.rating for p in player.positions.all()})
        contacts = contacts_cell(player.contacts.all())
        values = (player.name, player.number, ratings, player.email, contacts)
        yield [neutralise(v) for v in values]


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
