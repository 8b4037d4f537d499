"""Forms for the rotation settings and the re-plan request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.models import Player, Team
from lineup.formations import positions_for
from lineup.rotation import KEEPER_POSITIONS

from .models import PRESETS, SETTINGS_FIELDS, Preset, RotationSettings


class RotationSettingsForm(forms.ModelForm):
    """The team's periods and rules, and per player the positions they may not play.

    Positions are ticked per player (one checkbox group each, named
    ``forbid_<player id>``) rather than typed, so a coach at the pitch side
    cannot mistype a shirt number or a position code.
    """

    class Meta:
        model = RotationSettings
        # The forbidden positions and the allowed keepers are fields of their own
        # (``forbid_<player id>``, ``keepers_allowed``), built per player.
        fields = [name for name in SETTINGS_FIELDS if name not in {"forbidden", "keepers_allowed"}]
        help_texts = {
            "preset": _("A preset fills in the rules below; choose “Custom” to set them yourself."),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        for name in ("periods", "period_minutes", "min_share_percent"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        positions = list(positions_for(team.sport).items())
        saved = self.instance.forbidden or {}
        self.players = list(team.active_players()) if positions else []
        if any(code in KEEPER_POSITIONS for code, _name in positions):
            self.fields["keepers_allowed"] = forms.MultipleChoiceField(
                label=_("May keep goal without a keeper rating"),
                choices=[(str(p.pk), str(p)) for p in self.players],
                required=False,
                initial=[str(k) for k in self.instance.keepers_allowed or []],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "inline-choices"}),
                help_text=_("Everyone rated for goal may keep goal; tick others who may too."),
            )
            # A form posted without it (an older page, a script) keeps the saved policy.
            self.fields["keeper_changes"].required = False
        else:
            del self.fields["keeper_changes"]
        for player in self.players:
            self.fields[f"forbid_{player.pk}"] = forms.MultipleChoiceField(
                label=str(player),
                choices=positions,
                required=False,
                initial=saved.get(str(player.pk), []),
                widget=forms.CheckboxSelectMultiple(attrs={"class": "inline-choices"}),
            )

    def clean_keeper_changes(self) -> str:
        return self.cleaned_data.get("keeper_changes") or self.instance.keeper_changes

    @property
    def rule_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields if name in self.fields]

    @property
    def keeper_field(self) -> forms.BoundField | None:
        return self["keepers_allowed"] if "keepers_allowed" in self.fields else None

    @property
    def forbidden_fields(self) -> list[forms.BoundField]:
        return [self[f"forbid_{p.pk}"] for p in self.players]

    @property
    def has_forbidden(self) -> bool:
        """Whether the positions section should open: something ticked, or an error in it."""
        return any(f.value() or f.errors for f in self.forbidden_fields)

    def forbidden(self) -> dict[str, list[str]]:
        """Player id → sorted position codes, only for players with any ticked."""
        out = {}
        for player in self.players:
            codes = self.cleaned_data.get(f"forbid_{player.pk}") or []
            if codes:
                out[str(player.pk)] = sorted(codes)
        return out

    def save(self, commit: bool = True) -> RotationSettings:
        settings = super().save(commit=False)
        settings.team = self.team
        settings.forbidden = self.forbidden()
        settings.keepers_allowed = sorted(
            int(k) for k in self.cleaned_data.get("keepers_allowed") or []
        )
        if settings.preset != Preset.CUSTOM:
            for name, value in PRESETS[settings.preset].items():
                setattr(settings, name, value)
        if commit:
            settings.full_clean()
            settings.save()
        return settings


class ReplanForm(forms.Form):
    from_period = forms.TypedChoiceField(label=_("Re-plan from period"), coerce=int)
    out = forms.MultipleChoiceField(
        label=_("Can no longer play (injured, left)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    arrived = forms.MultipleChoiceField(
        label=_("Arrived late"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        periods: int,
        in_plan: list[Player],
        others: list[Player],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_period"].choices = [(t, str(t + 1)) for t in range(1, periods)]
        self.fields["out"].choices = [(str(p.pk), str(p)) for p in in_plan]
        self.fields["arrived"].choices = [(str(p.pk), str(p)) for p in others]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("out") and not data.get("arrived"):
            raise forms.ValidationError(_("Tick who can no longer play or who arrived."))
        return data


class ChangeForm(forms.Form):
    """A change made during the game that differs from the plan: who on, who off, when."""

    on = forms.TypedChoiceField(label=_("Coming on"), coerce=int)
    off = forms.TypedChoiceField(label=_("Going off"), coerce=int)
    minute = forms.IntegerField(label=_("Minute of the game"), min_value=0, max_value=200)
    key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, players: list[Player], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a player"))] + [(p.pk, f"{p.number} {p.name}") for p in players]
        self.fields["on"].choices = choices
        self.fields["off"].choices = choices
        self.players = {p.pk: p for p in players}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("on") is not None and data.get("on") == data.get("off"):
            raise forms.ValidationError(_("The player coming on and the one going off differ."))
        return data
