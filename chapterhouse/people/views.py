"""Pages of the people context. Thin: read through selectors, write through services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chapterhouse.access.forms import AccountCreateForm, AccountUpdateForm
from chapterhouse.access.selectors import SECRETARIAT_GROUP, require_secretariat, roles_for
from chapterhouse.access.voiding import restore_page, void_page
from chapterhouse.core.forms import apply_service_errors, submitted
from chapterhouse.core.http import HtmxHttpRequest
from chapterhouse.organizations.selectors import body_access
from chapterhouse.people import accounts, selectors, services
from chapterhouse.people.forms import (
    RESPONSIBILITY_ROWS,
    RESPONSIBILITY_ROWS_MAX,
    AppointmentCorrectForm,
    AppointmentForm,
    ContactFormSet,
    CorrectionResponsibilityFormSet,
    DutyForm,
    EndAppointmentForm,
    MembershipCorrectForm,
    MembershipForm,
    NameFormSet,
    PartnerOrganizationForm,
    PersonEditForm,
    PersonForm,
    PositionForm,
    ResponsibilityForm,
    ResponsibilityFormSet,
    ResponsibilityQueryForm,
)
from chapterhouse.people.models import Appointment, Membership, Person
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
            "appointments": selectors.person_appointments(person=person, roles=roles),
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
    """The new-person form's fields as ``person_create``'s arguments."""
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


def _edited(formset: forms.BaseFormSet[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What a formset of shown rows asks: the rows to remove (as they were shown) and the rows
    to add or change (as now written). A row left as shown is in neither: it is not touched."""
    remove: list[dict[str, Any]] = []
    put: list[dict[str, Any]] = []
    for form in formset.forms:
        shown = form.initial
        deleted = formset.can_delete and form.cleaned_data.get("DELETE", False)
        if shown and (deleted or form.has_changed()):
            remove.append(shown)
        if not deleted and form.has_changed() and form.cleaned_data:
            put.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
    return remove, put


def person_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Edit a person: their fields, and each of their names and contacts (change, remove, add).
    Only what the page shows and the secretariat changed is written."""
    roles = require_secretariat(request.user)
    person: Person = selectors.person_access(key=key, roles=roles)
    data = request.POST or None
    form = PersonEditForm(
        data,
        initial={"form_of_address": person.form_of_address, "represents": person.represents},
    )
    names = NameFormSet(
        data,
        prefix="names",
        initial=[
            {"language": n.language, "full_name": n.full_name, "is_display": n.is_display}
            for n in person.names.all()
        ],
    )
    contacts = ContactFormSet(
        data,
        prefix="contacts",
        initial=[{"kind": c.kind, "value": c.value} for c in person.contacts.all()],
    )
    valid = [f.is_valid() for f in (form, names, contacts)] if data is not None else [False]
    if all(valid):
        names_gone, names_put = _edited(names)
        contacts_gone, contacts_put = _edited(contacts)
        put_languages = {n["language"] for n in names_put}
        try:
            services.person_update(
                person=person,
                form_of_address=form.cleaned_data["form_of_address"],
                represents=form.cleaned_data["represents"],
                names_set=[
                    NameSpec(n["language"], n["full_name"], n["is_display"]) for n in names_put
                ],
                names_remove={n["language"] for n in names_gone} - put_languages,
                contacts_add=[ContactSpec(c["kind"], c["value"]) for c in contacts_put],
                contacts_remove=[ContactSpec(c["kind"], c["value"]) for c in contacts_gone],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Person saved."))
            return redirect("person-detail", key=person.key)
    return render(
        request,
        "people/person_edit.html",
        {"form": form, "names": names, "contacts": contacts, "person": person},
    )


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


def appointment_correct(request: HttpRequest, key: str) -> HttpResponse:
    """Correct an appointment's record: every field and its responsibilities, audited with the
    state before and after. Only the responsibilities changed or removed here are touched."""
    roles = require_secretariat(request.user)
    appointment = get_object_or_404(selectors.appointments_qs(), key=key)
    body_access(key=appointment.body.key, roles=roles)
    data = request.POST or None
    form = AppointmentCorrectForm(
        data,
        initial={
            "person": appointment.person,
            "body": appointment.body,
            "position": appointment.position,
            "title": appointment.title,
            "starts_on": appointment.starts_on,
            "ends_on": appointment.ends_on,
            "appointed_by": appointment.appointed_by,
            "decided_by": appointment.decided_by,
            "decision": appointment.decision,
        },
    )
    areas = CorrectionResponsibilityFormSet(
        data,
        prefix="responsibilities",
        initial=[
            {"duty": r.duty, "branch": r.branch, "country": r.country}
            for r in appointment.responsibilities.all()
        ],
    )
    if data is not None and all([form.is_valid(), areas.is_valid()]):
        gone, put = _edited(areas)

        def ident(r: dict[str, Any]) -> tuple[int, int | None, str]:
            return (r["duty"].pk, r["branch"].pk if r["branch"] else None, r["country"].upper())

        removed = {ident(r) for r in gone}
        kept = [
            ResponsibilitySpec(duty=r.duty, branch=r.branch, country=r.country)
            for r in appointment.responsibilities.all()
            if (r.duty_id, r.branch_id, r.country) not in removed
        ]
        added = [
            ResponsibilitySpec(duty=r["duty"], branch=r["branch"], country=r["country"])
            for r in put
        ]
        try:
            services.appointment_update(
                appointment=appointment,
                responsibilities=[*kept, *(a for a in added if a not in kept)],
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Appointment corrected."))
            return redirect("body-detail", key=appointment.body.key)
    return render(
        request,
        "people/appointment_correct.html",
        {"form": form, "areas": areas, "appointment": appointment},
    )


def appointment_void(request: HttpRequest, key: str) -> HttpResponse:
    roles = require_secretariat(request.user)
    appointment = get_object_or_404(selectors.appointments_qs(), key=key)
    body_access(key=appointment.body.key, roles=roles)
    return void_page(
        request,
        obj=appointment,
        void=lambda reason: services.appointment_void(
            appointment=appointment, reason=reason, by=request.user
        ),
        back=reverse("body-detail", args=[appointment.body.key]),
    )


@require_POST
def appointment_restore(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    appointment = get_object_or_404(Appointment.all_objects, key=key, voided_at__isnull=False)
    return restore_page(
        request,
        restore=lambda: services.appointment_restore(appointment=appointment, by=request.user),
    )


@require_GET
def responsibilities(request: HttpRequest) -> HttpResponse:
    """Who is responsible for a duty in a country on a day."""
    form = ResponsibilityQueryForm(request.GET or None)
    found: list[selectors.Responsible] | None = None
    on = timezone.localdate()
    if form.is_valid():
        on = form.cleaned_data["on"] or on
        roles = roles_for(request.user)
        found = selectors.responsible_for(
            duty=form.cleaned_data["duty"],
            country=form.cleaned_data["country"],
            on=on,
            roles=roles,
        )
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


def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a membership (renew, end, or fix a wrong date or branch)."""
    roles = require_secretariat(request.user)
    membership: Membership = selectors.membership_access(pk=pk, roles=roles)
    form = MembershipCorrectForm(
        request.POST or None,
        initial={
            "branch": membership.branch,
            "starts_on": membership.starts_on,
            "expires_on": membership.expires_on,
            "ends_on": membership.ends_on,
        },
    )
    saved = submitted(
        request,
        form,
        lambda data: services.membership_update(membership=membership, by=request.user, **data),
    )
    if saved is not None:
        messages.success(request, _("Membership saved."))
        return redirect("person-detail", key=membership.person.key)
    return render(
        request,
        "people/membership_form.html",
        {"form": form, "person": membership.person, "membership": membership},
    )


def membership_void(request: HttpRequest, pk: int) -> HttpResponse:
    roles = require_secretariat(request.user)
    membership: Membership = selectors.membership_access(pk=pk, roles=roles)
    return void_page(
        request,
        obj=membership,
        void=lambda reason: services.membership_void(
            membership=membership, reason=reason, by=request.user
        ),
        back=reverse("person-detail", args=[membership.person.key]),
    )


@require_POST
def membership_restore(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    membership = get_object_or_404(Membership.all_objects, pk=pk, voided_at__isnull=False)
    return restore_page(
        request,
        restore=lambda: services.membership_restore(membership=membership, by=request.user),
    )


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


def partner_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = PartnerOrganizationForm(request.POST or None)
    made = submitted(
        request,
        form,
        lambda data: services.partner_organization_create(by=request.user, **data),
    )
    if made is not None:
        messages.success(request, _("Partner organization saved."))
        return redirect("partner-detail", key=made.key)
    return render(request, "people/partner_form.html", {"form": form, "partner": None})


def _without_key(form: forms.Form) -> None:
    """Keys do not change (addresses, the API and dossiers use them): shown, not edited."""
    form.fields["key"].disabled = True


def partner_edit(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    partner = selectors.partner_organization_access(key=key)
    form = PartnerOrganizationForm(
        request.POST or None,
        initial={
            "key": partner.key,
            "name": partner.name,
            "name_translations": partner.name_translations,
            "short_name": partner.short_name,
            "short_name_translations": partner.short_name_translations,
            "country": partner.country,
            "description": partner.description,
        },
    )
    _without_key(form)
    saved = submitted(
        request,
        form,
        lambda data: services.partner_organization_update(
            partner=partner,
            name=data["name"],
            name_translations=data["name_translations"],
            short_name=data["short_name"],
            short_name_translations=data["short_name_translations"],
            country=data["country"],
            description=data["description"],
            by=request.user,
        ),
    )
    if saved is not None:
        messages.success(request, _("Partner organization saved."))
        return redirect("partner-detail", key=partner.key)
    return render(request, "people/partner_form.html", {"form": form, "partner": partner})


@require_GET
def position_list(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    return render(
        request,
        "people/position_list.html",
        {"positions": selectors.position_list(), "duties": selectors.duty_list()},
    )


def position_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = PositionForm(request.POST or None)
    made = submitted(request, form, lambda data: services.position_create(by=request.user, **data))
    if made is not None:
        messages.success(request, _("Position saved."))
        return redirect("position-list")
    return render(request, "people/position_form.html", {"form": form, "position": None})


def position_edit(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    position = selectors.position_access(key=key)
    form = PositionForm(
        request.POST or None,
        initial={
            "key": position.key,
            "name": position.name,
            "name_translations": position.name_translations,
            "single_holder": position.single_holder,
            "rank": position.rank,
        },
    )
    _without_key(form)
    saved = submitted(
        request,
        form,
        lambda data: services.position_update(
            position=position,
            name=data["name"],
            name_translations=data["name_translations"],
            single_holder=data["single_holder"],
            rank=data["rank"],
            by=request.user,
        ),
    )
    if saved is not None:
        messages.success(request, _("Position saved."))
        return redirect("position-list")
    return render(request, "people/position_form.html", {"form": form, "position": position})


def duty_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = DutyForm(request.POST or None)
    made = submitted(request, form, lambda data: services.duty_create(by=request.user, **data))
    if made is not None:
        messages.success(request, _("Duty saved."))
        return redirect("position-list")
    return render(request, "people/duty_form.html", {"form": form, "duty": None})


def duty_edit(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    duty = selectors.duty_access(key=key)
    form = DutyForm(
        request.POST or None,
        initial={"key": duty.key, "name": duty.name, "name_translations": duty.name_translations},
    )
    _without_key(form)
    saved = submitted(
        request,
        form,
        lambda data: services.duty_update(
            duty=duty,
            name=data["name"],
            name_translations=data["name_translations"],
            by=request.user,
        ),
    )
    if saved is not None:
        messages.success(request, _("Duty saved."))
        return redirect("position-list")
    return render(request, "people/duty_form.html", {"form": form, "duty": duty})


def person_account(request: HttpRequest, key: str) -> HttpResponse:
    """The secretariat makes, changes or closes a person's log-in account."""
    roles = require_secretariat(request.user)
    person = selectors.person_access(key=key, roles=roles)
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
