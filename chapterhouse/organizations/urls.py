from __future__ import annotations

from django.urls import path

from chapterhouse.organizations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("anniversaries/", views.anniversaries, name="anniversaries"),
    path("calendar.ics", views.calendar_feed, name="calendar-feed"),
    path("organization/edit/", views.organization_edit, name="organization-edit"),
    path("branches/new/", views.branch_create, name="branch-create"),
    path("branches/<slug:key>/", views.branch_detail, name="branch-detail"),
    path("branches/<slug:key>/edit/", views.branch_edit, name="branch-edit"),
    path("observances/new/", views.observance_create, name="observance-create"),
    path("observances/<slug:key>/edit/", views.observance_edit, name="observance-edit"),
    path("observances/<slug:key>/void/", views.observance_void, name="observance-void"),
    path("observances/<slug:key>/restore/", views.observance_restore, name="observance-restore"),
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/new/", views.body_create, name="body-create"),
    path("bodies/<slug:key>/", views.body_detail, name="body-detail"),
    path("bodies/<slug:key>/edit/", views.body_edit, name="body-edit"),
    path("history/new/", views.history_event_create, name="history-event-create"),
    path("history/<slug:key>/edit/", views.history_event_edit, name="history-event-edit"),
    path("history/<slug:key>/void/", views.history_event_void, name="history-event-void"),
    path("history/<slug:key>/restore/", views.history_event_restore, name="history-event-restore"),
]
