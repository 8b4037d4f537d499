import django_tasks_db.admin  # noqa: F401 — registers its admin now, so it can be removed below
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_tasks_db.models import DBTaskResult

from .models import User


@admin.register(User)
class TeamcoachUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("teamcoach", {"fields": ("display_name",)}))
    list_display = ("username", "display_name", "email", "is_staff")


# The task queue (django-tasks-db) is for the worker, not for people: its admin has no
# add page and a queued message holds a link until it is sent. Operators read failures
# in the worker's log and clear old rows with `teamcoach prune_db_task_results`.
admin.site.unregister(DBTaskResult)
