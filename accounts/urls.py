"""Profiles, one's own account, clubs and invitations (allauth has /accounts/… for the rest)."""

from allauth.account import views as allauth_views
from django.urls import path, re_path

from web.ratelimit import rate_limit

from . import club_views, views

app_name = "accounts"

urlpatterns = [
    # allauth's own views, answered here first so the site's limiter (429 with
    # Retry-After, per user and per address) counts their POSTs; allauth's finer
    # limits (failed logins per account) still apply behind it.
    # Per address and per account name as typed (a fixed window: a wrong password costs
    # a minute's wait at most, never a lock-out); staff sign in here too (/admin/login/).
    path(
        "accounts/login/",
        rate_limit("login", methods=["POST"], per=("ip", "field:login"))(allauth_views.login),
    ),
    path("accounts/signup/", rate_limit("signup", methods=["POST"])(allauth_views.signup)),
    path(
        "accounts/password/reset/",
        rate_limit("email", methods=["POST"])(allauth_views.password_reset),
    ),
    path("accounts/email/", rate_limit("email", methods=["POST"])(allauth_views.email)),
    # allauth's key pages (same patterns), answering 400 instead of 200 for a refused key.
    re_path(r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", views.confirm_email),
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.password_reset_from_key,
    ),
    # allauth's two-factor set-up and recovery codes, carrying ``next`` back to the page
    # the coach came from.
    path("accounts/2fa/totp/activate/", views.activate_totp),
    path("accounts/2fa/recovery-codes/", views.view_recovery_codes),
    path("accounts/me/", views.me, name="me"),
    path("accounts/data/", views.account_data, name="data"),
    path("accounts/delete/", views.account_delete, name="delete"),
    path("profiles/<str:username>/", views.profile, name="profile"),
    path("profiles/<str:username>/edit", views.profile_edit, name="profile_edit"),
    path("clubs/new/", club_views.club_new, name="club_new"),
    path("clubs/<slug:slug>/", club_views.club_detail, name="club"),
    path("clubs/<slug:slug>/edit/", club_views.club_edit, name="club_edit"),
    path("clubs/<slug:slug>/invitations/", club_views.invitations, name="invitations"),
    path(
        "clubs/<slug:slug>/invitations/<int:pk>/revoke",
        club_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", club_views.invitation, name="invitation"),
]
