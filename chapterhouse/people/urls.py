from __future__ import annotations

from django.urls import path

from chapterhouse.people import views

urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<slug:key>/", views.person_detail, name="person-detail"),
    path("people/<slug:key>/edit/", views.person_edit, name="person-edit"),
    path("people/<slug:key>/account/", views.person_account, name="person-account"),
    path("people/<slug:key>/memberships/new/", views.membership_create, name="membership-create"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/void/", views.membership_void, name="membership-void"),
    path("memberships/<int:pk>/restore/", views.membership_restore, name="membership-restore"),
    path("bodies/<slug:key>/appoint/", views.appointment_create, name="appointment-create"),
    path("appointments/<slug:key>/end/", views.appointment_end, name="appointment-end"),
    path("appointments/<slug:key>/edit/", views.appointment_correct, name="appointment-edit"),
    path("appointments/<slug:key>/void/", views.appointment_void, name="appointment-void"),
    path("appointments/<slug:key>/restore/", views.appointment_restore, name="appointment-restore"),
    path("responsibilities/", views.responsibilities, name="responsibilities"),
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/new/", views.partner_create, name="partner-create"),
    path("partners/<slug:key>/", views.partner_detail, name="partner-detail"),
    path("partners/<slug:key>/edit/", views.partner_edit, name="partner-edit"),
    path("positions/", views.position_list, name="position-list"),
    path("positions/new/", views.position_create, name="position-create"),
    path("positions/<slug:key>/edit/", views.position_edit, name="position-edit"),
    path("duties/new/", views.duty_create, name="duty-create"),
    path("duties/<slug:key>/edit/", views.duty_edit, name="duty-edit"),
]
