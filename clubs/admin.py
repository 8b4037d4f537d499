"""The Django admin, so a club admin can manage every record from day one."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    AnswerLink,
    AuditEvent,
    Availability,
    CalendarFeed,
    Club,
    Coach,
    Game,
    Player,
    PlayerContact,
    PlayerPosition,
    Team,
)


class TeamInline(admin.TabularInline):
    model = Team
    fields = ("name", "slug", "team_type", "age_group", "sport", "team_size")
    extra = 0
    show_change_link = True


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("admins",)
    inlines = [TeamInline]


class CoachInline(admin.TabularInline):
    model = Coach
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "club", "team_type", "age_group", "sport", "team_size")
    list_filter = ("team_type", "sport", "club")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CoachInline]


class PlayerPositionInline(admin.TabularInline):
    model = PlayerPosition
    extra = 1


class PlayerContactInline(admin.TabularInline):
    model = PlayerContact
    extra = 0


@admin.register(Player)
class PlayerAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "team", "fit", "retired_at")
    list_display_links = ("number", "name")
    list_filter = ("team__club", "team", "fit")
    search_fields = ("name",)
    inlines = [PlayerPositionInline, PlayerContactInline]


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0
    autocomplete_fields = ("player",)


@admin.register(Game)
class GameAdmin(admin.ModelAdmin):
    list_display = ("team", "opponent", "kickoff", "home_away", "venue")
    list_filter = ("team__club", "team", "home_away")
    date_hierarchy = "kickoff"
    search_fields = ("opponent", "team__name")
    inlines = [AvailabilityInline]


@admin.register(Coach)
class CoachAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "role")
    list_filter = ("role", "team__club")
    autocomplete_fields = ("user", "team")


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ("player", "game", "answer", "updated_at")
    list_filter = ("answer", "game__team")
    autocomplete_fields = ("player", "game")
    search_fields = ("player__name",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: staff may look, nobody edits it here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "summary", "club", "team")
    list_display_links = ("at", "summary")
    list_filter = ("action", "club", "team")
    list_select_related = ("club", "team")
    search_fields = ("summary", "actor_name", "object_type")
    date_hierarchy = "at"


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["team", "created_by", "created_at", "rotated_at"]
    exclude = ["token"]  # the secret address stays with the team's coaches
    readonly_fields = ["team", "created_by", "created_at", "rotated_at"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(AnswerLink)
class AnswerLinkAdmin(ReadOnlyAdmin):
    # The token's hash is never shown: it identifies the link and helps nobody reading here.
    fields = ("player", "game", "created_at", "expires_at", "revoked_at")
    list_display = ("player", "game", "created_at", "expires_at", "revoked_at", "usable")
    list_display_links = ("player",)
    list_filter = ("game__team__club", "game__team")
    list_select_related = ("player", "game__team")
    search_fields = ("player__name", "game__opponent")
    date_hierarchy = "created_at"

    @admin.display(boolean=True, description=_("usable"))
    def usable(self, link: AnswerLink) -> bool:
        return link.revoked_at is None and link.expires_at > timezone.now()
