from __future__ import annotations

from django.urls import path

from chapterhouse.conferences import minutes_views

urlpatterns = [
    path("conferences/<slug:key>/minutes/", minutes_views.minutes, name="conference-minutes"),
    path(
        "conferences/<slug:key>/minutes.pdf",
        minutes_views.minutes_pdf,
        name="conference-minutes-pdf",
    ),
]
