"""What happened in a game: the score, who started, and the events (goals, assists,
cards, substitutions made). Written through ``results.services``; the minutes each
player played come from these rows (``results.minutes``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clubs.models import Game, Player

#: No game lasts longer than this, extra time included (minutes).
MAX_MINUTE = 200
MAX_GOALS = 99


class GameResult(models.Model):
    """A game's score and starters; one per game. ``version`` guards the score against
    two phones saving at once (a form loaded at an older version is refused)."""

    game = models.OneToOneField(Game, on_delete=models.CASCADE, related_name="result")
    # Null until the score is recorded: the starters may come first.
    goals_for = models.PositiveSmallIntegerField(
        _("our goals"), null=True, blank=True, validators=[MaxValueValidator(MAX_GOALS)]
    )
    goals_against = models.PositiveSmallIntegerField(
        _("their goals"), null=True, blank=True, validators=[MaxValueValidator(MAX_GOALS)]
    )
    starters = models.ManyToManyField(
        Player, verbose_name=_("starters"), related_name="starts", blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(goals_for__isnull=True) & Q(goals_against__isnull=True))
                | (
                    Q(goals_for__lte=MAX_GOALS)
                    & Q(goals_against__lte=MAX_GOALS)
                    & Q(goals_for__isnull=False)
                    & Q(goals_against__isnull=False)
                ),
                name="result_score_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.game}: {self.score or '–'}"

    @property
    def has_score(self) -> bool:
        return self.goals_for is not None and self.goals_against is not None

    @property
    def score(self) -> str:
        return f"{self.goals_for}–{self.goals_against}" if self.has_score else ""

    @property
    def outcome(self) -> str:
        """ "W", "D" or "L" from our side; "" before the score is known."""
        if self.goals_for is None or self.goals_against is None:
            return ""
        if self.goals_for > self.goals_against:
            return "W"
        return "D" if self.goals_for == self.goals_against else "L"


class EventKind(models.TextChoices):
    GOAL = "goal", _("Goal")
    ASSIST = "assist", _("Assist")
    YELLOW = "yellow", _("Yellow card")
    RED = "red", _("Red card")
    SUBSTITUTION = "substitution", _("Substitution")


class MatchEvent(models.Model):
    """One thing that happened in a game, at a minute (and, optionally, in a period).

    ``key`` makes recording idempotent: the same key for the same game is the same
    event (a form sent twice, a phone that retries offline writes).
    """

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=12, choices=EventKind.choices)
    minute = models.PositiveSmallIntegerField(
        _("minute"), validators=[MaxValueValidator(MAX_MINUTE)]
    )
    period = models.PositiveSmallIntegerField(
        _("period"), null=True, blank=True, validators=[MaxValueValidator(16)]
    )
    # The scorer, the one who assisted or was booked, or who came on; a goal may
    # have no scorer (an own goal of the other side).
    player = models.ForeignKey(
        Player,
        verbose_name=_("player"),
        on_delete=models.CASCADE,
        related_name="match_events",
        null=True,
        blank=True,
    )
    player_off = models.ForeignKey(
        Player,
        verbose_name=_("player off"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    key = models.CharField(max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["game", "minute", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["game", "key"], name="one_event_per_game_and_key"),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="match_event_kind_known"
            ),
            models.CheckConstraint(condition=Q(minute__lte=MAX_MINUTE), name="event_minute_range"),
            models.CheckConstraint(
                condition=Q(kind="substitution") | Q(player_off__isnull=True),
                name="only_substitutions_take_off",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.game}: {self.kind} {self.minute}'"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        team_id = self.game.team_id
        for field in ("player", "player_off"):
            player = getattr(self, field)
            if player is not None and player.team_id != team_id:
                errors[field] = ValidationError(_("Choose a player of this team."))
        if self.kind == EventKind.SUBSTITUTION:
            if self.player is None and self.player_off is None:
                errors["player"] = ValidationError(_("Choose who came on or who went off."))
            elif self.player is not None and self.player_id == self.player_off_id:
                errors["player_off"] = ValidationError(
                    _("The player who came on cannot also be the one who went off.")
                )
        elif self.kind != EventKind.GOAL and self.player is None:
            errors["player"] = ValidationError(_("Choose the player."))
        if errors:
            raise ValidationError(errors)
