from __future__ import annotations

from django.urls import path

from chapterhouse.conferences import motion_views

M = "conferences/<slug:key>/motions/"

urlpatterns = [
    path("conferences/<slug:key>/motions.pdf", motion_views.motion_book, name="motion-book"),
    path(M, motion_views.motion_list, name="motion-list"),
    path(M + "new/", motion_views.motion_submit, name="motion-submit"),
    path(M + "<int:number>/", motion_views.motion_detail, name="motion-detail"),
    path(M + "<int:number>/support/", motion_views.motion_support, name="motion-support"),
    path(M + "<int:number>/state/", motion_views.motion_state, name="motion-state"),
    path(M + "<int:number>/recommend/", motion_views.motion_recommend, name="motion-recommend"),
    path(M + "<int:number>/amend/", motion_views.amendment_submit, name="amendment-submit"),
    path(
        M + "<int:number>/amendments/<int:amendment>/",
        motion_views.amendment_detail,
        name="amendment-detail",
    ),
]
