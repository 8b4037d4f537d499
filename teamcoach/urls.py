"""The URL map: which view answers which address (step 3 of the request anatomy).

Static files never reach this map: the web server (granian) serves /static/
straight from disk (see teamcoach/cli.py and docs/architecture.md).
"""

from django.contrib import admin
from django.urls import include, path

from accounts.views import admin_login

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    # One door: /admin/login/ sends staff to allauth's login (two-factor, rate limits).
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("", include("clubs.urls")),
    path("", include("accounts.urls")),  # issue 3a: profiles, clubs, invitations
    path("accounts/", include("allauth.urls")),  # issue 3a: sign-up, login, e-mail, MFA
    path("", include("api.urls")),  # issue 4: /api/, calendar feeds
    path("", include("fairplay.urls")),  # issue-5: fair-play rotation
]

handler400 = "teamcoach.views.bad_request"
handler403 = "teamcoach.views.permission_denied"
handler404 = "teamcoach.views.page_not_found"
handler500 = "teamcoach.views.server_error"
