"""The write side: coaches manage their teams, players, games and availability.

Same recipe as clubs/views.py: decorators, one permission-aware fetch (404 or
403 there, nowhere else), one call into clubs.services, render or redirect
(303 after a POST, with a flash message). A form loaded at an older version
comes back with a "changed meanwhile" message (409) instead of overwriting.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from web.ratelimit import rate_limit
from web.refusals import Refusal
from web.representation import json_response
from web.responses import see_other

from . import services, share_views, sharing, tasks
from .audit import StaleEdit
from .forms import (
    GameForm,
    NewTeamForm,
    PlayerForm,
    ReminderForm,
    TeamForm,
    contact_formset,
    position_formset,
    typed_values,
)
from .models import Answer, Availability, Game, Player, Team
from .permissions import (
    clubs_for_new_team,
    deleted_club_for,
    deleted_team_for,
    game_for,
    player_for,
    restorable,
    team_for,
)

View = Callable[..., HttpResponse]


def coach_view(view: View) -> View:
    """GET/POST, logged in (or off to the login page)."""
    return require_http_methods(["GET", "HEAD", "POST"])(login_required(view))


def _manage_url(team: Team) -> str:
    return reverse("clubs:team_manage", args=[team.slug])


def _stale(form: Any, stale: StaleEdit) -> None:
    when = date_format(timezone.localtime(stale.changed_at), "j M H:i") if stale.changed_at else ""
    form.add_error(
        None,
        _(
            "%(who)s changed this meanwhile (%(when)s). Nothing was saved: reload the page "
            "to see their version, then make your change again."
        )
        % {"who": stale.changed_by, "when": when},
    )


def _form_page(
    request: HttpRequest,
    forms: list[Any],
    save: Callable[[], tuple[Team, str]],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Every create and edit page: GET shows the form; a valid POST calls ``save`` (one
    service call) and answers 303 to the team's page with its message; an invalid one is
    400, and a version clash ("changed meanwhile") 409, with the typed values kept."""
    status = 200
    if request.method == "POST":
        status = 400
        if all([form.is_valid() for form in forms]):
            try:
                team, message = save()
            except StaleEdit as stale:
                _stale(forms[0], stale)
                status = 409
            else:
                messages.success(request, message)
                return see_other(_manage_url(team))
    return render(request, template, {"form": forms[0], **context}, status=status)


# --- teams ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@login_required
def my_teams(request: HttpRequest) -> HttpResponse:
    """The teams this user may manage, and a way to add one where they are a club admin."""
    user = request.user
    teams = Team.objects.select_related("club")
    if not getattr(user, "is_superuser", False):
        teams = teams.filter(Q(coaches__user=user) | Q(club__admins=user)).distinct()
    context = {"teams": teams, "may_add": clubs_for_new_team(user).exists()}
    return render(request, "clubs/manage/my_teams.html", context)


@coach_view
def team_new(request: HttpRequest) -> HttpResponse:
    clubs = clubs_for_new_team(request.user)
    if not clubs.exists():
        raise Refusal(_("Only a club's admins may add teams to it."))
    # "Add a team" on a club's page names the club (?club=<slug>).
    chosen = clubs.filter(slug=request.GET.get("club", "")).values_list("pk", flat=True).first()
    initial = {"club": chosen} if chosen else {}
    form = NewTeamForm(request.POST or None, clubs=clubs, initial=initial)

    def save() -> tuple[Team, str]:
        club = form.cleaned_data["club"]
        team = services.team_create(club=club, data=form.changed_fields, by=request.user)
        return team, _("%(team)s was created.") % {"team": team.name}

    ctx = {"title": _("New team"), "submit": _("Create the team")}
    return _form_page(request, [form], save, "clubs/manage/form.html", ctx)


@coach_view
@never_cache
def team_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The coach's overview: squad, fixtures and every write link."""
    team = team_for(request.user, slug, edit=True)
    now = timezone.now()
    upcoming = team.games_to_come(now).annotate(
        yes=Count("availability", filter=Q(availability__answer=Answer.YES)),
        no=Count("availability", filter=Q(availability__answer=Answer.NO)),
        maybe=Count("availability", filter=Q(availability__answer=Answer.MAYBE)),
    )
    context = {
        "team": team,
        "players": team.players.prefetch_related("positions").order_by("retired_at", "number"),
        "upcoming": upcoming[:12],
        "played": team.games_played(now)[:6],
        "now": now,
    }
    return render(request, "clubs/manage/team.html", context)


@coach_view
def team_edit(request: HttpRequest, slug: str) -> HttpResponse:
    team = team_for(request.user, slug, edit=True)
    form = TeamForm(request.POST or None, instance=Team.objects.get(pk=team.pk))

    def save() -> tuple[Team, str]:
        version = form.cleaned_data["version"]
        saved = services.team_update(
            team=team, data=form.changed_fields, version=version, by=request.user
        )
        return saved, _("%(team)s was saved.") % {"team": saved.name}

    ctx = {"team": team, "title": _("Edit %(t)s") % {"t": team.name}, "submit": _("Save")}
    return _form_page(request, [form], save, "clubs/manage/form.html", ctx)


# --- players -------------------------------------------------------------------------


@coach_view
def player_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """A new player for the team (no ``pk``), or an existing one's edit form."""
    player = player_for(request.user, slug, pk, edit=True) if pk else None
    team = player.team if player else team_for(request.user, slug, edit=True)
    data = request.POST if request.method == "POST" else None
    form = PlayerForm(data, instance=player or Player(team=team), team=team)
    formset = position_formset(team, player, data)
    # A client that sends no contact rows at all (an older form) keeps the contacts.
    sent_contacts = data is not None and "contacts-TOTAL_FORMS" in data
    contacts = contact_formset(player, data if sent_contacts else None)

    def save() -> tuple[Team, str]:
        fields, ratings = form.changed_fields, formset.ratings
        typed_contacts = contacts.contacts if sent_contacts else None
        if player is None:
            new = services.player_create(
                team=team,
                data=fields,
                ratings=ratings,
                contacts=typed_contacts or (),
                by=request.user,
            )
            return team, _("%(p)s joined the squad.") % {"p": new}
        version = form.cleaned_data["version"]
        saved = services.player_update(
            player=player,
            data=fields,
            ratings=ratings,
            contacts=typed_contacts,
            version=version,
            by=request.user,
        )
        return team, _("%(p)s was saved.") % {"p": saved}

    title = _("Edit %(p)s") % {"p": player} if player else _("New player for %(t)s") % {"t": team}
    ctx = {"formset": formset, "contacts": contacts, "team": team, "player": player, "title": title}
    template = "clubs/manage/player_form.html"
    if data is not None and ("add_position" in data or "add_contact" in data):
        # "Add another position" (or contact) without JavaScript: the same form as typed,
        # one more row, nothing checked or saved yet (the version it was loaded at kept).
        ctx["formset"] = position_formset(
            team, player, data, add_row="add_position" in data, as_typed=True
        )
        if sent_contacts:
            ctx["contacts"] = contact_formset(
                player, data, add_row="add_contact" in data, as_typed=True
            )
        typed = PlayerForm(instance=player or Player(team=team), team=team)
        typed.initial.update(typed_values(form))
        return render(request, template, {"form": typed, **ctx})
    forms = [form, formset, contacts] if sent_contacts else [form, formset]
    return _form_page(request, forms, save, template, ctx)


@require_POST
@login_required
def player_retire(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    player = player_for(request.user, slug, pk, edit=True)
    team = player.team
    player = services.player_retire(player=player, by=request.user)
    messages.success(request, _("%(p)s left the squad.") % {"p": player})
    return see_other(_manage_url(team))


# --- games ---------------------------------------------------------------------------


@coach_view
def game_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Schedule a game (no ``pk``), or change one."""
    game = game_for(request.user, slug, pk, edit=True) if pk else None
    team = game.team if game else team_for(request.user, slug, edit=True)
    form = GameForm(request.POST or None, instance=game or Game(team=team))

    def save() -> tuple[Team, str]:
        fields = form.changed_fields
        if game is None:
            saved = services.game_create(team=team, data=fields, by=request.user)
        else:
            version = form.cleaned_data["version"]
            saved = services.game_update(game=game, data=fields, version=version, by=request.user)
        return team, _("%(g)s was saved.") % {"g": saved}

    title = _("Edit %(g)s") % {"g": game} if game else _("New game for %(t)s") % {"t": team}
    ctx = {"team": team, "title": title, "submit": _("Save the game")}
    return _form_page(request, [form], save, "clubs/manage/form.html", ctx)


# --- availability --------------------------------------------------------------------


@coach_view
@never_cache
def game_availability(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Who can play: the coach sees every answer and can set it (POST answer-<player id>).

    The form carries each answer as drawn (``seen-<player id>``) and an idempotency
    ``key``: an answer changed elsewhere since is not overwritten (409, the page again
    with the coach's choices kept and a sentence naming who changed), and a form sent
    twice (a phone's queue) is stored once. Script clients (the offline queue) get JSON
    with the message and the status instead of a 303, so a refusal is never counted
    as sent."""
    game = game_for(request.user, slug, pk, edit=True)
    team = game.team
    upcoming = game.kickoff >= timezone.now()
    players = list(team.active_players().prefetch_related("contacts").order_by("number"))
    answers = dict(Availability.objects.filter(game=game).values_list("player_id", "answer"))
    status, chosen = 200, answers
    if request.method == "POST":
        if not upcoming:
            return _availability_refused(
                request, 409, _("This game has been played; its answers are final.")
            )
        valid = {"", *Answer.values}
        sent = {
            p: request.POST[f"answer-{p.pk}"] for p in players if f"answer-{p.pk}" in request.POST
        }
        seen = {p: request.POST[f"seen-{p.pk}"] for p in players if f"seen-{p.pk}" in request.POST}
        key = request.POST.get("key", "")
        if any(v not in valid for v in [*sent.values(), *seen.values()]) or len(key) > 64:
            return _availability_refused(
                request, 400, _("Answers are yes, no, maybe or none; nothing was saved.")
            )
        edit = services.availability_edit(
            game=game, answers=sent, seen=seen, key=key, by=request.user
        )
        message = services.availability_edit_message(edit)
        if _wants_json(request):
            return json_response({"message": message}, status=edit.status)
        if edit.status == 200:
            messages.success(request, message)
            return see_other(request.path)
        messages.error(request, message + " " + _("Choose again and save if yours should stand."))
        answers = dict(Availability.objects.filter(game=game).values_list("player_id", "answer"))
        status, chosen = edit.status, {**answers, **{p.pk: v for p, v in sent.items()}}
    extras = share_views.availability_extras(request, game)
    links = extras["copy_links"]
    assert isinstance(links, dict)
    rows = [(p, chosen.get(p.pk, ""), links.get(p.pk, ""), answers.get(p.pk, "")) for p in players]
    counts = {a: sum(1 for r in rows if r[3] == a) for a in ("yes", "no", "maybe", "")}
    context = {
        **extras,
        "team": team,
        "game": game,
        "rows": rows,
        "counts": counts,
        "upcoming": upcoming,
        "edit_key": uuid.uuid4().hex,
        "choices": [*Answer.choices, ("", _("No answer"))],
        "reminder_form": ReminderForm(game=game, initial={"remind_at": game.remind_at}),
        "with_email": sum(1 for p in players if p.addresses()),
        "can_defer": tasks.default_task_backend.supports_defer,
    }
    return render(request, "clubs/manage/availability.html", context, status=status)


def _wants_json(request: HttpRequest) -> bool:
    """A script (the offline queue) rather than a browser's form: as on the live screen."""
    return request.headers.get("X-Requested-With") == "live" or (
        request.accepts("application/json") and not request.accepts("text/html")
    )


def _availability_refused(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """Nothing saved: JSON with the status for a script, else the message and a 303."""
    if _wants_json(request):
        return json_response({"message": message}, status=status)
    messages.error(request, message)
    return see_other(request.path)


def _upcoming_game(request: HttpRequest, slug: str, pk: int) -> tuple[Game | None, str]:
    """(the game, its availability page) for a coach's POST about it — no game once it
    has been played (with a message saying so): its answers are final."""
    game = game_for(request.user, slug, pk, edit=True)
    url = reverse("clubs:game_availability", args=[game.team.slug, game.pk])
    if game.kickoff < timezone.now():
        messages.error(request, _("This game has been played; its answers are final."))
        return None, url
    return game, url


@require_POST
@login_required
def game_links_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send every player with an e-mail address their personal answer link (a task)."""
    game, url = _upcoming_game(request, slug, pk)
    if game is not None:
        tasks.send_answer_links.enqueue(
            game.pk, request.build_absolute_uri("/"), get_language() or "en"
        )
        messages.success(request, _("The answer links are on their way."))
    return see_other(url)


@require_POST
@login_required
def game_reminder_set(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Schedule the reminder to non-responders at the coach's time."""
    game, url = _upcoming_game(request, slug, pk)
    if game is None:
        return see_other(url)
    form = ReminderForm(request.POST, game=game)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["remind_at"]))
        return see_other(url)
    remind_at = form.cleaned_data["remind_at"]
    services.game_update(game=game, data={"remind_at": remind_at}, version=None, by=request.user)
    game.refresh_from_db()
    if tasks.reminder_schedule(
        game=game, base_url=request.build_absolute_uri("/"), remind_at=game.remind_at
    ):
        messages.success(
            request,
            _("A reminder goes to those who have not answered on %(when)s.")
            % {"when": date_format(timezone.localtime(remind_at), "l j F, H:i")},
        )
    else:
        messages.warning(
            request,
            _(
                "The time is saved, but this server's task backend runs tasks at once and "
                "cannot wait until then; ask the operator to enable the database task queue."
            ),
        )
    return see_other(url)


@rate_limit("links")  # like the share links: a token guesser gets 429s
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """/a/<token>/ — a player or parent answers without an account. GET never changes anything."""
    link = services.answer_link_find(token)
    if link is None:
        raise Http404(
            _(
                "This answer link is not valid: it may have expired after the game, been "
                "replaced by a newer one, or been copied incompletely. Ask the coach for a new one."
            )
        )
    game, player = link.game, link.player
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer not in Answer.values:
            return HttpResponse(
                _("Choose yes, no or maybe."), status=400, content_type="text/plain"
            )
        services.availability_set(
            game=game,
            player=player,
            answer=answer,
            by=None,
            by_name=_("%(name)s (personal link)") % {"name": player.name},
        )
        messages.success(
            request, _("Thank you — your answer is saved: %(a)s.") % {"a": Answer(answer).label}
        )
        return see_other(request.path)
    current = Availability.objects.filter(game=game, player=player).first()
    context = {
        "player": player,
        "game": game,
        "team": player.team,
        "current": current,
        "choices": Answer.choices,
        "lineup": sharing.shared_lineup(game),
    }
    return render(request, "clubs/manage/answer.html", context)


# --- deleted clubs and teams ---------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def deleted(request: HttpRequest) -> HttpResponse:
    """The clubs and teams a club admin deleted (through the API) and may still restore."""
    if request.method == "POST":
        slug, kind = request.POST.get("restore", ""), request.POST.get("kind")
        if kind == "club":
            club = services.club_restore(club=deleted_club_for(request.user, slug), by=request.user)
            messages.success(request, _("%(club)s is back.") % {"club": club.name})
        else:
            team = services.team_restore(team=deleted_team_for(request.user, slug), by=request.user)
            messages.success(request, _("%(team)s is back.") % {"team": team.name})
        return see_other("clubs:deleted")
    clubs, teams = restorable(request.user)
    context = {"clubs": clubs, "teams": teams, "days": services.DAYS}
    return render(request, "clubs/manage/deleted.html", context)


# --- history -------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@login_required
def team_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Who changed what and when, for the club's coaches and admins."""
    team = team_for(request.user, slug, history=True)
    events = team.audit_events.select_related("actor")[:200]
    return render(request, "clubs/manage/history.html", {"team": team, "events": events})
