"""Clubs, teams, coaches, players, games and availability: the site's data.

Invariants live in the database too (unique shirt numbers, rating ranges), so a
bug in a form or an import cannot store what the rest of the code assumes away.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from lineup.formations import formations_for, positions_for


class Sport(models.TextChoices):
    # The values are the lineup package's sport keys.
    FOOTBALL = "football", _("Football")
    FUTSAL = "futsal", _("Futsal")
    BASKETBALL = "basketball", _("Basketball")
    VOLLEYBALL = "volleyball", _("Volleyball")
    ICE_HOCKEY = "ice_hockey", _("Ice hockey")
    GENERIC = "generic", _("Other sport (no positions)")


class TeamType(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    SENIOR = "senior", _("Senior")
    VETERANS = "veterans", _("Veterans")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone may see the lineup pages")
    CLUB = "club", _("Club only: the club's coaches and admins")


class PublicNames(models.TextChoices):
    """How a junior player is named where people outside the club can read it
    (``clubs.privacy``)."""

    INITIAL = "initial", _("First name and surname initial (Emma J.)")
    NUMBER = "number", _("Shirt number only")


def default_visibility(team_type: str) -> str:
    """Junior teams are club-only unless the club decides otherwise; others are public."""
    return Visibility.CLUB if team_type == TeamType.JUNIOR else Visibility.PUBLIC


AGE_GROUPS = [(f"U{age:02d}", f"U{age:02d}") for age in range(6, 19)]

#: How long a deleted club or team can be restored before ``purge_deleted`` removes it.
RESTORE_WINDOW = dt.timedelta(days=30)


def usual_periods(sport: str, size: int, junior: bool) -> tuple[int, int]:
    """(periods, minutes each): the usual game split for a sport and format."""
    if sport == "football":
        if size <= 5:
            return 4, 10
        if size <= 7:
            return 8, 6
        if size <= 9:
            return 4, 15
        return (4, 20) if junior else (2, 45)
    if sport == "futsal":
        return 4, 10
    if sport == "basketball":
        return (8, 5) if junior else (4, 10)
    if sport == "ice_hockey":
        return 3, 15 if junior else 20
    if sport == "volleyball":
        return 3, 20
    return 2, 30


def usual_break_minutes(periods: int) -> int:
    """All the breaks of a game together: a half-time of 15 minutes, or 5 per break
    (at most 20) when a game has more than two periods."""
    if periods <= 1:
        return 0
    if periods == 2:
        return 15
    return min(20, 5 * (periods - 1))


def game_length_minutes(periods: int, period_minutes: int) -> int:
    """A game's length from kick-off to the end: its periods and the breaks between them."""
    return periods * period_minutes + usual_break_minutes(periods)


#: The longest game a team may set (minutes, breaks included).
MAX_GAME_MINUTES = 300


class DeletableQuerySet[M: models.Model](models.QuerySet[M]):
    def deleted(self, now: dt.datetime | None = None) -> DeletableQuerySet[M]:
        """Deleted, and still within the restore window."""
        since = (now or timezone.now()) - RESTORE_WINDOW
        return self.filter(deleted_at__isnull=False, deleted_at__gte=since)

    def expired(self, now: dt.datetime | None = None) -> DeletableQuerySet[M]:
        """Deleted longer ago than the restore window: to be purged."""
        return self.filter(deleted_at__lt=(now or timezone.now()) - RESTORE_WINDOW)


@cache
def time_zone_names() -> list[str]:
    """Every IANA time zone name Python knows (tzdata), sorted: the club form's choices."""
    return sorted(zoneinfo.available_timezones())


def default_time_zone() -> str:
    """A new club's time zone: the site's (settings.TIME_ZONE, TEAMCOACH_TIME_ZONE)."""
    return str(settings.TIME_ZONE)


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone. Choose one from the list, such as Europe/Berlin."),
            params={"value": value},
        )


def refuse_deleted_slug(obj: Club | Team, kind: str) -> None:
    """A deleted club or team keeps its URL name until it is purged (so it can come
    back): the default manager hides it, so ``validate_unique`` would not see the clash."""
    others = type(obj).all_objects.exclude(pk=obj.pk)
    if obj.slug and others.filter(slug=obj.slug).exists():
        message = _(
            "A deleted %(kind)s still holds “%(slug)s”: its admins can restore it for "
            "%(days)s days, after which the name is free. Choose another."
        )
        params = {"kind": kind, "slug": obj.slug, "days": RESTORE_WINDOW.days}
        error = ValidationError(message, code="unique", params=params)
        raise ValidationError({"slug": error})


_ClubManagerBase = models.Manager.from_queryset(DeletableQuerySet)


class ClubManager(_ClubManagerBase["Club"]):
    def get_queryset(self) -> DeletableQuerySet[Club]:
        return DeletableQuerySet(self.model, using=self._db).filter(deleted_at__isnull=True)


class Club(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("URL name"), max_length=60, unique=True)
    # Kick-off times on the pages of the club's teams, in its e-mails and calendar feeds.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Kick-off times on the club’s pages, e-mails and calendars use it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Club admins manage the club: its teams, its coaches, its invitations.
    # Whoever creates a club becomes its first admin; there is no default admin.
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("club admins"),
        related_name="administered_clubs",
        blank=True,
    )
    # Soft delete: hidden everywhere at once (the default manager), purged after
    # RESTORE_WINDOW; ``all_objects`` still sees it, for restoring and purging.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects = ClubManager()
    all_objects = DeletableQuerySet["Club"].as_manager()

    class Meta:
        ordering = ["name"]
        # Lists are ordered by club name first (the API's team list): PostgreSQL walks
        # this index and stops after a page, instead of sorting every team.
        indexes = [models.Index(fields=["name"], name="club_name")]

    def __str__(self) -> str:
        return self.name

    def validate_unique(self, exclude: Any = None) -> None:
        super().validate_unique(exclude)
        if not exclude or "slug" not in exclude:
            refuse_deleted_slug(self, str(_("club")))

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The club's clock (the site's, should the stored name ever be unknown)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(default_time_zone())


class TeamQuerySet(DeletableQuerySet["Team"]):
    def of_type(self, team_type: str) -> TeamQuerySet:
        return self.filter(team_type__exact=team_type)


_TeamManagerBase = models.Manager.from_queryset(TeamQuerySet)


class TeamManager(_TeamManagerBase["Team"]):
    def get_queryset(self) -> TeamQuerySet:
        """Teams that are not deleted, in clubs that are not deleted."""
        queryset = TeamQuerySet(self.model, using=self._db)
        # "Not in a deleted club" rather than a join: deleted clubs are few (an index
        # finds them), so counting teams reads an index of teams alone instead of
        # joining every club (10,000 teams: 2.9 → 0.6 ms on PostgreSQL).
        deleted_clubs = Club.all_objects.filter(deleted_at__isnull=False).values("pk")
        return queryset.filter(deleted_at__isnull=True).exclude(club__in=deleted_clubs)


RESERVED_TEAM_SLUGS = frozenset({"new"})


def validate_team_slug(value: str) -> None:
    """Team slugs share /best/<slug>/ with the team-type lists, and /teams/new/ is a form."""
    if value in TeamType.values or value in RESERVED_TEAM_SLUGS:
        raise ValidationError(
            _("“%(value)s” is reserved for the site's own pages; choose another."),
            params={"value": value},
        )


class Team(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("URL name"),
        max_length=60,
        unique=True,
        validators=[validate_team_slug],
        help_text=_("Used in addresses such as /best/<URL name>/11/."),
    )
    team_type = models.CharField(_("team type"), max_length=10, choices=TeamType.choices)
    age_group = models.CharField(
        _("age group"),
        max_length=3,
        choices=AGE_GROUPS,
        blank=True,
        help_text=_("Junior teams only, e.g. U10."),
    )
    sport = models.CharField(
        _("sport"), max_length=12, choices=Sport.choices, default=Sport.FOOTBALL
    )
    team_size = models.PositiveSmallIntegerField(
        _("players on the field"),
        default=11,
        validators=[MinValueValidator(1), MaxValueValidator(settings.TEAMCOACH_MAX_TEAM_SIZE)],
        help_text=_("The usual format: 11 for 11-a-side, 5 for basketball …"),
    )
    formation = models.CharField(
        _("formation"),
        max_length=40,
        blank=True,
        help_text=_("A formation key from the lineup package; blank for the sport's default."),
    )
    count_maybe = models.BooleanField(
        _("count “maybe” as available"),
        default=True,
        help_text=_("Whether players who answered “maybe” are picked for the lineup."),
    )
    visibility = models.CharField(
        _("who may see the lineup pages"),
        max_length=6,
        choices=Visibility.choices,
        blank=True,
        help_text=_("Junior teams are club-only unless you choose otherwise."),
    )
    public_names = models.CharField(
        _("junior players' names outside the club"),
        max_length=7,
        choices=PublicNames.choices,
        default=PublicNames.INITIAL,
        help_text=_(
            "What people outside the club see of a junior player's name on public pages, "
            "exports and the API. They never see ratings, fitness or birth years."
        ),
    )
    game_minutes = models.PositiveSmallIntegerField(
        _("length of a game (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_GAME_MINUTES)],
        help_text=_(
            "From kick-off to the final whistle, breaks included. Leave blank for the "
            "usual length of the sport and format; the rotation settings keep it in step."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every write bumps it; a form loaded at an older
    # version is refused instead of silently overwriting someone else's change.
    version = models.PositiveIntegerField(default=1, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects = TeamManager()
    all_objects = TeamQuerySet.as_manager()
    #: Not a column: the team's stamp count as ``clubs.stamps.team_called`` read it.
    stamp: int

    class Meta:
        ordering = ["club__name", "team_type", "age_group", "name"]
        # Counting the visible teams (the API's list) reads this index alone.
        indexes = [
            models.Index(
                fields=["visibility", "club"],
                condition=Q(deleted_at__isnull=True),
                name="team_visible",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(team_type=TeamType.JUNIOR) | Q(age_group=""),
                name="age_group_only_for_juniors",
            ),
            models.CheckConstraint(
                condition=Q(team_size__gte=1) & Q(team_size__lte=30),
                name="team_size_in_range",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="team_visibility_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.visibility:
            self.visibility = default_visibility(self.team_type)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("clubs:best_lineup", args=[self.slug, self.team_size])

    def validate_unique(self, exclude: Any = None) -> None:
        super().validate_unique(exclude)
        if not exclude or "slug" not in exclude:
            refuse_deleted_slug(self, str(_("team")))

    def clean(self) -> None:
        if not self.visibility:
            self.visibility = default_visibility(self.team_type)
        if self.age_group and self.team_type != TeamType.JUNIOR:
            raise ValidationError({"age_group": _("Only junior teams have an age group.")})
        self._check_formation()

    def _check_formation(self) -> None:
        """A chosen formation is one of the sport's, for the number of players on the field
        (``lineup.formations``); blank means the usual one for that number."""
        if not self.formation or self.sport not in Sport.values:
            return
        formation = next((f for f in formations_for(self.sport) if f.key == self.formation), None)
        if formation is None:
            raise ValidationError(
                {
                    "formation": _(
                        "“%(formation)s” is not a formation for %(sport)s. Choose one of "
                        "the formations shown, or the usual one."
                    )
                    % {"formation": self.formation, "sport": self.get_sport_display()}
                }
            )
        if self.team_size and formation.size != self.team_size:
            raise ValidationError(
                {
                    "formation": ngettext(
                        "%(formation)s places %(size)s player, but this team has %(players)s "
                        "on the field. Choose a formation for %(players)s, or the usual one.",
                        "%(formation)s places %(size)s players, but this team has %(players)s "
                        "on the field. Choose a formation for %(players)s, or the usual one.",
                        formation.size,
                    )
                    % {
                        "formation": formation.name,
                        "size": formation.size,
                        "players": self.team_size,
                    }
                }
            )

    def usual_game_minutes(self) -> int:
        """The sport's usual game length for this format, breaks included."""
        periods, minutes = usual_periods(
            self.sport, self.team_size, self.team_type == TeamType.JUNIOR
        )
        return game_length_minutes(periods, minutes)

    def game_length(self) -> dt.timedelta:
        """How long a game of this team lasts from kick-off (the coach's setting, or the
        usual one)."""
        return dt.timedelta(minutes=self.game_minutes or self.usual_game_minutes())

    def games_to_come(self, now: dt.datetime | None = None) -> models.QuerySet[Game]:
        """The game being played now (if any), then the games that have not kicked off,
        in kick-off order. A game is being played from kick-off until it ends
        (:meth:`game_length`) or the coach marks it finished."""
        since = (now or timezone.now()) - self.game_length()
        return games_to_come_of(self.pk, since).select_related("lineup_choice__saved_by")

    def games_played(self, now: dt.datetime | None = None) -> models.QuerySet[Game]:
        """The games that are over (ended, or marked finished), the latest first."""
        since = (now or timezone.now()) - self.game_length()
        return self.games.filter(Q(kickoff__lte=since) | Q(finished_at__isnull=False)).order_by(
            "-kickoff", "-pk"
        )

    def current_or_next_game(self, now: dt.datetime | None = None) -> Game | None:
        """The game being played now, else the next one to kick off (one query)."""
        game = self.games_to_come(now).first()
        if game is not None:
            game.team = self
        return game

    def next_game(self, now: dt.datetime | None = None) -> Game | None:
        """Kept for old callers: the current game while it runs, else the next one."""
        return self.current_or_next_game(now)

    def active_players(self) -> models.QuerySet[Player]:
        return self.players.filter(retired_at__isnull=True)

    @property
    def is_public(self) -> bool:
        return (self.visibility or default_visibility(self.team_type)) == Visibility.PUBLIC


class CoachRole(models.TextChoices):
    HEAD = "head", _("Head coach")
    ASSISTANT = "assistant", _("Assistant coach")


class Coach(models.Model):
    """A user's role on one team."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="coaches")
    role = models.CharField(
        _("role"), max_length=10, choices=CoachRole.choices, default=CoachRole.HEAD
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="one_role_per_coach_and_team"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.team}"


class Player(models.Model):
    """A squad member. For minors we keep a birth year at most, never a birth date."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="players")
    name = models.CharField(_("name"), max_length=80)
    number = models.PositiveSmallIntegerField(
        _("shirt number"),
        validators=[MinValueValidator(0), MaxValueValidator(99)],
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    fit = models.BooleanField(
        _("fit to play"), default=True, help_text=_("Untick while injured or ill.")
    )
    email = models.EmailField(
        _("player's own e-mail"),
        blank=True,
        help_text=_(
            "Optional: the player's own address for availability links and the lineup. "
            "Parents and guardians go under Contacts."
        ),
    )
    retired_at = models.DateTimeField(_("left the squad"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["team", "number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="one_shirt_number_per_team"),
            models.CheckConstraint(condition=Q(number__lte=99), name="shirt_number_in_range"),
        ]

    def __str__(self) -> str:
        return gettext("No. %(number)s %(name)s") % {"number": self.number, "name": self.name}

    def addresses(self) -> list[str]:
        """Where this player's mail goes: their own address (if any), then every contact's,
        each once (uses a prefetched ``contacts``)."""
        found = [self.email] if self.email else []
        for contact in self.contacts.all():
            if contact.email.casefold() not in {a.casefold() for a in found}:
                found.append(contact.email)
        return found


class PlayerContact(models.Model):
    """Someone who hears about a player's games: a parent, a guardian, the player's
    other address. No account needed; they get the availability requests, reminders
    and lineup mails with the player's answer link."""

    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="contacts")
    # No ";", "<" or ">": the roster CSV writes contacts as "Name <e-mail> phone; …".
    name = models.CharField(
        _("contact's name"),
        max_length=80,
        validators=[
            RegexValidator(
                r"[;<>]",
                inverse_match=True,
                message=_("A contact's name cannot contain ; < or >."),
            )
        ],
    )
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["player", "pk"]
        verbose_name = _("contact")
        constraints = [
            models.UniqueConstraint(
                fields=["player", "email"], name="one_contact_per_player_and_email"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class PlayerPosition(models.Model):
    """A position a player can play, with how well (0–100)."""

    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="positions")
    position = models.CharField(_("position"), max_length=8)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["player", "-rating", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["player", "position"], name="one_rating_per_player_and_position"
            ),
            models.CheckConstraint(condition=Q(rating__lte=100), name="rating_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.player}: {self.position} {self.rating}"

    def clean(self) -> None:
        sport = self.player.team.sport
        known = positions_for(sport)
        if known and self.position not in known:
            raise ValidationError(
                {
                    "position": _("“%(code)s” is not a %(sport)s position. Use one of: %(codes)s.")
                    % {
                        "code": self.position,
                        "sport": self.player.team.get_sport_display(),
                        "codes": ", ".join(known),
                    }
                }
            )


class HomeAway(models.TextChoices):
    HOME = "home", _("Home")
    AWAY = "away", _("Away")


def games_to_come_of(team_id: int, since: dt.datetime) -> models.QuerySet[Game]:
    """:meth:`Team.games_to_come` by the team's id, for games that kicked off after
    ``since`` (now less a game's length): the one rule, also read compiled once
    (``clubs.stamps``)."""
    games = Game.objects.filter(team_id=team_id, kickoff__gt=since, finished_at__isnull=True)
    return games.order_by("kickoff", "pk")


class Game(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="games")
    opponent = models.CharField(_("opponent"), max_length=100)
    kickoff = models.DateTimeField(_("kick-off"))
    venue = models.CharField(_("venue"), max_length=150, blank=True)
    home_away = models.CharField(
        _("home or away"), max_length=4, choices=HomeAway.choices, default=HomeAway.HOME
    )
    meet_at = models.DateTimeField(
        _("meeting time"),
        null=True,
        blank=True,
        help_text=_("Optional: when the players should be there, e.g. 45 minutes early."),
    )
    remind_at = models.DateTimeField(
        _("remind non-responders at"),
        null=True,
        blank=True,
        help_text=_("When to e-mail players who have not answered yet."),
    )
    #: Set when the coach marks the game finished (before its scheduled end).
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["team", "kickoff"]
        indexes = [models.Index(fields=["team", "kickoff"], name="game_team_kickoff")]

    def __str__(self) -> str:
        return gettext("%(team)s v %(opponent)s") % {"team": self.team, "opponent": self.opponent}

    def get_absolute_url(self) -> str:
        return reverse("clubs:game_lineup", args=[self.team.slug, self.pk])

    def clean(self) -> None:
        if self.meet_at and self.kickoff and self.meet_at > self.kickoff:
            raise ValidationError({"meet_at": _("Choose a meeting time before the kick-off.")})

    @property
    def scheduled_end(self) -> dt.datetime:
        """Kick-off plus the team's game length (periods and breaks)."""
        return self.kickoff + self.team.game_length()

    @property
    def ends_at(self) -> dt.datetime:
        """When the game ends: marked finished, or else its scheduled end."""
        if self.finished_at is not None:
            return min(self.finished_at, self.scheduled_end)
        return self.scheduled_end

    def state(self, now: dt.datetime | None = None) -> str:
        """``"upcoming"`` before kick-off, ``"playing"`` until it ends, then ``"played"``."""
        now = now or timezone.now()
        if self.finished_at is not None or now >= self.scheduled_end:
            return "played"
        return "upcoming" if now < self.kickoff else "playing"

    def is_current(self, now: dt.datetime | None = None) -> bool:
        return self.state(now) == "playing"


class SavedLineup(models.Model):
    """The coach's lineup for one game: their choices and, once saved, the starters.

    ``pinned`` (player ids who start), ``locked`` (player id → slot index) and
    ``excluded`` (player ids left out) are the coach's constraints, kept from the
    first choice on. ``starters`` is the saved lineup: one player id (or ``None``
    for an empty place) per slot of ``formation``; empty until the coach saves
    (``saved_at``). Read it through :func:`clubs.lineups.saved_lineup`; write it
    through ``clubs.services.lineup_*``.
    """

    game = models.OneToOneField(Game, on_delete=models.CASCADE, related_name="lineup_choice")
    pinned = models.JSONField(default=list, blank=True)
    locked = models.JSONField(default=dict, blank=True)
    excluded = models.JSONField(default=list, blank=True)
    formation = models.CharField(max_length=40, blank=True)
    starters = models.JSONField(default=list, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_by_name = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    def __str__(self) -> str:
        return f"Lineup for {self.game}"

    @property
    def team(self) -> Team:
        return self.game.team

    @property
    def is_saved(self) -> bool:
        return self.saved_at is not None

    @property
    def starter_ids(self) -> list[int]:
        return [int(pk) for pk in self.starters if pk is not None]

    def constraints(self) -> dict[str, Any]:
        """The coach's choices as the solver takes them (player ids as strings)."""
        return {
            "pinned": frozenset(str(k) for k in self.pinned),
            "locked": {str(k): int(v) for k, v in self.locked.items()},
            "excluded": frozenset(str(k) for k in self.excluded),
        }


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    MAYBE = "maybe", _("Maybe")


class Availability(models.Model):
    """A player's answer for one game."""

    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="availability")
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="availability")
    answer = models.CharField(_("answer"), max_length=5, choices=Answer.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("availability")
        constraints = [
            models.UniqueConstraint(
                fields=["player", "game"], name="one_answer_per_player_and_game"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.player} — {self.game}: {self.get_answer_display()}"


class AvailabilityEdit(models.Model):
    """One save of the coach's availability form, by its idempotency key: the same form
    sent twice (a phone's queue replaying it) is stored once and answered as the first
    time, from what is kept here — how many answers changed, and the players whose
    answer changed elsewhere meanwhile with that answer (ids, no names)."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="availability_edits")
    key = models.CharField(max_length=64)
    changed = models.PositiveIntegerField(default=0)
    kept = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["game", "key"], name="one_availability_edit_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.game}: {self.key}"

    @property
    def status(self) -> int:
        """409 when an answer changed elsewhere was kept, else 200."""
        return 409 if self.kept else 200


class AuditEvent(models.Model):
    """Who changed what, and when: written through clubs.audit (for the forms, the API and
    the rotation pages alike), shown to the club's coaches.

    The trail outlives what it describes: a purged club or team leaves its events with
    the names kept as text. An event about one's own account (profile, API tokens) has
    no club; ``account`` says whose it is, and it shows on their profile.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        RETIRE = "retire", _("retired")
        IMPORT = "import", _("imported")
        ANSWER = "answer", _("answered")
        SEND = "send", _("sent")
        DELETE = "delete", _("deleted")
        PLAN = "plan", _("planned")
        RESTORE = "restore", _("restored")
        PURGE = "purge", _("purged")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too, so the trail still reads right after an account is deleted
    # or when a player answers through a link (no account).
    actor_name = models.CharField(max_length=150)
    club = models.ForeignKey(
        Club, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    club_name = models.CharField(max_length=100, blank=True)
    team_name = models.CharField(max_length=100, blank=True)
    # The person's own data: deleting the account deletes these events with it.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["team", "-at"], name="audit_team_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.summary}"


class AnswerLinkQuerySet(models.QuerySet["AnswerLink"]):
    def usable(self, now: dt.datetime | None = None) -> AnswerLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class AnswerLink(models.Model):
    """A player's personal link to answer for one game, without an account.

    Only the SHA-256 of the token is stored: a leaked database does not leak links.
    """

    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="answer_links")
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="answer_links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The address a mailed link went to ("" for the link the coach copies): a newer
    #: mail to the same address replaces it, and leaves the others' links working.
    sent_to = models.EmailField(blank=True, default="")
    #: Only for the link the coach copies: the token is derived from this salt and the
    #: site's secret key (``clubs.sharing.derived_token``), so the page can show it again
    #: while the database alone still does not hold it.
    salt = models.CharField(max_length=32, blank=True, default="")

    objects = AnswerLinkQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.player} — {self.game}"


class GameShare(models.Model):
    """A game's secret share link (``/s/<token>/``): the lineup, kick-off, venue and
    meeting time for anyone holding it, without an account.

    The token (256 bits) is derived from ``salt`` and the site's secret key
    (``clubs.sharing.derived_token``), so the coach can copy it again; the database
    keeps its SHA-256 only, which is what a visit is looked up by. A revoked link
    answers 410; every link stops working a day after kick-off
    (``clubs.sharing.SHARE_GRACE``).
    """

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="shares")
    token_hash = models.CharField(max_length=64, unique=True)
    salt = models.CharField(max_length=32)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    #: When the lineup was last mailed with this link ("Send the lineup").
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["game", "-created_at"]
        verbose_name = _("share link")

    def __str__(self) -> str:
        return f"Share link of {self.game}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The team's fixture list as an iCalendar feed at a secret, rotatable address.

    The token is kept as is (coaches copy the address again later); it only
    opens the fixture list, never anything writable. Written by
    ``clubs.services.calendar_feed_*``; served by ``clubs.calendar``.
    """

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Made by the api app before the feed moved here; the table kept its name.
        db_table = "api_calendarfeed"
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return gettext("Calendar feed of %(team)s") % {"team": self.team}

    def get_absolute_url(self) -> str:
        return reverse("clubs:calendar_feed", args=[self.token])
