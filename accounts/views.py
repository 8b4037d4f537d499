"""Profiles and one's own account: edit, download one's data, delete; allauth's key pages."""

from __future__ import annotations

import json
from typing import Any

from allauth.account import views as allauth_views
from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clubs.models import Coach, Team
from web.refusals import Refusal
from web.responses import see_other
from web.security import safe_next

from . import services
from .forms import DeleteAccountForm, ProfileForm
from .models import User


def admin_login(request: HttpRequest) -> HttpResponse:
    """Staff sign in through allauth's login (two-factor, rate limits), never Django admin's form.

    Takes the place of ``admin.site.login`` for every method, so no password is checked here.
    """
    target = safe_next(request, request.GET.get(REDIRECT_FIELD_NAME), reverse("admin:index"))
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(target)
        # Sending a signed-in non-staff user to the login page would loop (it sends them back).
        raise Refusal(_("Your account has no access to the site administration."))
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


@require_safe
@login_required
def me(request: HttpRequest) -> HttpResponse:
    """Where login lands: one's own profile."""
    return redirect("accounts:profile", username=request.user.get_username())


@require_safe
@login_required
def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(User, username=username, is_active=True)
    is_owner = person.pk == request.user.pk
    context = {
        "person": person,
        "is_owner": is_owner,
        "clubs": person.administered_clubs.order_by("name"),
        "roles": Coach.objects.filter(user=person, team__in=Team.objects.all()).select_related(
            "team__club"
        ),
        "history": services.account_history(person) if is_owner else [],
        "has_totp": is_owner and services.has_totp(person),
    }
    return render(request, "accounts/profile.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile_edit(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(User, username=username, is_active=True)
    if person.pk != request.user.pk:
        raise Refusal(_("Only %(name)s can edit this profile.") % {"name": person})
    # The form validates a copy: the service compares with the stored row and saves it.
    copy = User.objects.get(pk=person.pk)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=copy)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=person, data=form.cleaned_data, by=request.user)
        messages.success(request, _("Your profile is saved."))
        return see_other("accounts:profile", username=person.username)
    status = 400 if form.errors else 200
    return render(request, "accounts/profile_edit.html", {"form": form}, status=status)


@require_safe
@login_required
@never_cache
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the signed-in user, as a JSON download."""
    data = services.account_export(request.user)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="teamcoach-my-data-{stamp}.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None,
        user=request.user,  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)  # type: ignore[arg-type]
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account and its data are deleted."))
            return see_other("home")
    status = 400 if form.errors else 200
    return render(request, "accounts/account_delete.html", {"form": form}, status=status)


# allauth shows its friendly "this link is invalid or expired" page with status 200; a
# refused key is the client's mistake, so the same page answers 400. allauth cannot tell
# an expired key from a wrong one (signed e-mail keys, Django's reset tokens), so neither
# do we: 400 for both.


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    def get(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(*args, **kwargs)
        if self.object is None:
            response.status_code = 400
        return response

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(*args, **kwargs)
        except Http404:  # allauth's 404 for an unknown key: the same page as GET instead
            return self.get(*args, **kwargs)


class PasswordResetFromKeyView(allauth_views.PasswordResetFromKeyView):
    def dispatch(
        self, request: HttpRequest, uidb36: str, key: str, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().dispatch(request, uidb36, key, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("token_fail"):
            response.status_code = 400
        return response


confirm_email = ConfirmEmailView.as_view()
password_reset_from_key = PasswordResetFromKeyView.as_view()


# Two-factor set-up on the phone that will hold the authenticator app: allauth's pages,
# with the otpauth:// link and the secret in groups of four beside the QR code, and
# ``next`` carried through (set-up → recovery codes → back where the coach was, such as
# the invitation they were sending: accounts/mfa.py sends them here with it).


def _next_url(request: HttpRequest) -> str:
    """The page to go back to after the set-up, if it is on this site; else ""."""
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), "")


class ActivateTOTPView(totp_views.ActivateTOTPView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        secret = context["form"].secret
        context["secret_groups"] = [secret[i : i + 4] for i in range(0, len(secret), 4)]
        context["next_url"] = _next_url(self.request)
        return context

    def get_success_url(self) -> str:
        url = super().get_success_url()
        target = _next_url(self.request)
        return f"{url}?{urlencode({REDIRECT_FIELD_NAME: target})}" if target else url


class ViewRecoveryCodesView(recovery_code_views.ViewRecoveryCodesView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"next_url": _next_url(self.request)}


activate_totp = ActivateTOTPView.as_view()
view_recovery_codes = ViewRecoveryCodesView.as_view()
