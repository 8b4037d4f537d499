"""Forms for clubs, invitations and profiles (allauth brings its own for sign-up/login)."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clubs import slugs
from clubs.forms import SlugFromNameForm, html_sentence
from clubs.models import Club, Team

from .models import InvitationRole, User


class LoginForm(AllauthLoginForm):
    """allauth's login form, with a label that says both ways in work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail")
        self.fields["login"].widget.attrs["autocomplete"] = "username"


class ClubForm(SlugFromNameForm):
    slug_sample = "riverside"

    class Meta:
        model = Club
        fields = ["name", "slug"]

    def free_slug(self, name: str) -> str:
        return slugs.free_club_slug(name)

    def slug_help(self, example: SafeString) -> SafeString:
        return html_sentence(
            gettext(
                "Used in the club’s address, such as %(address)s. Made from the name if you "
                "leave it empty; letters, digits and hyphens."
            ),
            address=format_html("<code>/clubs/{}/</code>", example),
        )

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in slugs.RESERVED_CLUB_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is reserved; choose another."), params={"slug": slug}
            )
        return slug


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=InvitationRole.choices)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("No team (club admin)"),
        help_text=_("Required for coaches; leave empty for a club admin."),
    )

    def __init__(self, *args: Any, club: Club, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = club.teams.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, team = cleaned.get("role"), cleaned.get("team")
        if role == InvitationRole.ADMIN and team is not None:
            self.add_error("team", _("A club admin manages every team; leave the team empty."))
        elif role in (InvitationRole.HEAD, InvitationRole.ASSISTANT) and team is None:
            self.add_error("team", _("Choose the team this coach will coach."))
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
