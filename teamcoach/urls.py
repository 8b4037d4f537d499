"""The URL map: which view answers which address (step 3 of the request anatomy).

Static files never reach this map: the web server (granian) serves /static/
straight from disk (see teamcoach/cli.py and docs/architecture.md).
"""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from accounts.views import admin_login
from clubs.views import home
from web import views as web
from web.urlmap import RememberedURLMap

#: Every address of the site and the view that answers it, tried in this order.
site: list[URLPattern | URLResolver] = [
    path("", home, name="home"),
    path("healthz", web.healthz, name="healthz"),
    path("readyz", web.readyz, name="readyz"),
    path("favicon.ico", web.favicon),
    # The language switch in the footer posts here (Django's set_language: cookie, 302 back).
    path("i18n/setlang/", web.set_language, name="set_language"),
    # One door: /admin/login/ sends staff to allauth's login (two-factor, rate limits).
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    # Before the site's pages: an API address then matches without trying them all first.
    path("", include("api.urls")),  # /api/v1/, API tokens
    path("", include("clubs.urls")),
    # The team pages match day opens most, before the account pages (fewer tried first).
    path("", include("fairplay.urls")),  # rotation plans and the season's fairness
    path("", include("results.urls")),  # results of games, the season page
    path("", include("accounts.urls")),  # profiles, clubs, invitations
    path("accounts/", include("allauth.urls")),  # sign-up, login, e-mail, two-factor
]

# Which view answers an address never changes while the site runs: each address is
# looked up in the map above once per process, then remembered (web/urlmap.py).
urlpatterns = [RememberedURLMap(site)]

handler400 = "web.views.bad_request"
handler403 = "web.views.permission_denied"
handler404 = "web.views.page_not_found"
handler500 = "web.views.server_error"
