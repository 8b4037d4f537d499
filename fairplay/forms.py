"""Forms for the rotation settings and the re-plan request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.models import Player, Team
from lineup.formations import positions_for

from .models import PRESETS, Preset, RotationSettings


class RotationSettingsForm(forms.ModelForm):
    forbidden_text = forms.CharField(
        label=_("Positions players may not play"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per player: shirt number, a colon, position codes. E.g. “7: GK”."),
    )

    class Meta:
        model = RotationSettings
        fields = [
            "periods",
            "period_minutes",
            "preset",
            "min_share_percent",
            "max_consecutive_bench",
            "keeper_max_periods",
            "full_half",
        ]
        help_texts = {
            "preset": _("A preset fills in the rules below; choose “Custom” to set them yourself."),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        numbers = {p.pk: p.number for p in team.active_players()}
        lines = [
            f"{numbers[int(pk)]}: {', '.join(codes)}"
            for pk, codes in (self.instance.forbidden or {}).items()
            if int(pk) in numbers
        ]
        self.fields["forbidden_text"].initial = "\n".join(sorted(lines))
        for name in ("periods", "period_minutes", "min_share_percent"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def clean_forbidden_text(self) -> dict[str, list[str]]:
        text = self.cleaned_data["forbidden_text"]
        players = {p.number: p for p in Player.objects.filter(team=self.team, retired_at=None)}
        known = positions_for(self.team.sport)
        out: dict[str, list[str]] = {}
        for line in text.splitlines():
            if not line.strip():
                continue
            number, sep, codes = line.partition(":")
            if not sep or not number.strip().isdigit():
                raise forms.ValidationError(
                    _("“%(line)s” should look like “7: GK”."), params={"line": line.strip()}
                )
            player = players.get(int(number))
            if player is None:
                raise forms.ValidationError(
                    _("No player wears number %(n)s."), params={"n": number.strip()}
                )
            wanted = [c.strip().upper() for c in codes.split(",") if c.strip()]
            wrong = [c for c in wanted if c not in known]
            if wrong:
                raise forms.ValidationError(
                    _("“%(code)s” is not a position of this sport."), params={"code": wrong[0]}
                )
            out[str(player.pk)] = sorted(set(wanted))
        return out

    def save(self, commit: bool = True) -> RotationSettings:
        settings = super().save(commit=False)
        settings.team = self.team
        settings.forbidden = self.cleaned_data["forbidden_text"]
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
