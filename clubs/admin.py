"""The Django admin, so a club admin can manage every record from day one."""

from django.contrib import admin

from .models import Availability, Club, Coach, Game, Player, PlayerPosition, Team


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


@admin.register(Player)
class PlayerAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "team", "fit", "retired_at")
    list_display_links = ("number", "name")
    list_filter = ("team__club", "team", "fit")
    search_fields = ("name",)
    inlines = [PlayerPositionInline]


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
