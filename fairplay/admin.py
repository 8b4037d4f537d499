from django.contrib import admin

from .models import RotationPlan, RotationSettings


@admin.register(RotationSettings)
class RotationSettingsAdmin(admin.ModelAdmin):
    list_display = ["team", "periods", "period_minutes", "preset", "updated_at"]
    list_select_related = ["team"]
    search_fields = ["team__name", "team__slug"]


@admin.register(RotationPlan)
class RotationPlanAdmin(admin.ModelAdmin):
    list_display = ["game", "created_at", "created_by", "note"]
    list_select_related = ["game__team", "created_by"]
    search_fields = ["game__team__name", "game__opponent"]
    readonly_fields = ["created_at"]
