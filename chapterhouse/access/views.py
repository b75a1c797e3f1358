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
from chapterhouse.access.forms import AccountCreateForm, AccountUpdateForm
from chapterhouse.access.selectors import SECRETARIAT_GROUP, audit_entries, require_secretariat
from chapterhouse.access.voiding import voided_records
from chapterhouse.core.forms import submitted
from chapterhouse.people.selectors import person_access

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
