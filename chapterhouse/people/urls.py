from __future__ import annotations

from django.urls import path

from chapterhouse.people import views

urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<slug:key>/", views.person_detail, name="person-detail"),
    path("people/<slug:key>/edit/", views.person_edit, name="person-edit"),
    path("people/<slug:key>/memberships/new/", views.membership_create, name="membership-create"),
    path("bodies/<slug:key>/appoint/", views.appointment_create, name="appointment-create"),
    path("appointments/<slug:key>/end/", views.appointment_end, name="appointment-end"),
    path("responsibilities/", views.responsibilities, name="responsibilities"),
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/<slug:key>/", views.partner_detail, name="partner-detail"),
]
