"""Forms: the one place where what the browser sent becomes trusted values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from lineup.formations import FORMATIONS, formations_for, positions_for

from . import slugs
from .models import Club, Game, Player, PublicNames, Sport, Team, Visibility
from .permissions import visible_teams
from .positions import formation_name
from .services import Contact


class TeamSizeForm(forms.Form):
    """How many players take the field, checked against the size of the squad."""

    show = forms.IntegerField(
        label=_("Players on the field"),
        min_value=1,
        max_value=settings.TEAMCOACH_MAX_TEAM_SIZE,
        error_messages={
            "required": _("Say how many players take the field."),
            "invalid": _("The team size must be a whole number, such as 7 or 11."),
            "min_value": _("A team needs at least one player on the field."),
            "max_value": _("No sport here fields more than %(limit_value)s players."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(
        self, *args: Any, team: Team | None = None, squad: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team, self.squad = team, squad

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        team, show = data.get("team", self.team), data.get("show")
        if team is not None and show is not None:
            squad = self.squad if self.squad is not None else team.active_players().count()
            if show > squad:
                self.add_error(
                    "show",
                    ngettext(
                        "%(team)s has %(squad)s player in its squad, so it cannot field %(show)s.",
                        "%(team)s has %(squad)s players in its squad, so it cannot field %(show)s.",
                        squad,
                    )
                    % {"team": team.name, "squad": squad, "show": show},
                )
        return data


class LineupRequestForm(TeamSizeForm):
    """The coach's question on /best/: which team, and how many players?"""

    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("club"),
        to_field_name="slug",
        empty_label=_("Choose a team"),
        error_messages={
            "required": _("Choose a team."),
            "invalid_choice": _("There is no team with that name. Pick one from the list."),
        },
    )
    field_order = ["team", "show"]

    def __init__(self, *args: Any, user: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the teams this visitor may see are offered (and accepted).
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = visible_teams(user or AnonymousUser()).select_related("club")

    @property
    def unknown_team(self) -> bool:
        """True when the team slug sent does not exist (the page answers 404)."""
        return any(e.code == "invalid_choice" for e in self.errors.as_data().get("team", []))


# --- the write side: team, player, game forms (clubs.manage_views) ------------------


class VersionedForm(forms.ModelForm):
    """Carries the version the object was loaded at, for optimistic concurrency."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    @property
    def changed_fields(self) -> dict[str, Any]:
        """The model fields as typed, for clubs.services (which does the saving)."""
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


def html_sentence(text: str, **parts: SafeString) -> SafeString:
    """A translated sentence with ready-made HTML (``format_html``) in its placeholders."""
    # The sentence is escaped first; the parts are already-safe format_html output.
    return mark_safe(escape(text) % parts)  # noqa: S308  # nosec B308 B703


class SlugFromNameForm(forms.ModelForm):
    """A form whose "URL name" (``slug``) may be left empty: it is made from the name.

    ``static/js/slug-field.js`` fills it in while the coach types the name and sets
    the hidden ``slug_auto``: a value the script made, not the coach, may still get a
    ``-2`` on the server when it is taken (``clubs.slugs``).
    """

    slug_auto = forms.BooleanField(required=False, widget=forms.HiddenInput)
    #: The example in the help text before any name is typed.
    slug_sample = "riverside-u10"

    class Media:
        js = [forms.Script("js/slug-field.js", defer=True)]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["slug"]
        field.required = False
        field.widget.attrs.update(
            {
                "data-slug-from": self["name"].auto_id,
                "autocapitalize": "none",
                "autocorrect": "off",
                "spellcheck": "false",
            }
        )
        field.help_text = self.slug_help(self._slug_example())

    def slug_base(self, name: str) -> str:
        """The URL name ``name`` gives before uniqueness (what the script shows)."""
        return slugify(name)

    def free_slug(self, name: str) -> str:
        """The URL name ``name`` gives, with ``-2``, ``-3`` … when taken."""
        raise NotImplementedError

    def slug_help(self, example: SafeString) -> SafeString:
        raise NotImplementedError

    def clean_public_names(self) -> str:
        """Left unset (an older form, a script): keep what the team has."""
        return str(self.cleaned_data.get("public_names") or self.instance.public_names)

    def sample_slug(self) -> str:
        """The example before any name is typed."""
        return self.slug_sample

    def _slug_example(self) -> SafeString:
        """The URL name in the help text's example: the real one as far as it is known."""
        slug = self.instance.slug
        if self.is_bound:
            typed_name = str(self.data.get(self.add_prefix("name"), ""))
            slug = str(self.data.get(self.add_prefix("slug"), "")) or self.slug_base(typed_name)
        sample = self.sample_slug()
        return format_html(
            '<span data-slug-preview data-slug-sample="{}">{}</span>', sample, slug or sample
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, slug = data.get("name"), data.get("slug") or ""
        made_by_script = data.get("slug_auto") and slug == self.slug_base(name or "")
        if name and (not slug or made_by_script):
            data["slug"] = self.free_slug(name)
        return data


def formation_choices() -> list[tuple[str, str]]:
    """Every sport's formation keys (unique across sports), and "" for the usual one."""
    return [("", gettext("The usual one for the team size"))] + [
        (f.key, f.name) for formations in FORMATIONS.values() for f in formations
    ]


class TeamForm(SlugFromNameForm, VersionedForm):
    formation = forms.ChoiceField(
        label=_("Formation"),
        required=False,
        choices=formation_choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the formations shown.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who may see the lineup pages"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Leave unset for the default: club-only for junior teams, public otherwise."),
    )

    public_names = forms.ChoiceField(
        label=_("Junior players' names outside the club"),
        choices=PublicNames.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "What people outside the club see of a junior player's name on public pages, "
            "exports and the API. They never see ratings, fitness or birth years."
        ),
    )

    class Meta:
        model = Team
        fields = [
            "name",
            "slug",
            "team_type",
            "age_group",
            "sport",
            "team_size",
            "formation",
            "game_minutes",
            "count_maybe",
            "visibility",
            "public_names",
        ]

    class Media:
        js = [forms.Script("js/formation-picker.js", defer=True)]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        club = self._club()
        if club is not None:
            self.fields["slug"].widget.attrs["data-slug-prefix"] = club.slug

    def sample_slug(self) -> str:
        club = self._club()  # the example address starts with the club's URL name
        return slugs.team_slug_base(club.slug, "U10") if club else self.slug_sample

    def _club(self) -> Club | None:
        return getattr(self.instance, "club", None)

    def slug_base(self, name: str) -> str:
        club = self._club()
        return slugs.team_slug_base(club.slug if club else "", name)

    def free_slug(self, name: str) -> str:
        club = self._club()
        return slugs.free_team_slug(club.slug if club else "", name, exclude_pk=self.instance.pk)

    def slug_help(self, example: SafeString) -> SafeString:
        size = self.instance.team_size or 11
        address = format_html("<code>/best/{}/{}/</code>", example, size)
        return html_sentence(
            gettext(
                "Used in addresses such as %(address)s. Made from the name if you leave it "
                "empty; letters, digits and hyphens."
            ),
            address=address,
        )

    @property
    def formation_groups(self) -> list[dict[str, Any]]:
        """The formations of every sport, for the picker; only the chosen sport's show
        (``static/js/formation-picker.js`` switches them when the sport changes)."""
        sport = str(self["sport"].value() or Sport.FOOTBALL)
        chosen = str(self["formation"].value() or "")
        groups = []
        for value, label in Sport.choices:
            current = value == sport
            keys = {f.key for f in formations_for(value)}
            usual = {
                "value": "",
                "name": gettext("The usual one for the team size"),
                "id": f"id_formation_usual_{value}",
                "checked": current and chosen not in keys,
            }
            options = [
                {
                    "value": f.key,
                    "name": formation_name(f.name),
                    "size": f.size,
                    "dots": [(s.x, round(100 - s.y, 2)) for s in f.slots],
                    "id": f"id_formation_{f.key}",
                    "checked": current and f.key == chosen,
                }
                for f in formations_for(value)
            ]
            groups.append(
                {"sport": value, "label": label, "current": current, "options": [usual, *options]}
            )
        return groups


class NewTeamForm(TeamForm):
    club = forms.ModelChoiceField(label=_("Club"), queryset=Club.objects.none(), empty_label=None)

    def __init__(self, *args: Any, clubs: QuerySet[Club], **kwargs: Any) -> None:
        self.clubs = clubs  # before the fields: the slug's help text names the club
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = clubs
        self.order_fields(["club"])
        # The script puts the chosen club's URL name in front of the team's.
        self.fields["slug"].widget.attrs.update(
            {
                "data-slug-club": self["club"].auto_id,
                "data-slug-prefixes": json.dumps({str(c.pk): c.slug for c in clubs}),
            }
        )

    def _club(self) -> Club | None:
        """The club chosen (or, before any choice, the first one the select shows)."""
        if not self.is_bound:
            chosen = self.clubs.filter(pk=self.initial["club"]) if "club" in self.initial else None
            return (chosen or self.clubs).first()
        pk = str(self.data.get(self.add_prefix("club"), ""))
        return self.clubs.filter(pk=pk).first() if pk.isdigit() else None


class PlayerForm(VersionedForm):
    class Media:
        js = [forms.Script("js/player-form.js", defer=True)]

    class Meta:
        model = Player
        fields = ["name", "number", "birth_year", "fit", "email"]
        widgets = {
            "number": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = self.team.players.filter(number=number).exclude(pk=self.instance.pk).first()
        if taken is not None:
            raise forms.ValidationError(
                _("No. %(number)s is already %(name)s's shirt number in this team.")
                % {"number": number, "name": taken.name}
            )
        return number


RATING_RANGE = _("Ratings go from 0 to 100.")


class PositionForm(forms.Form):
    position = forms.CharField(label=_("Position"), max_length=8, required=False)
    rating = forms.IntegerField(
        label=_("Rating (0–100)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": RATING_RANGE,
            "max_value": RATING_RANGE,
            "invalid": _("Write the rating as a whole number from 0 to 100."),
        },
    )

    def __init__(
        self, *args: Any, positions: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if positions:
            self.fields["position"] = forms.ChoiceField(
                label=_("Position"),
                choices=[
                    ("", "—"),
                    *((code, f"{code} · {name}") for code, name in positions.items()),
                ],
                required=False,
                error_messages={"invalid_choice": _("Choose a position from the list.")},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # One message per mistake: a rating of 150 is out of range, not missing.
        position, rating = data.get("position"), data.get("rating")
        if position and rating is None and "rating" not in self.errors:
            self.add_error("rating", _("Give a rating for this position."))
        if rating is not None and not position and "position" not in self.errors:
            self.add_error("position", _("Choose the position this rating is for."))
        return data


class BasePositionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen: set[str] = set()
        for form in self.forms:
            position = form.cleaned_data.get("position") if form.is_valid() else None
            if position in seen:
                form.add_error("position", _("%(p)s is listed twice.") % {"p": position})
            if position:
                seen.add(position)

    @property
    def ratings(self) -> dict[str, int]:
        return {
            f.cleaned_data["position"]: f.cleaned_data["rating"]
            for f in self.forms
            if f.cleaned_data.get("position")
        }

    @property
    def can_add(self) -> bool:
        return self.total_form_count() < (self.max_num or 0)


#: Rows a coach can fill in for one player; each position once.
MAX_POSITIONS = 20

PositionFormSet = forms.formset_factory(
    PositionForm,
    formset=BasePositionFormSet,
    extra=0,
    max_num=MAX_POSITIONS,
    absolute_max=MAX_POSITIONS,
)


def position_formset(
    team: Team,
    player: Player | None = None,
    data: Any = None,
    *,
    add_row: bool = False,
    as_typed: bool = False,
) -> Any:
    """The positions of a player form: theirs, then one empty row to fill in.

    ``add_row``: the coach pressed "Add another position" without JavaScript: the rows
    as typed (nothing checked yet, so no error shows) and one more empty row.
    """
    kwargs = {"prefix": "positions", "form_kwargs": {"positions": positions_for(team.sport)}}
    if (add_row or as_typed) and data is not None:
        typed = [typed_values(row) for row in PositionFormSet(data, **kwargs).forms]
        return PositionFormSet(initial=[*typed, {}] if add_row else typed, **kwargs)
    initial: list[dict[str, Any]] = (
        [{"position": p.position, "rating": p.rating} for p in player.positions.all()]
        if player
        else []
    )
    return PositionFormSet(data, initial=[*initial, {}], **kwargs)


class ContactForm(forms.Form):
    """One contact on the player form: a parent, a guardian, another address."""

    name = forms.CharField(label=_("Contact's name"), max_length=80, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address, such as ann@example.org.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if any(c in name for c in ";<>"):
            raise forms.ValidationError(_("A contact's name cannot contain ; < or >."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name, email, phone = data.get("name"), data.get("email"), data.get("phone")
        if (name or phone) and not email and "email" not in self.errors:
            self.add_error("email", _("Give this contact's e-mail address."))
        if email and not name:
            self.add_error("name", _("Give this contact's name."))
        return data


class BaseContactFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen: set[str] = set()
        for form in self.forms:
            email = form.cleaned_data.get("email") if form.is_valid() else None
            if email and email.casefold() in seen:
                form.add_error("email", _("%(email)s is listed twice.") % {"email": email})
            if email:
                seen.add(email.casefold())

    @property
    def contacts(self) -> list[Contact]:
        return [
            Contact(
                name=f.cleaned_data["name"].strip(),
                email=f.cleaned_data["email"],
                phone=f.cleaned_data.get("phone", "").strip(),
            )
            for f in self.forms
            if f.cleaned_data.get("email")
        ]

    @property
    def can_add(self) -> bool:
        return self.total_form_count() < (self.max_num or 0)


#: Contacts a coach can give for one player.
MAX_CONTACTS = 6

ContactFormSet = forms.formset_factory(
    ContactForm,
    formset=BaseContactFormSet,
    extra=0,
    max_num=MAX_CONTACTS,
    absolute_max=MAX_CONTACTS,
)


def contact_formset(
    player: Player | None = None, data: Any = None, *, add_row: bool = False, as_typed: bool = False
) -> Any:
    """The contacts of a player form: theirs, then one empty row to fill in (``as_typed``:
    the rows as typed, unchecked; ``add_row``: and one more empty row, for "Add another
    contact" without JavaScript)."""
    kwargs = {"prefix": "contacts"}
    if (add_row or as_typed) and data is not None:
        typed = [typed_values(row) for row in ContactFormSet(data, **kwargs).forms]
        return ContactFormSet(initial=[*typed, {}] if add_row else typed, **kwargs)
    initial: list[dict[str, Any]] = (
        [{"name": c.name, "email": c.email, "phone": c.phone} for c in player.contacts.all()]
        if player
        else []
    )
    return ContactFormSet(data, initial=[*initial, {}], **kwargs)


def typed_values(form: forms.BaseForm) -> dict[str, Any]:
    """What the browser sent for each field, unchecked: for showing a form again as typed."""
    return {name: form[name].data for name in form.fields}


class GameForm(VersionedForm):
    kickoff = forms.DateTimeField(
        label=_("Kick-off"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time, such as 2026-05-30 10:30.")},
    )
    meet_at = forms.DateTimeField(
        label=_("Meeting time (optional)"),
        required=False,
        help_text=_("When the players should be there; shown on the share link and in mails."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time, such as 2026-05-30 09:45.")},
    )

    class Meta:
        model = Game
        fields = ["opponent", "kickoff", "meet_at", "venue", "home_away"]


class ReminderForm(forms.Form):
    remind_at = forms.DateTimeField(
        label=_("Remind those who have not answered at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time, such as 2026-05-30 10:30.")},
    )

    def __init__(self, *args: Any, game: Game, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.game = game

    def clean_remind_at(self) -> Any:
        from django.utils import timezone

        value = self.cleaned_data["remind_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        if value >= self.game.kickoff:
            raise forms.ValidationError(_("Choose a time before the kick-off."))
        return value
