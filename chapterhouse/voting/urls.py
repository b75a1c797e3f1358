from __future__ import annotations

from django.urls import path

from chapterhouse.voting import views

urlpatterns = [
    path("conferences/<slug:key>/vote/", views.vote, name="poll-vote"),
    path("conferences/<slug:key>/polls/", views.poll_list, name="poll-list"),
    path("conferences/<slug:key>/polls/new/", views.poll_create, name="poll-create"),
    path("conferences/<slug:key>/polls/<int:poll_id>/", views.poll_detail, name="poll-detail"),
    path("conferences/<slug:key>/polls/<int:poll_id>/edit/", views.poll_edit, name="poll-edit"),
    path("conferences/<slug:key>/polls/<int:poll_id>/act/", views.poll_act, name="poll-act"),
    path("conferences/<slug:key>/polls/<int:poll_id>/paper/", views.poll_paper, name="poll-paper"),
    path("conferences/<slug:key>/polls/<int:poll_id>/ballot/", views.cast, name="poll-cast"),
    path("conferences/<slug:key>/delegations/", views.delegations, name="poll-delegations"),
    path("conferences/<slug:key>/projector/polls/", views.projector, name="poll-projector"),
]
