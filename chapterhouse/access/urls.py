from __future__ import annotations

from django.urls import path

from chapterhouse.access import views

urlpatterns = [
    path("audit/", views.audit_list, name="audit-list"),
    path("voided/", views.voided_list, name="voided-list"),
    path("design/", views.component_gallery, name="component-gallery"),
]
