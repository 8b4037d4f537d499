"""Per-team rotation settings and the saved plans that feed the season ledger.

Team data itself (players, games, availability) stays in ``clubs``; these
models only point at it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clubs.models import Game, Team, usual_periods
from lineup.rotation import default_keeper_changes
from web.prepared import Prepared, instance


class Preset(models.TextChoices):
    CUSTOM = "custom", _("Custom rules (below)")
    NONE = "none", _("No rules: just the fairest minutes")
    HALF = "half", _("Everyone plays at least half the game")
    JUNIOR = (
        "junior",
        _("Junior league: half the game, at most one period on the bench in a row"),
    )
    HALVES = "halves", _("Everyone plays one full half")


#: The rule values each preset stands for.
PRESETS: dict[str, dict[str, object]] = {
    Preset.NONE: {
        "min_share_percent": None,
        "max_consecutive_bench": None,
        "keeper_max_periods": None,
        "full_half": False,
    },
    Preset.HALF: {
        "min_share_percent": 50,
        "max_consecutive_bench": None,
        "keeper_max_periods": None,
        "full_half": False,
    },
    # No keeper limit: the keeper policy (half-time changes by default) shares the
    # goal instead; "two periods" cannot hold with 8 blocks and half-time changes.
    Preset.JUNIOR: {
        "min_share_percent": 50,
        "max_consecutive_bench": 1,
        "keeper_max_periods": None,
        "full_half": False,
    },
    Preset.HALVES: {
        "min_share_percent": None,
        "max_consecutive_bench": None,
        "keeper_max_periods": None,
        "full_half": True,
    },
}


class KeeperChanges(models.TextChoices):
    ANY_PERIOD = "any_period", _("At any break")
    HALF_TIME = "half_time", _("Only at half-time")
    NEVER = "never", _("Never: one keeper all game")


#: The usual split, now kept in ``clubs`` (a game's length is known there too).
default_periods = usual_periods


#: The settings a coach changes; each change is listed on the team's history page.
SETTINGS_FIELDS = (
    "periods",
    "period_minutes",
    "preset",
    "min_share_percent",
    "max_consecutive_bench",
    "keeper_max_periods",
    "full_half",
    "forbidden",
    "keeper_changes",
    "keepers_allowed",
    "strongest_first",
)


class RotationSettings(models.Model):
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="rotation_settings")
    periods = models.PositiveSmallIntegerField(
        _("periods per game"), validators=[MinValueValidator(1), MaxValueValidator(16)]
    )
    period_minutes = models.PositiveSmallIntegerField(
        _("minutes per period"), validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    preset = models.CharField(
        _("rule set"), max_length=10, choices=Preset.choices, default=Preset.NONE
    )
    min_share_percent = models.PositiveSmallIntegerField(
        _("minimum share of the game (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    max_consecutive_bench = models.PositiveSmallIntegerField(
        _("most periods on the bench in a row"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(16)],
    )
    keeper_max_periods = models.PositiveSmallIntegerField(
        _("most periods in goal per keeper"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(16)],
    )
    full_half = models.BooleanField(_("everyone plays one full half"), default=False)
    forbidden = models.JSONField(
        _("positions players may not play"),
        default=dict,
        blank=True,
        help_text=_("Player id → position codes."),
    )
    keeper_changes = models.CharField(
        _("when the keeper may change"),
        max_length=10,
        choices=KeeperChanges.choices,
        default=KeeperChanges.ANY_PERIOD,
        help_text=_("Only players rated for goal, or allowed below, ever keep goal."),
    )
    keepers_allowed = models.JSONField(
        _("may keep goal without a keeper rating"),
        default=list,
        blank=True,
        help_text=_("Player ids."),
    )
    strongest_first = models.BooleanField(
        _("strongest lineups first"),
        default=False,
        help_text=_(
            "Off: after the fairest minutes, the fewest keeper changes, substitutions and "
            "position moves come first, then the strongest positions. On: the strongest "
            "positions first."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("rotation settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(periods__gte=1) & Q(periods__lte=16), name="rotation_periods_in_range"
            ),
            models.CheckConstraint(
                condition=Q(min_share_percent__isnull=True) | Q(min_share_percent__lte=100),
                name="rotation_share_in_range",
            ),
            models.CheckConstraint(
                condition=Q(keeper_changes__in=KeeperChanges.values),
                name="rotation_keeper_changes_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.periods} × {self.period_minutes} min"

    def get_absolute_url(self) -> str:
        return reverse("fairplay:settings", args=[self.team.slug])

    @classmethod
    def for_team(cls, team: Team) -> RotationSettings:
        """The team's settings, or unsaved sport defaults when it has none yet.

        Either way they are ``team.rotation_settings`` from then on, so what reads them
        through the team (``results.minutes.game_periods``) needs no second query.
        """
        rows = _SETTINGS_OF.rows(team_id=team.pk)
        if rows:
            settings = instance(cls, _SETTINGS_COLUMNS, rows[0])
            settings.team = team  # a one-to-one: sets the team's side too
            return settings
        periods, minutes = default_periods(team.sport, team.team_size, team.team_type == "junior")
        # The junior-league preset needs room: with few places (5-a-side,
        # futsal) a squad of 12 cannot all play half the game.
        junior = team.team_type == "junior" and team.team_size >= 7
        preset = Preset.JUNIOR if junior else Preset.NONE
        return cls(
            team=team,
            periods=periods,
            period_minutes=minutes,
            preset=preset,
            keeper_changes=default_keeper_changes(team.sport),
            **PRESETS[preset],
        )


_SETTINGS_COLUMNS = [f.attname for f in RotationSettings._meta.concrete_fields]

#: A team's settings row, compiled once (web.prepared): every first GET of a plan reads it.
_SETTINGS_OF = Prepared(
    lambda team_id: RotationSettings.objects.filter(team_id=team_id).values_list(
        *_SETTINGS_COLUMNS
    ),
    team_id=RotationSettings._meta.get_field("team"),
)


class RotationPlan(models.Model):
    """A saved plan for one game; the newest per game counts in the ledger."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="rotation_plans")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    #: [minutes, …] per period.
    period_minutes = models.JSONField()
    #: [[position or null, label], …] per place.
    slots = models.JSONField()
    #: [[player id, …] per place] per period.
    grid = models.JSONField()
    #: Player ids who were available (on the field or on the bench).
    squad = models.JSONField()
    #: The solver's certificate: status, spread, best_spread, low, high.
    certificate = models.JSONField()
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["game", "-created_at", "-pk"]
        indexes = [models.Index(fields=["game", "-created_at"], name="rotationplan_game_newest")]

    def __str__(self) -> str:
        return gettext("Rotation for %(game)s") % {"game": self.game}


class LiveClock(models.Model):
    """The game clock of one game, kept on the server so every coach's phone agrees.

    The clock counts the current period: ``elapsed_seconds`` banked before
    ``running_since`` (set while it runs). A phone computes the time shown
    from these and its own clock, so it keeps running without a connection.
    """

    class State(models.TextChoices):
        READY = "ready", _("Not started")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    game = models.OneToOneField(Game, on_delete=models.CASCADE, related_name="live_clock")
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.READY)
    period = models.PositiveSmallIntegerField(
        _("period"), default=1, validators=[MinValueValidator(1), MaxValueValidator(16)]
    )
    elapsed_seconds = models.PositiveIntegerField(_("seconds played in the period"), default=0)
    running_since = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(state="running", running_since__isnull=False)
                | (~Q(state="running") & Q(running_since__isnull=True)),
                name="liveclock_runs_from_a_time",
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1) & Q(period__lte=16), name="liveclock_period_in_range"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Clock of %(game)s") % {"game": self.game}

    def get_absolute_url(self) -> str:
        return reverse("fairplay:live", args=[self.game.team.slug, self.game_id])

    def seconds(self, now: dt.datetime) -> int:
        """Seconds played in the current period at ``now``."""
        if self.running_since is None:
            return self.elapsed_seconds
        return self.elapsed_seconds + max(0, int((now - self.running_since).total_seconds()))
