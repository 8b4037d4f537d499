"""Profiles and one's own account: edit, download one's data, delete."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clubs.models import Coach

from . import services
from .forms import DeleteAccountForm, ProfileForm
from .models import User


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """The 403 page, saying why."""
    return render(request, "403.html", {"message": message}, status=403)


@require_safe
@login_required
def me(request: HttpRequest) -> HttpResponse:
    """Where login lands: one's own profile."""
    return redirect("accounts:profile", username=request.user.get_username())


@require_safe
@login_required
def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(User, username=username, is_active=True)
    context = {
        "person": person,
        "is_owner": person.pk == request.user.pk,
        "clubs": person.administered_clubs.order_by("name"),
        "roles": Coach.objects.filter(user=person).select_related("team__club"),
    }
    return render(request, "accounts/profile.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile_edit(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(User, username=username, is_active=True)
    if person.pk != request.user.pk:
        return forbidden(request, _("Only %(name)s can edit this profile.") % {"name": person})
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile", username=person.username)
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
            return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "accounts/account_delete.html", {"form": form}, status=status)
