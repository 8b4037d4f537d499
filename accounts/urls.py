"""Profiles, one's own account, clubs and invitations (allauth has /accounts/… for the rest)."""

from django.urls import path

from . import club_views, views

app_name = "accounts"

urlpatterns = [
    path("accounts/me/", views.me, name="me"),
    path("accounts/data/", views.account_data, name="data"),
    path("accounts/delete/", views.account_delete, name="delete"),
    path("profiles/<str:username>/", views.profile, name="profile"),
    path("profiles/<str:username>/edit", views.profile_edit, name="profile_edit"),
    path("clubs/new/", club_views.club_new, name="club_new"),
    path("clubs/<slug:slug>/", club_views.club_detail, name="club"),
    path("clubs/<slug:slug>/invitations/", club_views.invitations, name="invitations"),
    path(
        "clubs/<slug:slug>/invitations/<int:pk>/revoke",
        club_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", club_views.invitation, name="invitation"),
]
