"""The URL map: which view answers which address (step 3 of the request anatomy).

Static files never reach this map: the web server (granian) serves /static/
straight from disk (see teamcoach/cli.py and docs/architecture.md).
"""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/login/", views.admin_login),  # issue 6: throttled (teamcoach/ratelimit.py)
    path("admin/", admin.site.urls),
    path("", include("clubs.urls")),
]

handler400 = "teamcoach.views.bad_request"
handler403 = "teamcoach.views.permission_denied"
handler404 = "teamcoach.views.page_not_found"
handler500 = "teamcoach.views.server_error"
