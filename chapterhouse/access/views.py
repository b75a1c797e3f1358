from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chapterhouse.access import accounts
from chapterhouse.access.audit import actor_name, audit_rows, object_type_label
from chapterhouse.access.forms import AccountCreateForm, AccountUpdateForm, AuditFilterForm
from chapterhouse.access.selectors import (
    SECRETARIAT_GROUP,
    audit_actors,
    audit_entries,
    audit_object_types,
    require_secretariat,
)
from chapterhouse.access.voiding import voided_records
from chapterhouse.core.forms import submitted
from chapterhouse.people.selectors import person_access

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
    return render(
        request,
        "access/audit_list.html",
        {"form": form, "page": page, "rows": audit_rows(page.object_list)},
    )


@require_GET
def voided_list(request: HttpRequest) -> HttpResponse:
    """Records voided as entered in error, with why and when; the secretariat restores them."""
    require_secretariat(request.user)
    return render(request, "access/voided_list.html", {"kinds": voided_records()})


def person_account(request: HttpRequest, key: str) -> HttpResponse:
    """The secretariat makes, changes or closes a person's log-in account."""
    roles = require_secretariat(request.user)
    person = person_access(key=key, roles=roles)
    user = person.user
    form: AccountCreateForm | AccountUpdateForm
    if user is None:
        form = AccountCreateForm(request.POST or None)
    else:
        initial = {
            "secretariat": user.groups.filter(name=SECRETARIAT_GROUP).exists(),
            "is_active": user.is_active,
        }
        form = AccountUpdateForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> User:
        if user is None:
            return accounts.account_create(
                person=person,
                username=data["username"],
                password=data["password"],
                secretariat=data["secretariat"],
                by=request.user,
            )
        return accounts.account_update(
            user=user,
            secretariat=data["secretariat"],
            is_active=data["is_active"],
            password=data["password"] or None,
            by=request.user,
        )

    if submitted(request, form, save) is not None:
        messages.success(request, _("Log-in account saved."))
        return redirect("person-detail", key=person.key)
    return render(
        request, "access/account_form.html", {"form": form, "person": person, "account": user}
    )
