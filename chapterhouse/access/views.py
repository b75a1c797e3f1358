from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chapterhouse.access.selectors import audit_entries, require_secretariat

PAGE_SIZE = 50


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, filtered by action or object; the secretariat's only."""
    require_secretariat(request.user)
    action = request.GET.get("action", "").strip()
    key = request.GET.get("object", "").strip()
    page = Paginator(audit_entries(action=action, object_key=key), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "access/audit_list.html", {"page": page, "action": action, "object": key}
    )
