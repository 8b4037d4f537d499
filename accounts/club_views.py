"""Clubs: create one, see its teams and coaches, invite coaches by e-mail."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clubs import services as club_services
from clubs.models import Club, Coach
from clubs.permissions import club_for, is_club_admin
from web.ratelimit import rate_limit
from web.refusals import Refusal
from web.responses import see_other
from web.security import safe_next

from . import services
from .adapter import forget_invitation, remember_invitation
from .forms import ClubEditForm, ClubForm, InvitationForm
from .mfa import totp_required
from .models import Invitation, User


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def club_new(request: HttpRequest) -> HttpResponse:
    form = ClubForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        club = club_services.club_create(
            name=form.cleaned_data["name"],
            slug=form.cleaned_data["slug"],
            time_zone=form.cleaned_data["time_zone"],
            by=request.user,
        )
        messages.success(request, _("%(club)s is created and you are its admin.") % {"club": club})
        return see_other("accounts:club", slug=club.slug)
    status = 400 if form.errors else 200
    return render(request, "accounts/club_new.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def club_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The club's name and time zone, for its admins."""
    club = club_for(request.user, slug, admin=True)
    form = ClubEditForm(request.POST if request.method == "POST" else None, instance=club)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        club = club_services.club_update(
            club=Club.objects.get(pk=club.pk), data=data, by=request.user
        )
        messages.success(request, _("%(club)s is saved.") % {"club": club})
        return see_other("accounts:club", slug=club.slug)
    status = 400 if form.errors else 200
    return render(request, "accounts/club_edit.html", {"club": club, "form": form}, status=status)


@require_http_methods(["GET", "HEAD"])
@login_required
def club_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The club's teams and coaches, for the club's own admins and coaches."""
    club = club_for(request.user, slug, member=True)
    admin = is_club_admin(request.user, club)
    coached = set(
        Coach.objects.filter(user=request.user, team__club=club).values_list("team_id", flat=True)
    )
    context = {
        "club": club,
        "is_admin": admin,
        "editable_team_ids": {t.pk for t in club.teams.all()} if admin else coached,
        "admins": club.admins.order_by("username"),
        "teams": club.teams.prefetch_related("coaches__user").order_by("name"),
    }
    return render(request, "accounts/club_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limit("email", methods=["POST"])  # each invitation sends a mail
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    club = club_for(request.user, slug, admin=True)
    return _invitations(request, club)


@totp_required
def _invitations(request: HttpRequest, club: Club) -> HttpResponse:
    form = InvitationForm(request.POST if request.method == "POST" else None, club=club)
    if request.method == "POST" and form.is_valid():
        invitation, token = services.invitation_create(
            club=club,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            team=form.cleaned_data["team"],
            by=request.user,
        )
        accept_url = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
        get_adapter(request).send_mail(
            "accounts/email/invitation",
            invitation.email,
            {"invitation": invitation, "accept_url": accept_url, "inviter": request.user},
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return see_other("accounts:invitations", slug=club.slug)
    context = {
        "club": club,
        "form": form,
        "pending": club.invitations.pending().select_related("team"),
    }
    return render(request, "accounts/invitations.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    club = club_for(request.user, slug, admin=True)
    return _invitation_revoke(request, club, pk)


@totp_required
def _invitation_revoke(request: HttpRequest, club: Club, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, club=club)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(
        request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
    )
    return see_other("accounts:invitations", slug=club.slug)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Show an invitation; POST accepts it (signed in with the invited address)."""
    try:
        found = services.invitation_for_token(token)
    except services.InvitationError as error:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"reason": error.message},
            status=error.status,
        )
    if not request.user.is_authenticated:
        remember_invitation(request, found.email)  # allauth forgets next= on confirmation
        next_query = urlencode({REDIRECT_FIELD_NAME: safe_next(request, request.path)})
        context = {
            "invitation": found,
            "login_url": f"{reverse('account_login')}?{next_query}",
            "signup_url": f"{reverse('account_signup')}?{next_query}",
        }
        return render(request, "accounts/invitation.html", context)
    forget_invitation(request)
    if request.method == "POST":
        user: User = request.user
        try:
            accepted = services.invitation_accept(token=token, user=user)
        except services.InvitationError as error:
            if error.status == 403:
                raise Refusal(error.message) from None
            return render(
                request,
                "accounts/invitation_invalid.html",
                {"reason": error.message},
                status=error.status,
            )
        # A new privilege: a fresh session id, so an older copy of the cookie gains nothing.
        request.session.cycle_key()
        messages.success(request, _("Welcome to %(club)s.") % {"club": accepted.club})
        return see_other("accounts:club", slug=accepted.club.slug)
    context = {
        "invitation": found,
        "email_matches": services.user_has_verified_email(request.user, found.email),
    }
    return render(request, "accounts/invitation.html", context)
