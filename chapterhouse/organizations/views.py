"""Pages of the organizations context. Thin: read through selectors, write through services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chapterhouse.access.selectors import require_secretariat, roles_for
from chapterhouse.access.voiding import restore_page, void_page
from chapterhouse.core.forms import submitted
from chapterhouse.core.http import HtmxHttpRequest
from chapterhouse.organizations import selectors, services
from chapterhouse.organizations.calendar_feed import calendar_build
from chapterhouse.organizations.forms import (
    BodyEditForm,
    BodyForm,
    BranchForm,
    HistoryEventForm,
    ObservanceForm,
    OnDateForm,
    OrganizationForm,
    YearForm,
)
from chapterhouse.organizations.models import Body, EventKind, HistoryEvent, Observance
from chapterhouse.organizations.pages import body_page_context

UPCOMING_DAYS = 366


def _without_key(form: forms.Form) -> None:
    """Keys do not change (addresses, the API and dossiers use them): shown, not edited."""
    form.fields["key"].disabled = True


def _edits(data: dict[str, Any]) -> dict[str, Any]:
    """An edit form's fields as an update service's changes: all it shows but the key."""
    return {field: value for field, value in data.items() if field != "key"}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The organization at a glance: structure, timeline, upcoming anniversaries and days."""
    roles = roles_for(request.user)
    today = timezone.localdate()
    timeline = selectors.history_timeline(roles=roles)
    founded = next(
        (e for e in timeline if e.kind == EventKind.FOUNDED and not (e.body_id or e.branch_id)),
        None,
    )
    return render(
        request,
        "organizations/home.html",
        {
            "today": today,
            "founded": founded,
            "tree": selectors.branch_tree(roles=roles),
            "central_bodies": selectors.central_body_tree(roles=roles),
            "timeline": timeline,
            "anniversaries": selectors.anniversaries_within(
                start=today, end=today + dt.timedelta(days=UPCOMING_DAYS), roles=roles
            ),
            "observances": selectors.observances_upcoming(after=today, roles=roles),
        },
    )


@require_GET
def anniversaries(request: HttpRequest) -> HttpResponse:
    """Anniversaries and observances in one year, asked as 2026, Reiwa 8 or Juche 115."""
    roles = roles_for(request.user)
    form = YearForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return render(
        request,
        "organizations/anniversaries.html",
        {
            "form": form,
            "year": year,
            "year_start": start,
            "anniversaries": selectors.anniversaries_within(start=start, end=end, roles=roles),
            "observances": selectors.observances_upcoming(after=start, until=end, roles=roles),
        },
    )


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """iCalendar: the anniversaries and observances of the past year and the next five."""
    roles = roles_for(request.user)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=365), today + dt.timedelta(days=5 * 366)
    body = calendar_build(
        organization_name=selectors.organization_get().name,
        host=request.get_host().split(":")[0],
        anniversaries=selectors.anniversaries_within(start=start, end=end, roles=roles),
        observances=selectors.observances_upcoming(after=start, roles=roles, years=6),
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="chapterhouse.ics"'
    return response


@require_GET
def branch_detail(request: HttpRequest, key: str) -> HttpResponse:
    roles = roles_for(request.user)
    branch = selectors.branch_access(key=key)
    return render(
        request,
        "organizations/branch_detail.html",
        {
            "branch": branch,
            "children": branch.children.order_by("name"),
            "bodies": [b for b in branch.bodies.order_by("name") if roles.can_see_body(b)],
            "history": branch.history.order_by("occurred_on"),
        },
    )


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    today = timezone.localdate()
    bodies = selectors.body_list(roles=roles)
    return render(
        request,
        "organizations/body_list.html",
        {"bodies": bodies, "today": today},
    )


@require_GET
def body_detail(request: HtmxHttpRequest, key: str) -> HttpResponse:
    """A body: its mandate, who holds which position on a date, and who held them before.
    An htmx request for another date gets only the holders' part of the same template."""
    roles = roles_for(request.user)
    body = selectors.body_access(key=key, roles=roles)
    form = OnDateForm(request.GET or None)
    on = timezone.localdate()
    if form.is_valid() and form.cleaned_data["on"]:
        on = form.cleaned_data["on"]
    context = {
        "body": body,
        "form": form,
        "on": on,
        "active": body.is_active_on(on),
        "body_active_today": body.is_active_on(timezone.localdate()),
        # Who holds its positions (people registers it: organizations.pages).
        **body_page_context(body=body, on=on, roles=roles),
        "children": [c for c in body.children.order_by("name") if roles.can_see_body(c)],
        "can_see_internal": roles.can_see_internal_records(body),
        "can_change": roles.secretariat,
    }
    if request.htmx and request.htmx.target == "holders":
        return render(request, "organizations/_holders.html", context)
    return render(request, "organizations/body_detail.html", context)


def body_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = BodyForm(request.POST or None, initial={"visibility": "public"})
    body = submitted(request, form, lambda data: services.body_create(by=request.user, **data))
    if body is not None:
        messages.success(request, _("Body created."))
        return redirect("body-detail", key=body.key)
    return render(request, "organizations/body_form.html", {"form": form, "body": None})


def body_edit(request: HttpRequest, key: str) -> HttpResponse:
    roles = require_secretariat(request.user)
    body: Body = selectors.body_access(key=key, roles=roles)
    initial = {
        "key": body.key,
        "name": body.name,
        "name_translations": body.name_translations,
        "kind": body.kind,
        "parent": body.parent,
        "branch": body.branch,
        "starts_on": body.starts_on,
        "ends_on": body.ends_on,
        "purpose": body.purpose,
        "visibility": body.visibility,
        "internal_notes": body.internal_notes,
    }
    form = BodyEditForm(request.POST or None, initial=initial)
    _without_key(form)
    made = submitted(
        request,
        form,
        lambda data: services.body_update(body=body, by=request.user, **_edits(data)),
    )
    if made is not None:
        messages.success(request, _("Body saved."))
        return redirect("body-detail", key=body.key)
    return render(request, "organizations/body_form.html", {"form": form, "body": body})


def history_event_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = HistoryEventForm(request.POST or None)
    made = submitted(
        request, form, lambda data: services.history_event_record(by=request.user, **data)
    )
    if made is not None:
        messages.success(request, _("Event recorded."))
        return redirect("home")
    return render(request, "organizations/history_event_form.html", {"form": form})


def organization_edit(request: HttpRequest) -> HttpResponse:
    """The organization's name, languages and the era years shown to its readers."""
    require_secretariat(request.user)
    organization = selectors.organization_get()
    eras = organization.calendar_eras or {}
    initial: dict[str, object] = {
        "name": organization.name if organization.pk else "",
        "short_name": organization.short_name,
        "name_translations": organization.name_translations,
        "short_name_translations": organization.short_name_translations,
        "languages": organization.languages,
        "eras_default": eras.get("default", []),
    }
    initial.update({f"eras_{code}": systems for code, systems in eras.items()})
    form = OrganizationForm(request.POST or None, initial=initial)
    saved = submitted(
        request,
        form,
        lambda data: services.organization_set(
            name=data["name"],
            short_name=data["short_name"],
            # Ticked boxes have no order: the languages kept stay in the order they had (the
            # first is the original of every translated name), new ones follow.
            languages=[code for code in organization.languages if code in data["languages"]]
            + [code for code in data["languages"] if code not in organization.languages],
            calendar_eras=form.calendar_eras(),
            name_translations=data["name_translations"],
            short_name_translations=data["short_name_translations"],
            by=request.user,
        ),
    )
    if saved is not None:
        messages.success(request, _("Organization saved."))
        return redirect("home")
    return render(request, "organizations/organization_form.html", {"form": form})


def branch_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = BranchForm(request.POST or None)
    branch = submitted(request, form, lambda data: services.branch_create(by=request.user, **data))
    if branch is not None:
        messages.success(request, _("Branch created."))
        return redirect("branch-detail", key=branch.key)
    return render(request, "organizations/branch_form.html", {"form": form, "branch": None})


def branch_edit(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    branch = selectors.branch_access(key=key)
    initial = {
        "key": branch.key,
        "name": branch.name,
        "name_translations": branch.name_translations,
        "parent": branch.parent,
        "country": branch.country,
        "founded_on": branch.founded_on,
    }
    form = BranchForm(request.POST or None, initial=initial)
    _without_key(form)
    made = submitted(
        request,
        form,
        lambda data: services.branch_update(branch=branch, by=request.user, **_edits(data)),
    )
    if made is not None:
        messages.success(request, _("Branch saved."))
        return redirect("branch-detail", key=branch.key)
    return render(request, "organizations/branch_form.html", {"form": form, "branch": branch})


def observance_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = ObservanceForm(request.POST or None)
    made = submitted(
        request, form, lambda data: services.observance_create(by=request.user, **data)
    )
    if made is not None:
        messages.success(request, _("Observance saved."))
        return redirect("anniversaries")
    return render(request, "organizations/observance_form.html", {"form": form})


def history_event_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Correct a history event (audited with before and after), or go on to void it."""
    roles = require_secretariat(request.user)
    event = selectors.history_event_access(key=key, roles=roles)
    form = HistoryEventForm(
        request.POST or None,
        initial={
            "key": event.key,
            "kind": event.kind,
            "occurred_on": event.occurred,
            "title": event.title,
            "title_translations": event.title_translations,
            "description": event.description,
            "branch": event.branch,
            "body": event.body,
            "old_name": event.old_name,
            "new_name": event.new_name,
            "decided_by": event.decided_by,
            "decision": event.decision,
        },
    )
    _without_key(form)
    saved = submitted(
        request,
        form,
        lambda data: services.history_event_update(event=event, by=request.user, **_edits(data)),
    )
    if saved is not None:
        messages.success(request, _("Event saved."))
        return redirect("home")
    return render(request, "organizations/history_event_form.html", {"form": form, "event": event})


def history_event_void(request: HttpRequest, key: str) -> HttpResponse:
    roles = require_secretariat(request.user)
    event = selectors.history_event_access(key=key, roles=roles)
    return void_page(
        request,
        obj=event,
        void=lambda reason: services.history_event_void(
            event=event, reason=reason, by=request.user
        ),
        back=reverse("home"),
    )


@require_POST
def history_event_restore(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    event = get_object_or_404(HistoryEvent.all_objects, key=key, voided_at__isnull=False)
    return restore_page(
        request, restore=lambda: services.history_event_restore(event=event, by=request.user)
    )


def observance_edit(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    observance = selectors.observance_access(key=key, roles=roles_for(request.user))
    form = ObservanceForm(
        request.POST or None,
        initial={
            "key": observance.key,
            "name": observance.name,
            "name_translations": observance.name_translations,
            "event": observance.event,
            "month": observance.month,
            "day": observance.day,
            "decided_by": observance.decided_by,
            "decided_on": observance.decided_on,
            "description": observance.description,
        },
    )
    _without_key(form)
    saved = submitted(
        request,
        form,
        lambda data: services.observance_update(
            observance=observance, by=request.user, **_edits(data)
        ),
    )
    if saved is not None:
        messages.success(request, _("Observance saved."))
        return redirect("anniversaries")
    return render(
        request, "organizations/observance_form.html", {"form": form, "observance": observance}
    )


def observance_void(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    observance = selectors.observance_access(key=key, roles=roles_for(request.user))
    return void_page(
        request,
        obj=observance,
        void=lambda reason: services.observance_void(
            observance=observance, reason=reason, by=request.user
        ),
        back=reverse("anniversaries"),
    )


@require_POST
def observance_restore(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    observance = get_object_or_404(Observance.all_objects, key=key, voided_at__isnull=False)
    return restore_page(
        request,
        restore=lambda: services.observance_restore(observance=observance, by=request.user),
    )
