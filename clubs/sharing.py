"""Reaching players and parents: share links, the lineup they show, answer links to copy.

Tokens that the coach must be able to copy again (a game's share link, a player's
answer link for WhatsApp) are *derived*: HMAC-SHA-256 of a stored random salt under
the site's secret key (Django's ``salted_hmac``). The database keeps the salt and the
token's SHA-256, never the token, so a leaked database alone opens nothing; changing
``SECRET_KEY`` switches every such link off.

The share page (``/s/<token>/``) is public: anyone holding the link sees the game and
the lineup — shirt numbers, positions and names, a junior player by first name and
surname initial — and never ratings, health or birth years.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.crypto import salted_hmac

from lineup.formations import formation_for

from . import lineups, privacy
from .models import AnswerLink, Game, GameShare, Player, Team

#: A share link works until a day after kick-off (the game is long over by then).
SHARE_GRACE = dt.timedelta(days=1)


def derived_token(salt: str, purpose: str) -> str:
    """The URL token for ``salt``: 256 bits, 43 URL-safe characters."""
    digest = salted_hmac(f"teamcoach.clubs.{purpose}", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def share_token(share: GameShare) -> str:
    return derived_token(share.salt, "share")


def share_expires_at(game: Game) -> dt.datetime:
    return game.kickoff + SHARE_GRACE


def current_share(game: Game) -> GameShare | None:
    """The game's working share link, if the coach made one."""
    return game.shares.filter(revoked_at__isnull=True).first()


def share_find(token: str, now: dt.datetime | None = None) -> tuple[GameShare | None, bool]:
    """(the share link for ``token`` or None, whether it is gone): unknown → (None, False);
    revoked, replaced or past its game → (share, True)."""
    from .services import token_hash

    if not token or len(token) > 100:
        return None, False
    share = (
        GameShare.objects.select_related("game__team__club")
        .filter(token_hash=token_hash(token), game__team__in=Team.objects.all())
        .first()
    )
    if share is None:
        return None, False
    gone = share.revoked_at is not None or (now or timezone.now()) >= share_expires_at(share.game)
    return share, gone


def copy_links(game: Game) -> dict[int, str]:
    """Each player's answer link token for the coach to copy: player id → token."""
    links = AnswerLink.objects.usable().filter(game=game).exclude(salt="").order_by("created_at")
    return {link.player_id: derived_token(link.salt, "answer") for link in links}


# --- the lineup as the share page, the answer page and the mail show it -----------


def outside_names(team: Team, players: list[Player]) -> dict[int, str]:
    """How people outside the club see each player's name: the minors' privacy rule
    (``clubs.privacy``: the team's "first name and initial" or "shirt number only"
    setting, and under-18s in senior squads)."""
    seen = privacy.audience(None, team, squad=players, inside=False)
    return {p.pk: seen.name(p) for p in players}


@dataclass(frozen=True)
class SharedPlace:
    label: str
    position: str
    number: int | None
    name: str
    #: Where the slot is drawn (0–100 from the own goal line, then left to right):
    #: the list reads from the goalkeeper forward.
    y: float = 0
    x: float = 0


@dataclass(frozen=True)
class SharedLineup:
    """The starting lineup for a game, with nothing but places, numbers and names."""

    places: tuple[SharedPlace, ...]
    #: True for the coach's saved lineup; False for the site's suggestion.
    saved: bool

    @property
    def empty_places(self) -> int:
        return sum(1 for place in self.places if place.number is None)


def shared_lineup(game: Game) -> SharedLineup | None:
    """The lineup everyone holding a link sees: the coach's saved one when there is one
    (``clubs.lineups.saved_lineup``), else the suggestion for this game; None when the
    squad is empty."""
    saved = _saved_places(game)
    if saved is not None:
        return SharedLineup(places=saved, saved=True)
    squad = lineups.squad_of(game.team)
    if not squad:
        return None
    suggestion = lineups.team_lineup(game.team, game.team.team_size, squad=squad, game=game)
    names = outside_names(game.team, squad)
    places = [
        SharedPlace(
            label=pick.slot.label,
            position=pick.slot.position or "",
            number=suggestion.players[pick.player.key].number if pick.player else None,
            name=names[int(pick.player.key)] if pick.player else "",
            y=pick.slot.y,
            x=pick.slot.x,
        )
        for pick in suggestion.result.picks
    ]
    return SharedLineup(places=_in_order(places), saved=False)


def _in_order(places: list[SharedPlace]) -> tuple[SharedPlace, ...]:
    return tuple(sorted(places, key=lambda place: (place.y, place.x)))


def _saved_places(game: Game) -> tuple[SharedPlace, ...] | None:
    """The saved lineup's places, once the game-day branch's ``saved_lineup`` exists."""
    saved_lineup: Any = getattr(lineups, "saved_lineup", None)
    saved = saved_lineup(game) if saved_lineup is not None else None
    starters = getattr(saved, "starters", None)
    if saved is None or not starters or not getattr(saved, "is_saved", True):
        return None
    team = game.team
    formation = formation_for(
        team.sport, len(starters), key=getattr(saved, "formation", "") or None
    )
    players = {p.pk: p for p in team.players.filter(pk__in=[s for s in starters if s])}
    # The whole squad, so that equal short names are told apart as on the other pages.
    squad = {p.pk: p for p in [*team.active_players(), *players.values()]}
    names = outside_names(team, list(squad.values()))
    places = []
    for slot, pk in zip(formation.slots, starters, strict=False):
        player = players.get(int(pk)) if pk else None
        places.append(
            SharedPlace(
                label=slot.label,
                position=slot.position or "",
                number=player.number if player else None,
                name=names[player.pk] if player else "",
                y=slot.y,
                x=slot.x,
            )
        )
    return _in_order(places)
