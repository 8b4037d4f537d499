"""/api/v1/lineups/<team>/<n>/: the best lineup for the team's current or next game,
computed, read-only; /api/v1/games/<id>/lineup/: one game's lineup, which its coaches
save with PUT (If-Match)."""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Path

from clubs import presenters, services
from clubs.forms import TeamSizeForm
from clubs.lineups import TeamLineup, game_lineup_of, squad_of, team_lineup
from clubs.permissions import game_by_id, team_for
from clubs.privacy import audience, redact_lineup
from clubs.stamps import lineup_depends

from . import schemas as s
from .games import game_out
from .items import NEEDS_IF_MATCH, version_of
from .protocol import answered_before, counted_when_working
from .router import WRITERS, Problem, api, precondition_failed, reader

LineupTeam = Annotated[str, Path(max_length=60, examples=["riverside-u09"])]
LineupSize = Annotated[s.LineupSize, Path(examples=[7])]


@api.get("/lineups/{team}/{size}/", response=s.LineupOut, tags=["lineups"])
@counted_when_working
def get_lineup(
    request: HttpRequest,
    response: HttpResponse,
    team: LineupTeam,
    size: LineupSize,
) -> Any:
    """The best lineup of ``size`` for the team's next game (the same as /best/<team>/<size>/)."""
    user = reader(request)
    found = team_for(user, team)
    now = timezone.now()
    depends, game = lineup_depends(found, now)
    etag, answered = answered_before(request, "api-lineup", depends, size, _reader_key(request))
    if answered is not None:
        return answered  # a 304, or the bytes django-ninja rendered for the same stamps
    squad = squad_of(found)
    if len(squad) > settings.TEAMCOACH_MAX_SQUAD:
        raise Problem(
            400,
            _("Squads of more than %(n)s players are not solved.")
            % {"n": settings.TEAMCOACH_MAX_SQUAD},
        )
    form = TeamSizeForm({"show": size}, team=found, squad=len(squad))
    if not form.is_valid():
        errors = [{"field": "size", "message": str(m)} for m in form.errors.get("show", [])]
        raise Problem(400, _("This team cannot field that many players."), errors)
    result = team_lineup(found, form.cleaned_data["show"], squad=squad, game=game, now=now)
    result = redact_lineup(result, audience(user, found, squad=squad))
    data = presenters.lineup_data(result)
    out = {
        **data,
        "team": found.slug,
        "game": game_out(result.game) if result.game else None,
        "formation": data["formation"]["name"],
    }
    response["ETag"] = etag
    changed = presenters.lineup_changed(result)
    if changed is not None:
        response["Last-Modified"] = http_date(int(changed.timestamp()))
    return out


def _reader_key(request: HttpRequest) -> object:
    """Who reads, when it matters: a signed-in user or a token's user sees their own."""
    user = reader(request)
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def check_etag(request: HttpRequest, data: dict[str, Any]) -> None:
    """412 unless the client's If-Match names the lineup as it is now."""
    sent = [tag.strip() for tag in request.headers.get("If-Match", "").split(",")]
    if "*" not in sent and version_of(data) not in sent:
        raise precondition_failed()


GameId = Annotated[int, Path(ge=1, le=s.MAX_ID)]


def _game_lineup(game: Any) -> TeamLineup:
    squad = squad_of(game.team)
    if len(squad) > settings.TEAMCOACH_MAX_SQUAD:
        raise Problem(
            400,
            _("Squads of more than %(n)s players are not solved.")
            % {"n": settings.TEAMCOACH_MAX_SQUAD},
        )
    result = game_lineup_of(game, squad)
    if result is None:
        message = _("The squad has fewer players than the team fields.")
        raise Problem(400, message, [{"field": "team_size", "message": message}])
    return result


def _lineup_out(response: HttpResponse, result: TeamLineup, user: Any) -> dict[str, Any]:
    """The lineup as ``user`` may see it (junior players redacted outside the club)."""
    seen_by = audience(user, result.team, squad=result.players.values())
    result = redact_lineup(result, seen_by)
    data = presenters.lineup_data(result)
    out = {
        **data,
        "team": result.team.slug,
        "game": game_out(result.game) if result.game else None,
        "formation": data["formation"]["name"],
    }
    response["ETag"] = version_of(data)
    changed = presenters.lineup_changed(result)
    if changed is not None:
        response["Last-Modified"] = http_date(int(changed.timestamp()))
    return out


@api.get("/games/{game}/lineup/", response=s.LineupOut, tags=["lineups"])
def get_game_lineup(request: HttpRequest, response: HttpResponse, game: GameId) -> Any:
    """One game's lineup: the one its coach saved (``lineup.status`` "saved"), else the
    suggestion. The same as /teams/<team>/games/<id>/lineup/."""
    user = reader(request)
    found = game_by_id(user, game)
    return _lineup_out(response, _game_lineup(found), user)


@api.put("/games/{game}/lineup/", response=s.LineupOut, auth=WRITERS, tags=["lineups"])
def put_game_lineup(
    request: HttpRequest, response: HttpResponse, game: GameId, payload: s.GameLineupPut
) -> Any:
    """Save the game's lineup (send the ETag of a GET in If-Match: 428 without, 412 when
    it changed meanwhile). ``starters``: a shirt number or null per place, in the order
    of ``picks``; each starter is kept in their place. Everyone then sees this lineup."""
    if not request.headers.get("If-Match"):
        raise Problem(
            428,
            _(
                "Saving a lineup needs If-Match: GET it, then send its ETag in If-Match, "
                "so that you save over what you read."
            ),
        )
    with transaction.atomic():
        found = game_by_id(request.user, game, edit=True)
        current = _game_lineup(found)
        check_etag(request, presenters.lineup_data(current))
        formation = current.result.formation
        if len(payload.starters) != formation.size:
            message = _("%(formation)s has %(n)s places: name a player (or null) for each.") % {
                "formation": formation.name,
                "n": formation.size,
            }
            raise Problem(422, message, [{"field": "starters", "message": message}])
        squad = {p.number: p for p in squad_of(found.team)}
        named = [n for n in [*payload.starters, *payload.excluded] if n is not None]
        unknown = sorted({n for n in named if n not in squad})
        if unknown:
            message = _("No. %(numbers)s: not in the squad.") % {
                "numbers": ", ".join(str(n) for n in unknown)
            }
            raise Problem(422, message, [{"field": "starters", "message": message}])
        starters = [n for n in payload.starters if n is not None]
        if len(set(starters)) != len(starters) or set(starters) & set(payload.excluded):
            message = _("Each player starts at most once, and not if left out.")
            raise Problem(422, message, [{"field": "starters", "message": message}])
        unfit = sorted(n for n in starters if not squad[n].fit)
        if unfit:
            message = _("No. %(numbers)s: injured or ill, cannot start.") % {
                "numbers": ", ".join(str(n) for n in unfit)
            }
            raise Problem(422, message, [{"field": "starters", "message": message}])
        ids = [squad[n].pk if n is not None else None for n in payload.starters]
        try:
            services.lineup_save(
                game=found,
                starters=ids,
                formation=formation.key,
                version=None,
                by=request.user,
                pinned=frozenset(),
                locked={str(pk): slot for slot, pk in enumerate(ids) if pk is not None},
                excluded=frozenset(str(squad[n].pk) for n in payload.excluded),
            )
        except ValidationError as error:
            raise Problem(422, " ".join(error.messages)) from None
        found.refresh_from_db()
        return _lineup_out(response, _game_lineup(found), request.user)


NEEDS_IF_MATCH.add("put_game_lineup")
