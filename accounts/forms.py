"""Forms for clubs, invitations and profiles, and allauth's forms in the site's wording."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clubs import slugs
from clubs.forms import SlugFromNameForm, html_sentence
from clubs.models import Club, Team, default_time_zone, time_zone_names

from .models import InvitationRole, User

# --- allauth's forms in the site's wording (ACCOUNT_FORMS, MFA_FORMS in settings) -----
# Sentence case and "e-mail", like every other page; no placeholders standing in for
# labels (every field has a visible label, and a placeholder would repeat it).

EMAIL_LABEL = _("E-mail address")
NEW_PASSWORD = {"password1": _("New password"), "password2": _("New password (again)")}


class SiteWording(forms.BaseForm):
    """Mixed in before an allauth form: ``labels`` by field name, and no placeholders."""

    labels: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]


class ClubEditForm(forms.ModelForm):
    """A club's settings after its creation: the name and the clock (the URL name stays,
    so that every address already shared keeps working)."""

    class Meta:
        model = Club
        fields = ["name", "time_zone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = time_zone_field()


class LoginForm(SiteWording, allauth_forms.LoginForm):
    """allauth's login form, with a label that says both ways in work."""

    labels = {"login": _("Username or e-mail"), "remember": _("Remember me")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["autocomplete"] = "username"


class SignupForm(SiteWording, allauth_forms.SignupForm):
    labels = {"email": EMAIL_LABEL}


class AddEmailForm(SiteWording, allauth_forms.AddEmailForm):
    labels = {"email": EMAIL_LABEL}


class ChangePasswordForm(SiteWording, allauth_forms.ChangePasswordForm):
    labels = {"oldpassword": _("Current password"), **NEW_PASSWORD}


class ResetPasswordForm(SiteWording, allauth_forms.ResetPasswordForm):
    labels = {"email": EMAIL_LABEL}


class ResetPasswordKeyForm(SiteWording, allauth_forms.ResetPasswordKeyForm):
    labels = NEW_PASSWORD


class ReauthenticateForm(SiteWording, allauth_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(SiteWording, totp_forms.ActivateTOTPForm):
    """The code from the app: the phone's number keyboard, and the code it just received
    offered by the keyboard where the phone can."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        )


class AuthenticateForm(SiteWording, mfa_forms.AuthenticateForm):
    """The code at sign-in: an authenticator code or a recovery code (letters too)."""

    labels = {"code": _("Code from your authenticator app, or a recovery code")}


class MFAReauthenticateForm(SiteWording, mfa_forms.ReauthenticateForm):
    labels = {"code": _("Code from your authenticator app")}


class TimeZoneField(forms.ChoiceField):
    """The club's clock, as a list of the IANA names ("Europe/Berlin"); left out, the
    site's (a form or a script that predates the field still works)."""

    def clean(self, value: Any) -> str:
        return str(super().clean(value) or default_time_zone())


def time_zone_field() -> forms.ChoiceField:
    return TimeZoneField(
        label=_("Time zone"),
        required=False,
        choices=[(name, name.replace("_", " ")) for name in time_zone_names()],
        initial=default_time_zone,
        help_text=_("Kick-off times on the club’s pages, e-mails and calendars use it."),
    )


class ClubForm(SlugFromNameForm):
    slug_sample = "riverside"

    class Meta:
        model = Club
        fields = ["name", "slug", "time_zone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = time_zone_field()

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
    # The least powerful role first and chosen: an admin who means more picks it.
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r, InvitationRole(r).label) for r in reversed(InvitationRole.values)],
        initial=InvitationRole.ASSISTANT,
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("No team (club admin)"),
        help_text=_("The team a coach will coach; a club admin manages every team."),
    )

    def __init__(self, *args: Any, club: Club, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = club.teams.order_by("name")
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if len(teams) == 1:  # a coach's role needs a team: the only one is the one
            self.fields["team"].initial = teams[0].pk

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, team = cleaned.get("role"), cleaned.get("team")
        if role == InvitationRole.ADMIN:
            cleaned["team"] = None  # a club admin manages every team (the only one is chosen)
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
