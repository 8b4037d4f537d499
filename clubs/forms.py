"""Forms: the one place where what the browser sent becomes trusted values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from .models import Team
from .permissions import visible_teams


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
                    _("%(team)s has %(squad)s players in its squad, so it cannot field %(show)s.")
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
