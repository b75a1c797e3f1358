from __future__ import annotations

from django.urls import path

from chapterhouse.conferences import motion_views

urlpatterns = [
    path("conferences/<slug:key>/motions.pdf", motion_views.motion_book, name="motion-book"),
    path(
        "conferences/<slug:key>/motions/<int:number>/",
        motion_views.motion_detail,
        name="motion-detail",
    ),
]
