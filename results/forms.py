"""The result page's small forms: the score, the starters, one event each."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clubs.models import Player

from .minutes import period_start
from .models import MAX_GOALS, MAX_MINUTE, EventKind

NUMERIC = {"inputmode": "numeric"}


def _goals(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_GOALS,
        error_messages={
            "required": _("Give the number of goals, 0 if none."),
            "invalid": _("Goals are a whole number, such as 0 or 2."),
            "min_value": _("Goals cannot be fewer than 0."),
            "max_value": _("No game ends with more than %(limit_value)s goals."),
        },
        widget=forms.NumberInput(attrs={**NUMERIC, "class": "goals"}),
    )


class ScoreForm(forms.Form):
    goals_for = _goals(_("Our goals"))
    goals_against = _goals(_("Their goals"))
    # The result's version the page showed; 0: there was none yet.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class StartersForm(forms.Form):
    starters = forms.ModelMultipleChoiceField(
        label=_("Who started"),
        queryset=Player.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose players of this team.")},
    )

    def __init__(self, *args: Any, players: QuerySet[Player], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["starters"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = players


def new_key() -> str:
    """A fresh idempotency key for one event form: sending the form twice records once."""
    return uuid.uuid4().hex


class EventForm(forms.Form):
    """One event. The page shows one of these per kind (goal, card, substitution);
    a minute or a period says when (a period counts from its first minute)."""

    kind = forms.ChoiceField(choices=EventKind.choices, widget=forms.HiddenInput)
    minute = forms.IntegerField(
        label=_("Minute"),
        min_value=0,
        max_value=MAX_MINUTE,
        required=False,
        error_messages={
            "invalid": _("The minute is a whole number, such as 27."),
            "min_value": _("The minute cannot be before the kick-off (0)."),
            "max_value": _("No game lasts more than %(limit_value)s minutes."),
        },
        widget=forms.NumberInput(attrs=NUMERIC),
    )
    period = forms.IntegerField(
        label=_("or period"),
        min_value=1,
        max_value=16,
        required=False,
        error_messages={
            "invalid": _("The period is a whole number, such as 2."),
            "min_value": _("Periods count from 1."),
            "max_value": _("A game has at most %(limit_value)s periods."),
        },
        widget=forms.NumberInput(attrs=NUMERIC),
    )
    player = forms.ModelChoiceField(
        label=_("Player"),
        queryset=Player.objects.none(),
        required=False,
        empty_label=_("— choose —"),
        error_messages={"invalid_choice": _("Choose a player of this team.")},
    )
    player_off = forms.ModelChoiceField(
        label=_("Player off"),
        queryset=Player.objects.none(),
        required=False,
        empty_label=_("— nobody —"),
        error_messages={"invalid_choice": _("Choose a player of this team.")},
    )
    assist = forms.ModelChoiceField(
        label=_("Assist"),
        queryset=Player.objects.none(),
        required=False,
        empty_label=_("— nobody —"),
        error_messages={"invalid_choice": _("Choose a player of this team.")},
    )
    key = forms.CharField(max_length=90, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        players: QuerySet[Player],
        periods: Sequence[int],
        kind: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", f"id_{kind or 'event'}_%s")
        kwargs.setdefault("initial", {"kind": kind, "key": new_key()})
        super().__init__(*args, **kwargs)
        self.periods = list(periods)
        for name in ("player", "player_off", "assist"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = players
        labels = {
            EventKind.GOAL: _("Scorer (blank: an own goal of theirs)"),
            EventKind.SUBSTITUTION: _("Player on"),
        }
        self.fields["player"].label = labels.get(kind, _("Player"))  # type: ignore[call-overload]
        if kind in (EventKind.YELLOW, EventKind.RED):
            cards = [(k, EventKind(k).label) for k in (EventKind.YELLOW, EventKind.RED)]
            self.fields["kind"] = forms.ChoiceField(
                label=_("Card"), choices=cards, widget=forms.RadioSelect
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, minute, period = data.get("kind"), data.get("minute"), data.get("period")
        if minute is None and period is None and not self.has_error("minute"):
            self.add_error("minute", _("Give the minute, or the period it happened in."))
        elif minute is None and period is not None:
            if period > len(self.periods):
                message = _("This game has %(n)s periods.") % {"n": len(self.periods)}
                self.add_error("period", message)
            else:
                data["minute"] = period_start(self.periods, period)
        if kind in (EventKind.YELLOW, EventKind.RED, EventKind.ASSIST) and not data.get("player"):
            self.add_error("player", _("Choose the player."))
        if kind == EventKind.SUBSTITUTION:
            on, off = data.get("player"), data.get("player_off")
            if on is None and off is None:
                self.add_error("player", _("Choose who came on, who went off, or both."))
            elif on is not None and on == off:
                self.add_error("player_off", _("A player cannot replace themselves."))
        if kind == EventKind.GOAL and data.get("assist") and data["assist"] == data.get("player"):
            self.add_error("assist", _("The scorer cannot also assist their own goal."))
        return data
