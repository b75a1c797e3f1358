from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chapterhouse.access.audit import actor_name, audit_rows, object_type_label
from chapterhouse.access.forms import AuditFilterForm, ComponentGalleryForm
from chapterhouse.access.selectors import (
    audit_actors,
    audit_entries,
    audit_object_types,
    require_secretariat,
)
from chapterhouse.access.voiding import voided_records
from chapterhouse.core.audit import audit_head
from chapterhouse.core.templatetags.components import ICONS

PAGE_SIZE = 50


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, filtered by action, kind of object and key, and who acted;
    the secretariat's only. Names, not ids; what changed, not every field (access.audit)."""
    require_secretariat(request.user)
    form = AuditFilterForm(
        request.GET or None,
        object_types=[(t, object_type_label(t)) for t in audit_object_types()],
        actors=[(u.get_username(), actor_name(u)) for u in audit_actors()],
    )
    page = Paginator(audit_entries(**form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    chain_rows, chain_head = audit_head()
    return render(
        request,
        "access/audit_list.html",
        {
            "form": form,
            "page": page,
            "rows": audit_rows(page.object_list),
            "chain": {"rows": chain_rows, "head": chain_head},
        },
    )


@require_GET
def voided_list(request: HttpRequest) -> HttpResponse:
    """Records voided as entered in error, with why and when; the secretariat restores them."""
    require_secretariat(request.user)
    return render(request, "access/voided_list.html", {"kinds": voided_records()})


@require_GET
def component_gallery(request: HttpRequest) -> HttpResponse:
    """Every component of the design system in each of its states (docs/design.md); the
    secretariat's only. A form with errors, a page of a longer list, a date with its era."""
    require_secretariat(request.user)
    invalid = ComponentGalleryForm({"name": "x" * 21, "kind": ""})
    invalid.is_valid()
    return render(
        request,
        "access/component_gallery.html",
        {
            "blank_form": ComponentGalleryForm(),
            "invalid_form": invalid,
            "page": Paginator(range(95), 10).get_page(request.GET.get("page", 2)),
            "day": dt.date(2026, 9, 1),
            "icons": sorted(ICONS),
        },
    )
