"""Page routes to prepare a conference, the letters register, invitations and the check-in
link. Registered before the context's other pages: ``conferences/new/`` is not a
conference's key."""

from __future__ import annotations

from django.urls import path

from chapterhouse.conferences import prep_views as views

urlpatterns = [
    path("conferences/new/", views.conference_create, name="conference-create"),
    path("conferences/<slug:key>/edit/", views.conference_edit, name="conference-edit"),
    path(
        "conferences/<slug:key>/preparation/",
        views.preparation,
        name="conference-preparation",
    ),
    path(
        "conferences/<slug:key>/sessions/new/",
        views.session_add,
        name="conference-session-add",
    ),
    path(
        "conferences/<slug:key>/agenda/new/",
        views.agenda_item_add,
        name="conference-agenda-add",
    ),
    path(
        "conferences/<slug:key>/participants/new/",
        views.participant_add,
        name="conference-participant-add",
    ),
    path(
        "conferences/<slug:key>/participants/import/",
        views.participant_import,
        name="conference-participant-import",
    ),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant-edit"),
    path("participants/<int:pk>/invitation/", views.invitation, name="participant-invitation"),
    path("check-in/<str:token>/", views.check_in_link, name="conference-check-in-link"),
    path("speeches/<int:pk>/publish/", views.speech_publish, name="speech-publish"),
    path("letters/", views.letter_list, name="letter-list"),
    path("letters/new/", views.letter_create, name="letter-create"),
]
