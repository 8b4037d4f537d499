"""/api/v1/lineups/<team>/<n>/: the best lineup for the team's next game, computed, read-only."""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Path

from clubs import presenters
from clubs.forms import TeamSizeForm
from clubs.lineups import squad_of, team_lineup
from clubs.permissions import team_for
from clubs.privacy import audience, redact_lineup

from . import schemas as s
from .games import game_out
from .items import version_of
from .router import Problem, api, reader

LineupTeam = Annotated[str, Path(max_length=60, examples=["riverside-u09"])]
LineupSize = Annotated[s.LineupSize, Path(examples=[7])]


@api.get("/lineups/{team}/{size}/", response=s.LineupOut, tags=["lineups"])
def get_lineup(
    request: HttpRequest,
    response: HttpResponse,
    team: LineupTeam,
    size: LineupSize,
) -> Any:
    """The best lineup of ``size`` for the team's next game (the same as /best/<team>/<size>/)."""
    user = reader(request)
    found = team_for(user, team)
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
    result = team_lineup(found, form.cleaned_data["show"], squad=squad)
    result = redact_lineup(result, audience(user, found, squad=squad))
    data = presenters.lineup_data(result)
    out = {
        **data,
        "team": found.slug,
        "game": game_out(result.game) if result.game else None,
        "formation": data["formation"]["name"],
    }
    response["ETag"] = version_of(data)
    changed = presenters.lineup_changed(result)
    if changed is not None:
        response["Last-Modified"] = http_date(int(changed.timestamp()))
    return out
