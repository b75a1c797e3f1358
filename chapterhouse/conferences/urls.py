from __future__ import annotations

from django.urls import path

from chapterhouse.conferences import views

urlpatterns = [
    path("conferences/", views.conference_list, name="conference-list"),
    path("conferences/<slug:key>/", views.conference_detail, name="conference-detail"),
    path("conferences/<slug:key>/console/", views.console, name="conference-console"),
    path("conferences/<slug:key>/console/act/", views.console_act, name="conference-act"),
    path("conferences/<slug:key>/delegate/", views.delegate, name="conference-delegate"),
    path("conferences/<slug:key>/delegate/speak/", views.delegate_speak, name="conference-speak"),
    path("conferences/<slug:key>/check-in/", views.delegate_check_in, name="conference-check-in"),
    path("conferences/<slug:key>/projector/", views.projector_page, name="conference-projector"),
    path(
        "conferences/<slug:key>/projector/token/",
        views.projector_token,
        name="conference-projector-token",
    ),
    path(
        "conferences/<slug:key>/participants/",
        views.participants,
        name="conference-participants",
    ),
]
