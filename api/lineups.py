"""/api/v1/lineups/<team>/<n>/: the best lineup for the team's next game, computed, read-only."""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Path

from clubs import presenters
from clubs.forms import TeamSizeForm
from clubs.lineups import squad_of, team_lineup
from clubs.permissions import team_for
from clubs.stamps import lineup_depends
from web.representation import fingerprint
from web.validators import page_cache_seconds, release

from . import schemas as s
from .games import game_out
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
    found = team_for(reader(request), team)
    depends, game = lineup_depends(found)
    # The validator before the work: 304, or the answer computed for the same stamps.
    etag = quote_etag(fingerprint("api", release(), depends, size, _reader_key(request)))
    if request.headers.get("If-None-Match") and get_conditional_response(request, etag=etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        return not_modified
    key = f"api-lineup:{etag.strip(chr(34))}:{get_language()}"
    kept = caches["default"].get(key) if page_cache_seconds() > 0 else None
    if kept is not None:
        out, changed_header = kept
        response["ETag"] = etag
        if changed_header:
            response["Last-Modified"] = changed_header
        return out
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
    result = team_lineup(found, form.cleaned_data["show"], squad=squad, game=game)
    data = presenters.lineup_data(result)
    out = {
        **data,
        "team": found.slug,
        "game": game_out(result.game) if result.game else None,
        "formation": data["formation"]["name"],
    }
    response["ETag"] = etag
    changed = presenters.lineup_changed(result)
    changed_header = http_date(int(changed.timestamp())) if changed is not None else ""
    if changed_header:
        response["Last-Modified"] = changed_header
    if page_cache_seconds() > 0:
        caches["default"].set(key, (out, changed_header), page_cache_seconds())
    return out


def _reader_key(request: HttpRequest) -> object:
    """Who reads, when it matters: a signed-in user or a token's user sees their own."""
    user = reader(request)
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
