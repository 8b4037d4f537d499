"""CSV import (upload → preview → confirm) and export of a team's roster and fixtures.

Nothing is saved until the coach confirms a file with no errors; the confirm
step re-checks the same text (sent back in the form), then imports it in one
transaction through clubs.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from web.ratelimit import rate_limit
from web.responses import see_other

from . import importers, services
from .manage_views import _manage_url, coach_view
from .permissions import team_for

#: Problems listed on the preview page; the count says how many more there are.
ERRORS_SHOWN = 50

KINDS = {
    "roster": {
        "parse": importers.roster_parse,
        "save": services.roster_import,
        "rows": importers.roster_rows,
        "columns": (*importers.ROSTER_COLUMNS, "fit"),
        "example": (
            "name,number,positions,email,contacts,fit\n"
            "Gina Keeper,1,GK:90,,Ann Keeper <ann@example.org> 0123 456,yes\n"
            "Dana Back,2,CB:80 LB:70,dana@example.org,,no\n"
        ),
    },
    "fixtures": {
        "parse": importers.fixtures_parse,
        "save": services.fixtures_import,
        "rows": importers.fixture_rows,
        "columns": importers.FIXTURE_COLUMNS,
        "example": (
            "date,time,opponent,venue,home_away\n"
            "2026-09-05,10:30,Valley Stars,Riverside Park,home\n"
        ),
    },
}


@coach_view
@rate_limit("import", methods=["POST"])  # parsing and importing a file is expensive
def csv_import(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    team = team_for(request.user, slug, edit=True)
    spec = KINDS[kind]
    context = {"team": team, "kind": kind, "spec": spec, "max_kb": importers.MAX_BYTES // 1024}
    if request.method != "POST":
        return render(request, "clubs/manage/import.html", context)
    upload = request.FILES.get("file")
    if upload is not None:
        data = upload.read(importers.MAX_BYTES + 1)
        text = importers.decode(data)
    else:
        text = request.POST.get("csv_text", "")
        data = text.encode()
    if not text.strip():
        context["upload_error"] = _("Choose a CSV file to upload.")
        return render(request, "clubs/manage/import.html", context, status=400)
    if len(data) > importers.MAX_BYTES:
        context["upload_error"] = _("The file is larger than %(kb)s kB; split it up.") % {
            "kb": importers.MAX_BYTES // 1024
        }
        return render(request, "clubs/manage/import.html", context, status=400)
    parsed = spec["parse"](text, team)
    if parsed.ok and request.POST.get("confirm") and upload is None:
        # Each rename was ticked on the preview, or that row is left out.
        renames = {"renames": {int(n) for n in request.POST.getlist("rename") if n.isdigit()}}
        result = spec["save"](
            team=team, rows=parsed.rows, by=request.user, **(renames if kind == "roster" else {})
        )
        messages.success(request, import_summary(result))
        return see_other(_manage_url(team))
    # The page lists a bounded number of problems: a file of bad rows never turns into
    # a page many times its size.
    context |= {
        "parsed": parsed,
        "csv_text": text if parsed.ok else "",
        "errors_shown": ERRORS_SHOWN,
        "errors_more": max(0, len(parsed.errors) - ERRORS_SHOWN),
    }
    return render(request, "clubs/manage/import.html", context, status=200 if parsed.ok else 400)


def import_summary(result: services.ImportResult) -> str:
    """What an import did, in one sentence: "Imported: 2 new, 1 updated, 3 unchanged." """
    counted = [
        (result.created, ngettext("%(n)s new", "%(n)s new", result.created)),
        (result.updated, ngettext("%(n)s updated", "%(n)s updated", result.updated)),
        (result.unchanged, ngettext("%(n)s unchanged", "%(n)s unchanged", result.unchanged)),
        (
            result.skipped,
            ngettext(
                "%(n)s rename not confirmed, left as it was",
                "%(n)s renames not confirmed, left as they were",
                result.skipped,
            ),
        ),
    ]
    what = ", ".join(text % {"n": n} for n, text in counted if n)
    if not result.created and not result.updated:
        return _("No changes: nothing was imported (%(what)s).") % {"what": what}
    return _("Imported: %(what)s.") % {"what": what}


@require_safe
@login_required
def csv_export(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    team = team_for(request.user, slug, edit=True)
    body = importers.to_csv(KINDS[kind]["rows"](team))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{team.slug}-{kind}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
