"""Minors' privacy: what people outside the club see of a junior player. One rule, here.

Inside the club (its admins, the coaches of any of its teams, site superusers)
everyone sees everything the pages offer. Outside it — anonymous visitors, a
parent holding an answer or share link, a signed-in coach of another club, the
anonymous API — a **junior player** is shown by first name and surname initial
("Emma J.") or by shirt number only, as the team chooses (``Team.public_names``),
and never with ratings, comparisons with team-mates ("stronger here"), fitness
("injured or ill"), birth year or why they are not available.

A junior player is a player of a junior team, or one whose birth year says they
may still be under 18 this year (a 17-year-old in a senior squad).

Views compute an :class:`Audience` for (viewer, team) with :func:`audience` and
hand it to the presenters, which leave out what it hides; a lineup is redacted
as a whole with :func:`redact_lineup`, so no format of it can show what is no
longer in it. ``docs/privacy.md`` lists what outsiders see;
``tests/security/test_minors_privacy.py`` scrapes every public representation.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lineup.model import Player as SolverPlayer
from lineup.solver import Reason

from .models import Player, PublicNames, Team, TeamType
from .permissions import member_club_ids

if TYPE_CHECKING:
    from .lineups import TeamLineup

#: Born this many years ago or fewer: may still be a minor this year.
MINOR_UNTIL = 18


def is_inside_club(user: object, team: Team) -> bool:
    """Whether ``user`` belongs to the team's club (admin, or coach of any of its teams)."""
    if getattr(user, "is_superuser", False):
        return True
    return team.club_id in member_club_ids(user)


def is_junior(team: Team, birth_year: int | None, today: dt.date | None = None) -> bool:
    """A player of a junior team, or one who may be under 18 this year."""
    if team.team_type == TeamType.JUNIOR:
        return True
    year = (today or timezone.localdate()).year
    return birth_year is not None and year - birth_year <= MINOR_UNTIL


def initial_name(name: str) -> str:
    """“Emma Johnson” → “Emma J.”; a single name (or one ending in a number) is its first
    word."""
    words = name.split()
    if len(words) < 2 or not words[-1][0].isalpha():
        return words[0] if words else ""
    return f"{words[0]} {words[-1][0].upper()}."


def public_names(
    players: Iterable[tuple[int, str, int]], mode: str = PublicNames.INITIAL
) -> dict[int, str]:
    """Each player's (pk, name, number) shown name outside the club.

    Two players who would both be “Emma J.” get their shirt numbers added, so
    nobody reading the page mistakes one child for another. In ``number`` mode
    the name is empty: pages show the shirt number beside it anyway.
    """
    rows = list(players)
    if mode == PublicNames.NUMBER:
        return {pk: "" for pk, _name, _number in rows}
    short = {pk: initial_name(name) for pk, name, _number in rows}
    taken = Counter(short.values())
    return {
        pk: (
            _("%(name)s (No. %(number)s)") % {"name": short[pk], "number": number}
            if taken[short[pk]] > 1
            else short[pk]
        )
        for pk, _name, number in rows
    }


@dataclass(frozen=True)
class Audience:
    """What one viewer may see of one team's players.

    ``hidden`` maps the pk of each junior player the viewer sees from outside the
    club to their shown name; it is empty inside the club (and for a team without
    junior players), where everything shows.
    """

    inside: bool
    hidden: Mapping[int, str] = field(default_factory=dict)
    #: Whether the team has junior players at all (then insiders see more than outsiders).
    has_juniors: bool = False

    @property
    def private(self) -> bool:
        """Some players are shown the outside way: ratings and comparisons go for the team."""
        return bool(self.hidden)

    @property
    def shared(self) -> bool:
        """Whether everyone who may see the team sees this same version (a shared cache
        may keep it): false for insiders of a team with junior players."""
        return not (self.inside and self.has_juniors)

    def hides(self, player: Player | int) -> bool:
        return (player if isinstance(player, int) else player.pk) in self.hidden

    def name(self, player: Player) -> str:
        return self.hidden.get(player.pk, player.name)

    def name_of(self, key: str, name: str) -> str:
        """The shown name of a solver player (``key`` is the player's pk as text)."""
        return self.hidden.get(int(key), name) if key.isdigit() else name


EVERYTHING = Audience(inside=True)


def audience(
    user: object,
    team: Team,
    *,
    squad: Iterable[Player] | None = None,
    today: dt.date | None = None,
    inside: bool | None = None,
) -> Audience:
    """What ``user`` may see of ``team``'s players.

    ``squad``: the players already fetched (the active squad); without it, one query
    for all the team's players, retired ones included (the API shows those too).
    ``inside``: :func:`is_inside_club`, when the caller knows it already.
    """
    if squad is None:
        rows = list(team.players.values_list("pk", "name", "number", "birth_year"))
    else:
        rows = [(p.pk, p.name, p.number, p.birth_year) for p in squad]
    juniors = [(pk, name, no) for pk, name, no, born in rows if is_junior(team, born, today)]
    if inside is None:
        inside = is_inside_club(user, team)
    if inside:
        return Audience(inside=True, has_juniors=bool(juniors))
    return Audience(
        inside=False, hidden=public_names(juniors, team.public_names), has_juniors=bool(juniors)
    )


class Audiences:
    """:func:`audience` per team, computed once each: for lists that span teams (the API)."""

    def __init__(self, user: object) -> None:
        self.user = user
        self.superuser = bool(getattr(user, "is_superuser", False))
        self.clubs = member_club_ids(user)
        self._by_team: dict[int, Audience] = {}

    def of(self, team: Team) -> Audience:
        if team.pk not in self._by_team:
            inside = self.superuser or team.club_id in self.clubs
            self._by_team[team.pk] = audience(self.user, team, inside=inside)
        return self._by_team[team.pk]


def hidden_players(user: object, *, via: str = "", today: dt.date | None = None) -> Q:
    """The players ``user`` sees from outside their club as junior players, as a filter
    (``Player.objects.exclude(hidden_players(user))``; ``via="player__"`` for rows that
    point to a player): for lists of what outsiders may not see, such as fitness."""
    if getattr(user, "is_superuser", False):
        return Q(pk__in=[])
    year = (today or timezone.localdate()).year
    junior = Q(**{f"{via}team__team_type": TeamType.JUNIOR}) | Q(
        **{f"{via}birth_year__gte": year - MINOR_UNTIL}
    )
    return junior & ~Q(**{f"{via}team__club_id__in": member_club_ids(user)})


def shown_player(player: Player, seen_by: Audience) -> Player:
    """``player`` as ``seen_by`` may see them: for a hidden junior, an unsaved copy with
    the shown name and no birth year (for pages that print ``player.name``)."""
    if not seen_by.hides(player):
        return player
    shown = copy.copy(player)
    shown.name, shown.birth_year = seen_by.name(player), None
    return shown


def redact_lineup(result: TeamLineup, seen_by: Audience) -> TeamLineup:
    """The lineup as ``seen_by`` may see it: junior players by their shown names, and —
    for the whole team, since reasons compare team-mates — no ratings, no comparisons,
    no reasons for being out. Unchanged when nothing is hidden."""
    if not seen_by.private:
        return result

    def shown(player: SolverPlayer) -> SolverPlayer:
        return replace(player, name=seen_by.name_of(player.key, player.name), ratings={})

    solved = result.result
    picks = tuple(
        replace(
            pick,
            player=shown(pick.player) if pick.player else None,
            rating=None,
            reason=Reason(code=pick.reason.code),
        )
        for pick in solved.picks
    )
    redacted = replace(
        solved,
        picks=picks,
        bench=tuple(shown(p) for p in solved.bench),
        excluded=tuple(shown(p) for p in solved.excluded),
        total_rating=0,
    )
    names = {str(pk): name for pk, name in seen_by.hidden.items()}
    return replace(
        result,
        result=redacted,
        with_ratings=False,
        names=names,
        private=True,
        # Out of date, but not because of whom or why (an answer, an injury).
        stale=((None, "better"),) if result.stale else (),
        suggestion=None,
        dropped=(),
    )
