"""Every write to persons, memberships, partner organizations, positions and appointments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from chapterhouse.access.services import audit_record, snapshot
from chapterhouse.core.errors import Errors
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people import errors as msg
from chapterhouse.people.models import (
    MAX_CONTACTS,
    MAX_NAMES,
    MAX_RESPONSIBILITIES,
    Appointment,
    Contact,
    Duty,
    Membership,
    PartnerOrganization,
    Person,
    PersonName,
    Position,
    Responsibility,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser | None

COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class NameSpec:
    language: str
    full_name: str
    is_display: bool = False


@dataclass(frozen=True)
class ContactSpec:
    kind: str
    value: str


@dataclass(frozen=True)
class ResponsibilitySpec:
    duty: Duty
    branch: Branch | None = None
    country: str = ""


def _apply(instance: Any, changes: dict[str, Any]) -> None:
    for field, value in changes.items():
        setattr(instance, field, value)


def _check_names(errors: Errors, names: Sequence[NameSpec]) -> None:
    if not names:
        errors.add("names", msg.NEEDS_A_NAME)
        return
    marked = sum(1 for n in names if n.is_display)
    if len(names) > 1 and marked != 1:
        errors.add("names", msg.ONE_DISPLAY_NAME.format(count=marked))
    errors.check_count("names", len(names), MAX_NAMES)
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name.language in seen:
            errors.add("names", msg.DUPLICATE_NAME_LANGUAGE.format(language=name.language))
        seen.add(name.language)
        if not name.full_name.strip():
            errors.add("names", msg.NEEDS_A_NAME)
        else:
            row = PersonName(language=name.language, full_name=name.full_name.strip())
            errors.check_row("names", index, row, exclude=("person",))


def _check_contacts(errors: Errors, contacts: Sequence[ContactSpec]) -> None:
    errors.check_count("contacts", len(contacts), MAX_CONTACTS)
    for index, contact in enumerate(contacts):
        row = Contact(kind=contact.kind, value=contact.value.strip())
        errors.check_row("contacts", index, row, exclude=("person",))


def _display_name(names: Sequence[NameSpec]) -> str:
    shown = [n for n in names if n.is_display] or list(names[:1])
    return shown[0].full_name.strip() if shown else ""


def _write_names_and_contacts(
    person: Person, names: Sequence[NameSpec] | None, contacts: Sequence[ContactSpec] | None
) -> None:
    if names is not None:
        person.names.all().delete()
        single = len(names) == 1
        PersonName.objects.bulk_create(
            PersonName(
                person=person,
                language=n.language,
                full_name=n.full_name.strip(),
                is_display=n.is_display or single,
            )
            for n in names
        )
    if contacts is not None:
        person.contacts.all().delete()
        Contact.objects.bulk_create(
            Contact(person=person, kind=c.kind, value=c.value.strip()) for c in contacts
        )


def _person_snapshot(person: Person) -> dict[str, Any]:
    data = snapshot(person)
    data["names"] = [
        {"language": n.language, "full_name": n.full_name, "is_display": n.is_display}
        for n in person.names.all()
    ]
    data["contacts"] = [{"kind": c.kind, "value": c.value} for c in person.contacts.all()]
    return data


@transaction.atomic
def person_create(
    *,
    key: str | None = None,
    names: Sequence[NameSpec],
    form_of_address: str = "",
    represents: PartnerOrganization | None = None,
    contacts: Sequence[ContactSpec] = (),
    user: Any = None,
    by: User,
) -> Person:
    errors = Errors()
    _check_names(errors, names)
    _check_contacts(errors, contacts)
    person = Person(
        key=key or slugify(_display_name(names))[:80] or "person",
        form_of_address=form_of_address,
        represents=represents,
        user=user,
        display_name=_display_name(names),
    )
    # The display name is a copy of a name, which _check_names measured at its own place.
    errors.check(person, exclude=("display_name",))
    person.save()
    _write_names_and_contacts(person, names, contacts)
    audit_record(by=by, action="person.created", obj=person, after=_person_snapshot(person))
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    names: Sequence[NameSpec] | None = None,
    contacts: Sequence[ContactSpec] | None = None,
    by: User,
    **changes: Any,
) -> Person:
    before = _person_snapshot(person)
    errors = Errors()
    if names is not None:
        _check_names(errors, names)
        changes["display_name"] = _display_name(names)
    if contacts is not None:
        _check_contacts(errors, contacts)
    _apply(person, changes)
    errors.check(person, exclude=("display_name",))
    person.save()
    _write_names_and_contacts(person, names, contacts)
    audit_record(
        by=by, action="person.updated", obj=person, before=before, after=_person_snapshot(person)
    )
    return person


@transaction.atomic
def person_link_user(*, person: Person, user: Any, by: User) -> Person:
    """Link ``person`` to a log-in account (made by the access context)."""
    before = {"user": person.user_id}
    person.user = user
    person.save(update_fields=["user"])
    audit_record(
        by=by, action="person.account_linked", obj=person, before=before, after={"user": user.pk}
    )
    return person


@transaction.atomic
def partner_organization_create(
    *,
    key: str,
    name: str,
    short_name: str = "",
    country: str = "",
    description: str = "",
    by: User,
) -> PartnerOrganization:
    partner = PartnerOrganization(
        key=key, name=name, short_name=short_name, country=country.upper(), description=description
    )
    Errors().check(partner)
    partner.save()
    audit_record(by=by, action="partner_organization.created", obj=partner, after=snapshot(partner))
    return partner


@transaction.atomic
def partner_organization_update(
    *, partner: PartnerOrganization, by: User, **changes: Any
) -> PartnerOrganization:
    before = snapshot(partner)
    _apply(partner, changes)
    partner.country = partner.country.upper()
    Errors().check(partner)
    partner.save()
    audit_record(
        by=by,
        action="partner_organization.updated",
        obj=partner,
        before=before,
        after=snapshot(partner),
    )
    return partner


def _overlaps(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def _check_membership(errors: Errors, membership: Membership) -> None:
    if membership.expires_on and membership.expires_on < membership.starts_on:
        errors.add(
            "expires_on",
            msg.MEMBERSHIP_EXPIRES_BEFORE_START.format(
                expires_on=membership.expires_on, starts_on=membership.starts_on
            ),
        )
    if membership.ends_on and membership.ends_on < membership.starts_on:
        errors.add(
            "ends_on",
            msg.MEMBERSHIP_ENDS_BEFORE_START.format(
                ends_on=membership.ends_on, starts_on=membership.starts_on
            ),
        )
    others = Membership.objects.filter(
        person_id=membership.person_id, branch=membership.branch
    ).exclude(pk=membership.pk)
    for other in others:
        if _overlaps(membership.starts_on, membership.ends_on, other.starts_on, other.ends_on):
            scope = membership.branch.name if membership.branch else msg.THE_ORGANIZATION
            errors.add(
                "starts_on", msg.MEMBERSHIP_OVERLAPS.format(person=membership.person, scope=scope)
            )
            break


@transaction.atomic
def membership_start(
    *,
    person: Person,
    branch: Branch | None = None,
    starts_on: dt.date,
    expires_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    by: User,
) -> Membership:
    membership = Membership(
        person=person, branch=branch, starts_on=starts_on, expires_on=expires_on, ends_on=ends_on
    )
    errors = Errors()
    _check_membership(errors, membership)
    errors.check(membership)
    membership.save()
    audit_record(by=by, action="membership.started", obj=membership, after=snapshot(membership))
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, by: User, **changes: Any) -> Membership:
    """Renew (a later paid-up date) or end (a last day) a membership."""
    before = snapshot(membership)
    _apply(membership, changes)
    errors = Errors()
    _check_membership(errors, membership)
    errors.check(membership)
    membership.save()
    audit_record(
        by=by,
        action="membership.updated",
        obj=membership,
        before=before,
        after=snapshot(membership),
    )
    return membership


@transaction.atomic
def position_create(
    *, key: str, name: str, single_holder: bool = False, rank: int = 100, by: User
) -> Position:
    position = Position(key=key, name=name, single_holder=single_holder, rank=rank)
    Errors().check(position)
    position.save()
    audit_record(by=by, action="position.created", obj=position, after=snapshot(position))
    return position


@transaction.atomic
def position_update(*, position: Position, by: User, **changes: Any) -> Position:
    before = snapshot(position)
    _apply(position, changes)
    Errors().check(position)
    position.save()
    audit_record(
        by=by, action="position.updated", obj=position, before=before, after=snapshot(position)
    )
    return position


@transaction.atomic
def duty_create(*, key: str, name: str, by: User) -> Duty:
    duty = Duty(key=key, name=name)
    Errors().check(duty)
    duty.save()
    audit_record(by=by, action="duty.created", obj=duty, after=snapshot(duty))
    return duty


@transaction.atomic
def duty_update(*, duty: Duty, by: User, **changes: Any) -> Duty:
    before = snapshot(duty)
    _apply(duty, changes)
    Errors().check(duty)
    duty.save()
    audit_record(by=by, action="duty.updated", obj=duty, before=before, after=snapshot(duty))
    return duty


def _check_appointment(errors: Errors, appointment: Appointment) -> None:
    body: Body = appointment.body
    starts_on, ends_on = appointment.starts_on, appointment.ends_on
    if ends_on is not None and ends_on < starts_on:
        errors.add(
            "ends_on",
            msg.APPOINTMENT_ENDS_BEFORE_START.format(
                ends_on=ends_on.isoformat(), starts_on=starts_on.isoformat()
            ),
        )
    if body.starts_on is not None and starts_on < body.starts_on:
        errors.add(
            "starts_on",
            msg.STARTS_BEFORE_MANDATE.format(
                body=body.name, mandate_start=body.starts_on.isoformat(), starts_on=starts_on
            ),
        )
    if body.ends_on is not None:
        if starts_on > body.ends_on:
            errors.add(
                "starts_on",
                msg.STARTS_AFTER_MANDATE.format(
                    body=body.name, mandate_end=body.ends_on.isoformat(), starts_on=starts_on
                ),
            )
        elif ends_on is not None and ends_on > body.ends_on:
            errors.add(
                "ends_on",
                msg.ENDS_AFTER_MANDATE.format(
                    body=body.name, mandate_end=body.ends_on.isoformat(), ends_on=ends_on
                ),
            )
    if appointment.appointed_by_id is not None and appointment.decided_by_id is not None:
        errors.add("decided_by", msg.APPOINTED_BY_PERSON_OR_BODY)
    if appointment.position.single_holder:
        # The body row is locked (select_for_update on PostgreSQL; SQLite's IMMEDIATE
        # transactions serialize writers), so two chairs cannot be appointed at once.
        Body.objects.select_for_update().filter(pk=body.pk).first()
        rivals = (
            Appointment.objects.filter(body=body, position=appointment.position)
            .exclude(pk=appointment.pk)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
            .select_related("person")
        )
        if ends_on is not None:
            rivals = rivals.filter(starts_on__lte=ends_on)
        rival = rivals.first()
        if rival is not None:
            until = (
                msg.UNTIL.format(ends_on=rival.ends_on.isoformat())
                if rival.ends_on
                else msg.OPEN_ENDED
            )
            errors.add(
                "position",
                msg.POSITION_TAKEN.format(
                    position=appointment.position.name,
                    body=body.name,
                    holder=rival.person.display_name,
                    starts_on=rival.starts_on.isoformat(),
                    until=until,
                ),
            )


def _check_responsibilities(errors: Errors, responsibilities: Sequence[ResponsibilitySpec]) -> None:
    errors.check_count("responsibilities", len(responsibilities), MAX_RESPONSIBILITIES)
    for spec in responsibilities:
        if spec.branch is not None and spec.country:
            errors.add("responsibilities", msg.RESPONSIBILITY_AREA)
        if spec.country and not COUNTRY_RE.match(spec.country.upper()):
            errors.add("responsibilities", msg.COUNTRY_CODE.format(value=spec.country))


def _appointment_snapshot(appointment: Appointment) -> dict[str, Any]:
    data = snapshot(appointment)
    data["responsibilities"] = [
        {"duty": r.duty.key, "branch": r.branch.key if r.branch else None, "country": r.country}
        for r in appointment.responsibilities.select_related("duty", "branch")
    ]
    return data


def appointment_default_key(
    *, person: Person, body: Body, position: Position, starts_on: dt.date
) -> str:
    return f"{person.key}-{position.key}-{body.key}-{starts_on.isoformat()}"[:80].strip("-")


@transaction.atomic
def appointment_make(
    *,
    person: Person,
    body: Body,
    position: Position,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    title: str = "",
    appointed_by: Person | None = None,
    decided_by: Body | None = None,
    decision: str = "",
    responsibilities: Sequence[ResponsibilitySpec] = (),
    key: str | None = None,
    by: User,
) -> Appointment:
    """Appoint ``person`` to ``position`` in ``body`` from ``starts_on`` (to ``ends_on``,
    inclusive), with the given responsibilities. Raises ValidationError naming each bad field."""
    appointment = Appointment(
        key=key
        or appointment_default_key(
            person=person, body=body, position=position, starts_on=starts_on
        ),
        person=person,
        body=body,
        position=position,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        appointed_by=appointed_by,
        decided_by=decided_by,
        decision=decision,
    )
    errors = Errors()
    _check_appointment(errors, appointment)
    _check_responsibilities(errors, responsibilities)
    errors.check(appointment)
    appointment.save()
    Responsibility.objects.bulk_create(
        Responsibility(
            appointment=appointment,
            duty=spec.duty,
            branch=spec.branch,
            country=spec.country.upper(),
        )
        for spec in responsibilities
    )
    audit_record(
        by=by, action="appointment.made", obj=appointment, after=_appointment_snapshot(appointment)
    )
    return appointment


@transaction.atomic
def appointment_update(
    *,
    appointment: Appointment,
    responsibilities: Sequence[ResponsibilitySpec] | None = None,
    by: User,
    **changes: Any,
) -> Appointment:
    """Correct an appointment's record (a wrong date, a missing responsibility). Ending one is
    ``appointment_end``; who held what is never overwritten by a new holder."""
    before = _appointment_snapshot(appointment)
    _apply(appointment, changes)
    errors = Errors()
    _check_appointment(errors, appointment)
    if responsibilities is not None:
        _check_responsibilities(errors, responsibilities)
    errors.check(appointment)
    appointment.save()
    if responsibilities is not None:
        appointment.responsibilities.all().delete()
        Responsibility.objects.bulk_create(
            Responsibility(
                appointment=appointment, duty=s.duty, branch=s.branch, country=s.country.upper()
            )
            for s in responsibilities
        )
    audit_record(
        by=by,
        action="appointment.updated",
        obj=appointment,
        before=before,
        after=_appointment_snapshot(appointment),
    )
    return appointment


@transaction.atomic
def appointment_end(*, appointment: Appointment, ends_on: dt.date, by: User) -> Appointment:
    """End an appointment on ``ends_on`` (its last day)."""
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("body", "position")
        .get(pk=appointment.pk)
    )
    if appointment.ends_on is not None and appointment.ends_on <= ends_on:
        errors = Errors()
        errors.add("ends_on", msg.ALREADY_ENDED.format(ends_on=appointment.ends_on.isoformat()))
        errors.check(appointment)
    before = _appointment_snapshot(appointment)
    appointment.ends_on = ends_on
    errors = Errors()
    _check_appointment(errors, appointment)
    errors.check(appointment)
    appointment.save(update_fields=["ends_on"])
    audit_record(
        by=by,
        action="appointment.ended",
        obj=appointment,
        before=before,
        after=_appointment_snapshot(appointment),
    )
    return appointment
