"""Pages of the people context. Thin: read through selectors, write through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chapterhouse.access.selectors import require_secretariat, roles_for
from chapterhouse.core.forms import apply_service_errors, submitted
from chapterhouse.core.http import HtmxHttpRequest
from chapterhouse.organizations.selectors import body_access
from chapterhouse.people import selectors, services
from chapterhouse.people.forms import (
    RESPONSIBILITY_ROWS,
    RESPONSIBILITY_ROWS_MAX,
    AppointmentForm,
    EndAppointmentForm,
    MembershipForm,
    PersonForm,
    ResponsibilityForm,
    ResponsibilityFormSet,
    ResponsibilityQueryForm,
)
from chapterhouse.people.models import Person
from chapterhouse.people.services import ContactSpec, NameSpec, ResponsibilitySpec

PAGE_SIZE = 200


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    query = request.GET.get("q", "").strip()
    people = selectors.person_list(roles=roles)
    if query:
        people = people.filter(names__full_name__icontains=query).distinct()
    return render(
        request,
        "people/person_list.html",
        {"people": people[:PAGE_SIZE], "query": query},
    )


@require_GET
def person_detail(request: HttpRequest, key: str) -> HttpResponse:
    roles = roles_for(request.user)
    person = selectors.person_access(key=key, roles=roles)
    today = timezone.localdate()
    own_or_secretariat = roles.can_see_contacts(person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "names": person.names.all(),
            "appointments": selectors.with_capacities(
                selectors.person_appointments(person=person, roles=roles), roles=roles
            ),
            # Membership records, like contacts, are the person's own and the secretariat's.
            "memberships": selectors.person_memberships(person=person, on=today)
            if own_or_secretariat
            else [],
            "contacts": person.contacts.all() if own_or_secretariat else [],
            "can_see_contacts": own_or_secretariat,
            "on": today,
        },
    )


def _person_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    names = [NameSpec(data["display_language"], data["display_name"], True)]
    if data.get("other_name"):
        names.append(NameSpec(data["other_language"], data["other_name"], False))
    contacts = [ContactSpec(kind, data[kind]) for kind in ("email", "phone") if data.get(kind)]
    return {
        "key": data["key"],
        "names": names,
        "contacts": contacts,
        "form_of_address": data["form_of_address"],
        "represents": data["represents"],
    }


def person_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = PersonForm(request.POST or None, initial={"display_language": "en"})
    person = submitted(
        request, form, lambda data: services.person_create(by=request.user, **_person_kwargs(data))
    )
    if person is not None:
        messages.success(request, _("Person added."))
        return redirect("person-detail", key=person.key)
    return render(request, "people/person_form.html", {"form": form, "person": None})


def person_edit(request: HttpRequest, key: str) -> HttpResponse:
    roles = require_secretariat(request.user)
    person: Person = selectors.person_access(key=key, roles=roles)
    names = list(person.names.all())
    shown = next((n for n in names if n.is_display), names[0] if names else None)
    other = next((n for n in names if n is not shown), None)
    contacts = {c.kind: c.value for c in person.contacts.all()}
    initial = {
        "key": person.key,
        "display_name": shown.full_name if shown else "",
        "display_language": shown.language if shown else "en",
        "other_name": other.full_name if other else "",
        "other_language": other.language if other else "",
        "form_of_address": person.form_of_address,
        "represents": person.represents,
        "email": contacts.get("email", ""),
        "phone": contacts.get("phone", ""),
    }
    form = PersonForm(request.POST or None, initial=initial)
    saved = submitted(
        request,
        form,
        lambda data: services.person_update(person=person, by=request.user, **_person_kwargs(data)),
    )
    if saved is not None:
        messages.success(request, _("Person saved."))
        return redirect("person-detail", key=person.key)
    return render(request, "people/person_form.html", {"form": form, "person": person})


ADD_RESPONSIBILITY = "add_responsibility"


def _with_one_more_row(data: QueryDict, prefix: str) -> QueryDict:
    """The submitted data with one more (blank) responsibility row."""
    data = data.copy()
    total = f"{prefix}-TOTAL_FORMS"
    try:
        rows = int(data.get(total, ""))
    except ValueError:
        rows = RESPONSIBILITY_ROWS
    data[total] = str(min(max(rows, 0) + 1, RESPONSIBILITY_ROWS_MAX))
    return data


def _with_row_count(data: QueryDict, prefix: str) -> QueryDict | None:
    """The submitted data, reading a post without the formset's row count (a script's, or an
    old page's) as one with no responsibility rows; None for a GET."""
    if not data:
        return None
    if f"{prefix}-TOTAL_FORMS" in data:
        return data
    data = data.copy()
    data[f"{prefix}-TOTAL_FORMS"] = "0"
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def _responsibility_rows(formset: BaseFormSet[ResponsibilityForm]) -> list[tuple[int, Any]]:
    """(row index, ResponsibilitySpec) for each row the user filled in; blank rows are skipped."""
    rows = []
    for index, row in enumerate(formset.forms):
        data = row.cleaned_data
        if data.get("duty"):
            spec = ResponsibilitySpec(
                duty=data["duty"], branch=data.get("branch"), country=data.get("country", "")
            )
            rows.append((index, spec))
    return rows


def _put_appointment_errors(
    form: AppointmentForm,
    formset: BaseFormSet[ResponsibilityForm],
    rows: list[int],
    error: ValidationError,
) -> None:
    """A service error keyed ``responsibilities.<n>[.field]`` goes to the row it came from (the
    n-th responsibility given, which is row ``rows[n]`` of the form); the rest to the form."""
    if not hasattr(error, "error_dict"):
        apply_service_errors(form, error)
        return
    others: dict[str, list[ValidationError]] = {}
    for field, errors in error.error_dict.items():
        parts = field.split(".")
        if parts[0] == "responsibilities" and len(parts) > 1 and parts[1].isdigit():
            n = int(parts[1])
            row = formset.forms[rows[n]] if n < len(rows) else None
            if row is not None:
                name = parts[2] if len(parts) > 2 and parts[2] in row.fields else None
                row.add_error(name, errors)
                continue
        others[field] = errors
    if others:
        apply_service_errors(form, ValidationError(others))


def appointment_create(request: HttpRequest, key: str) -> HttpResponse:
    """Appoint someone to a position in a body, with any number of responsibilities, each a
    duty in its own area. "Add another responsibility" re-renders the page with one more row
    and what was typed, without checking it (it works without JavaScript)."""
    roles = require_secretariat(request.user)
    body = body_access(key=key, roles=roles)
    prefix = "responsibilities"
    if request.method == "POST" and ADD_RESPONSIBILITY in request.POST:
        form = AppointmentForm(initial=request.POST.dict())
        formset = ResponsibilityFormSet(_with_one_more_row(request.POST, prefix), prefix=prefix)
        if formset.forms:  # the new row takes the focus
            formset.forms[-1].fields["duty"].widget.attrs["autofocus"] = True
        return render(
            request,
            "people/appointment_form.html",
            {"form": form, "formset": formset, "body": body},
        )
    form = AppointmentForm(request.POST or None)
    formset = ResponsibilityFormSet(_with_row_count(request.POST, prefix), prefix=prefix)
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        data = form.cleaned_data
        rows = _responsibility_rows(formset)
        try:
            services.appointment_make(
                person=data["person"],
                body=body,
                position=data["position"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                appointed_by=data["appointed_by"],
                decided_by=data["decided_by"],
                decision=data["decision"],
                responsibilities=[spec for _index, spec in rows],
                by=request.user,
            )
        except ValidationError as error:
            _put_appointment_errors(form, formset, [index for index, _spec in rows], error)
        else:
            messages.success(request, _("Appointment made."))
            return redirect("body-detail", key=body.key)
    return render(
        request,
        "people/appointment_form.html",
        {"form": form, "formset": formset, "body": body},
    )


@require_POST
def appointment_end(request: HtmxHttpRequest, key: str) -> HttpResponse:
    """End an appointment. An htmx request gets the updated table row back."""
    roles = require_secretariat(request.user)
    appointment = get_object_or_404(selectors.appointments_qs(), key=key)
    body_access(key=appointment.body.key, roles=roles)
    form = EndAppointmentForm(request.POST)
    error_message = ""
    if form.is_valid():
        try:
            appointment = services.appointment_end(
                appointment=appointment, ends_on=form.cleaned_data["ends_on"], by=request.user
            )
        except ValidationError as error:
            error_message = " ".join(error.messages)
    else:
        error_message = " ".join(str(m) for ms in form.errors.values() for m in ms)
    if request.htmx:
        appointment = selectors.with_capacities(
            list(selectors.appointments_qs().filter(pk=appointment.pk)), roles=roles
        )[0]
        return render(
            request,
            "people/_appointment_row_result.html",
            {
                "a": appointment,
                "error": error_message,
                "show_person": True,
                "can_change": True,
                "on": timezone.localdate(),
            },
        )
    if error_message:
        messages.error(request, error_message)
    else:
        messages.success(request, _("Appointment ended."))
    return redirect("body-detail", key=appointment.body.key)


@require_GET
def responsibilities(request: HttpRequest) -> HttpResponse:
    """Who is responsible for a duty in a country on a day."""
    form = ResponsibilityQueryForm(request.GET or None)
    found: list[selectors.Responsible] | None = None
    on = timezone.localdate()
    if form.is_valid():
        on = form.cleaned_data["on"] or on
        roles = roles_for(request.user)
        found = [
            r
            for r in selectors.responsible_for(
                duty=form.cleaned_data["duty"], country=form.cleaned_data["country"], on=on
            )
            if roles.can_see_body(r.appointment.body)
        ]
    return render(
        request,
        "people/responsibilities.html",
        {
            "form": form,
            "found": found,
            "on": on,
            "country": form.cleaned_data.get("country", "") if form.is_bound else "",
        },
    )


def membership_create(request: HttpRequest, key: str) -> HttpResponse:
    roles = require_secretariat(request.user)
    person = selectors.person_access(key=key, roles=roles)
    form = MembershipForm(request.POST or None)
    made = submitted(
        request,
        form,
        lambda data: services.membership_start(person=person, by=request.user, **data),
    )
    if made is not None:
        messages.success(request, _("Membership recorded."))
        return redirect("person-detail", key=person.key)
    return render(request, "people/membership_form.html", {"form": form, "person": person})


@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "people/partner_list.html", {"partners": selectors.partner_organization_list()}
    )


@require_GET
def partner_detail(request: HttpRequest, key: str) -> HttpResponse:
    roles = roles_for(request.user)
    partner = selectors.partner_organization_access(key=key)
    return render(
        request,
        "people/partner_detail.html",
        {
            "partner": partner,
            "representatives": selectors.partner_representatives(partner=partner, roles=roles),
        },
    )
