"""What the JSON API reads and writes: pydantic models, generated into the OpenAPI schema.

``…In`` is a full representation for POST and PUT, ``…Patch`` the same fields all
optional for PATCH, ``…Out`` what GET returns. Bounds here mirror the model's
validators and constraints, so a bad value is a 422 with the field named before
the database is asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AwareDatetime, BeforeValidator, Field, StrictBool, StringConstraints

from clubs.models import AGE_GROUPS, Answer, HomeAway, PublicNames, Sport, TeamType

# Strict types: JSON says what it means (0 is not false, 1952.0 is not a year).
Slug = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
]
Name = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100, pattern=r"\S")]
PlayerName = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=80, pattern=r"\S")
]
#: References to the demo club's data, as examples for the docs and for fuzzing.
TeamRef = Annotated[Slug, Field(examples=["riverside-u09"])]
ClubRef = Annotated[Slug, Field(examples=["riverside"])]
Text40 = Annotated[str, StringConstraints(strict=True, max_length=40)]
Text150 = Annotated[str, StringConstraints(strict=True, max_length=150)]
Position = Annotated[str, StringConstraints(min_length=1, max_length=8, pattern=r"^[A-Z0-9]+$")]
Rating = Annotated[int, Field(strict=True, ge=0, le=100)]
ShirtNumber = Annotated[int, Field(strict=True, ge=0, le=99)]
BirthYear = Annotated[int, Field(strict=True, ge=1900, le=2100)]
TeamSize = Annotated[int, Field(strict=True, ge=1, le=30)]
#: Database ids are 64-bit: a larger number is a 400/422, not a database error.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]


def _iso_text(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("Send a date and time as text, e.g. 2030-05-01T15:00:00+01:00.")
    return value


Kickoff = Annotated[AwareDatetime, BeforeValidator(_iso_text)]
TeamTypeValue = Literal[tuple(TeamType.values)]  # type: ignore[valid-type]
SportValue = Literal[tuple(Sport.values)]  # type: ignore[valid-type]
PublicNamesValue = Literal[tuple(PublicNames.values)]  # type: ignore[valid-type]
AgeGroup = Literal[tuple(["", *(code for code, _ in AGE_GROUPS)])]  # type: ignore[valid-type]
HomeAwayValue = Literal[tuple(HomeAway.values)]  # type: ignore[valid-type]
AnswerValue = Literal[tuple(Answer.values)]  # type: ignore[valid-type]
LineupSize = Annotated[int, Field(ge=1, le=30)]


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None


class FieldError(Schema):
    field: str
    message: str


Problem.model_rebuild()


class ClubOut(Schema):
    slug: str
    name: str
    created_at: dt.datetime


class ClubIn(Schema):
    slug: Slug
    name: Name


class ClubPatch(Schema):
    slug: Slug | None = None
    name: Name | None = None


class TeamOut(Schema):
    slug: str
    name: str
    club: str
    team_type: str
    age_group: str
    sport: str
    team_size: int
    formation: str
    count_maybe: bool
    public_names: str = Field(
        description="How junior players are named outside the club: initial (Emma J.) or "
        "number (shirt number only); see docs/privacy.md."
    )
    updated_at: dt.datetime


class TeamIn(Schema):
    club: ClubRef
    slug: Slug
    name: Name
    team_type: TeamTypeValue
    age_group: AgeGroup = ""
    sport: SportValue = "football"
    team_size: TeamSize = 11
    formation: Text40 = ""
    count_maybe: StrictBool = True
    public_names: PublicNamesValue = "initial"


class TeamPatch(Schema):
    slug: Slug | None = None
    name: Name | None = None
    team_type: TeamTypeValue | None = None
    age_group: AgeGroup | None = None
    sport: SportValue | None = None
    team_size: TeamSize | None = None
    formation: Text40 | None = None
    count_maybe: StrictBool | None = None
    public_names: PublicNamesValue | None = None


ContactName = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=80, pattern=r"^[^;<>]*\S[^;<>]*$")
]
ContactEmail = Annotated[
    str,
    StringConstraints(
        strict=True, min_length=3, max_length=254, pattern=r"^[^@\s<>;]+@[^@\s<>;]+$"
    ),
]
Phone = Annotated[str, StringConstraints(strict=True, max_length=30, pattern=r"^[^;<>]*$")]


class Contact(Schema):
    """Someone who hears about the player's games (a parent, a guardian): they get the
    availability requests, reminders and lineup mails. No account needed."""

    name: ContactName
    email: ContactEmail
    phone: Phone = ""


Contacts = Annotated[list[Contact], Field(max_length=6)]


class PlayerOut(Schema):
    id: int
    team: str
    name: str
    number: int
    birth_year: int | None = Field(
        description="Only for the team's coaches and club admins (players may be minors)."
    )
    fit: bool | None = Field(
        description="null for a junior player seen from outside the club (docs/privacy.md)."
    )
    retired_at: dt.datetime | None
    positions: dict[str, int | None] = Field(
        description="Position → rating; the ratings are null for a junior player seen from "
        "outside the club."
    )
    contacts: list[Contact] | None = Field(
        description="Only for the club's coaches and admins; null for everyone else."
    )
    updated_at: dt.datetime


Positions = Annotated[dict[Position, Rating], Field(max_length=20)]


class PlayerIn(Schema):
    team: TeamRef
    name: PlayerName
    number: ShirtNumber
    birth_year: BirthYear | None = None
    fit: StrictBool = True
    positions: Positions = {}
    contacts: Contacts = []


class PlayerPut(Schema):
    """A player replaced in full; the team is fixed once the player exists."""

    name: PlayerName
    number: ShirtNumber
    birth_year: BirthYear | None = None
    fit: StrictBool = True
    positions: Positions = {}
    contacts: Contacts = []


class PlayerPatch(Schema):
    name: PlayerName | None = None
    number: ShirtNumber | None = None
    birth_year: BirthYear | None = None
    fit: StrictBool | None = None
    positions: Positions | None = None
    contacts: Contacts | None = None


class GameOut(Schema):
    id: int
    team: str
    opponent: str
    kickoff: dt.datetime
    venue: str
    home_away: str
    meet_at: dt.datetime | None
    #: upcoming (before kick-off), playing (until it ends), played.
    state: Literal["upcoming", "playing", "played"]
    #: Kick-off plus the team's game length, or when the coach marked it finished.
    ends_at: dt.datetime
    updated_at: dt.datetime


MEET_AT = "When the players should be there (no later than the kick-off)."


class GameIn(Schema):
    team: TeamRef
    opponent: Name
    kickoff: Kickoff
    venue: Text150 = ""
    home_away: HomeAwayValue = "home"
    meet_at: Kickoff | None = Field(None, description=MEET_AT)


class GamePut(Schema):
    opponent: Name
    kickoff: Kickoff
    venue: Text150 = ""
    home_away: HomeAwayValue = "home"
    meet_at: Kickoff | None = Field(None, description=MEET_AT)


class GamePatch(Schema):
    opponent: Name | None = None
    kickoff: Kickoff | None = None
    venue: Text150 | None = None
    home_away: HomeAwayValue | None = None
    meet_at: Kickoff | None = Field(None, description=MEET_AT + " null clears it.")


class AvailabilityOut(Schema):
    id: int
    player: int
    game: int
    answer: str
    updated_at: dt.datetime


class AvailabilityIn(Schema):
    player: Id
    game: Id
    answer: AnswerValue


class AvailabilityPut(Schema):
    answer: AnswerValue


class LineupPick(Schema):
    slot: str
    position: str | None
    number: int | None
    name: str | None
    rating: int | None
    maybe: bool
    reason: str


class LineupBench(Schema):
    number: int
    name: str
    best_rating: int | None


class LineupStatus(Schema):
    """Whether the lineup is the one the coach saved, and whether it is out of date."""

    status: Literal["saved", "suggested"]
    saved_by: str | None
    saved_at: str | None
    out_of_date: list[dict[str, str | int | None]]


class LineupOut(Schema):
    """The best lineup for the team's next game: computed, read-only."""

    team: str
    size: int
    game: GameOut | None
    formation: str
    total_rating: int | None = Field(
        description="null (as every rating and reason for being out) when junior players "
        "are seen from outside the club (docs/privacy.md)."
    )
    shortfall: int
    picks: list[LineupPick]
    bench: list[LineupBench]
    unavailable: list[dict[str, str | int | None]]
    lineup: LineupStatus | None = None


class GameLineupPut(Schema):
    """The lineup to save for a game: a shirt number (or ``null`` for an empty place) per
    place of the formation, in the order of ``picks``; optionally who is left out."""

    starters: list[Annotated[int, Field(ge=0, le=99)] | None] = Field(max_length=30)
    excluded: list[Annotated[int, Field(ge=0, le=99)]] = Field(default=[], max_length=200)


class Page[T](Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    items: list[T]
