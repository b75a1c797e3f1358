"""Every write to persons, memberships, partner organizations, positions and appointments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from chapterhouse.access.services import record_restore, record_void
from chapterhouse.core.audit import audit_record, snapshot
from chapterhouse.core.changes import apply_changes
from chapterhouse.core.countries import is_country_code
from chapterhouse.core.errors import Errors, save_checked
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.organizations.translations import translations_check
from chapterhouse.people import errors as msg
from chapterhouse.people.models import (
    MAX_CONTACTS,
    MAX_NAMES,
    MAX_RESPONSIBILITIES,
    Appointment,
    Contact,
    ContactKind,
    Duty,
    Membership,
    PartnerOrganization,
    Person,
    PersonName,
    Position,
    Responsibility,
)

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor


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


class PersonChanges(TypedDict, total=False):
    """The fields ``person_update`` changes besides names and contacts; a field left out is left
    alone."""

    form_of_address: str
    represents: PartnerOrganization | None


class PartnerOrganizationChanges(TypedDict, total=False):
    name: str
    short_name: str
    country: str
    description: str
    name_translations: dict[str, str]
    short_name_translations: dict[str, str]


class MembershipChanges(TypedDict, total=False):
    branch: Branch | None
    starts_on: dt.date
    expires_on: dt.date | None
    ends_on: dt.date | None


class PositionChanges(TypedDict, total=False):
    name: str
    single_holder: bool
    rank: int
    name_translations: dict[str, str]


class DutyChanges(TypedDict, total=False):
    name: str
    name_translations: dict[str, str]


class AppointmentChanges(TypedDict, total=False):
    person: Person
    body: Body
    position: Position
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    appointed_by: Person | None
    decided_by: Body | None
    decision: str


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
        if not (errors.text("names", name.full_name) and errors.text("names", name.language)):
            continue
        if name.language in seen:
            errors.add("names", msg.DUPLICATE_NAME_LANGUAGE.format(language=name.language))
        seen.add(name.language)
        if not name.full_name.strip():
            errors.add("names", msg.NEEDS_A_NAME)
        else:
            row = PersonName(language=name.language, full_name=name.full_name.strip())
            errors.check_row("names", index, row, exclude=("person",))


def _check_contacts(errors: Errors, contacts: Sequence[ContactSpec]) -> None:
    """Each contact once (as stored: trimmed), of a known kind, with a value, in text a database
    stores, no longer than the model holds; at most MAX_CONTACTS of them."""
    errors.check_count("contacts", len(contacts), MAX_CONTACTS)
    seen: set[tuple[str, str]] = set()
    kinds = set(ContactKind.values)
    for index, contact in enumerate(contacts):
        if not (
            errors.text(f"contacts.{index}.kind", contact.kind)
            and errors.text(f"contacts.{index}.value", contact.value)
        ):
            continue
        if contact.kind not in kinds:
            errors.add(f"contacts.{index}.kind", msg.UNKNOWN_CONTACT_KIND.format(kind=contact.kind))
        if not contact.value.strip():
            errors.add(
                f"contacts.{index}.value",
                msg.BAD_CONTACT.format(kind=contact.kind, value=contact.value),
            )
        else:
            row = Contact(kind=contact.kind, value=contact.value.strip())
            errors.check_row("contacts", index, row, exclude=("person", "kind"))
        stored = (contact.kind, contact.value.strip())
        if stored in seen:
            errors.add(
                f"contacts.{index}.value",
                msg.DUPLICATE_CONTACT.format(kind=contact.kind, value=stored[1]),
            )
        seen.add(stored)


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


def _free_person_key(base: str) -> str:
    """A key made from a name, with "-2", "-3"… when another person already has it: a key the
    user did not give is never refused as taken."""
    taken = set(
        Person.objects.filter(key__startswith=base).values_list("key", flat=True).iterator()
    )
    key, number = base, 2
    while key in taken:
        suffix = f"-{number}"
        key, number = base[: 80 - len(suffix)] + suffix, number + 1
    return key


@transaction.atomic
def person_create(
    *,
    key: str | None = None,
    names: Sequence[NameSpec],
    form_of_address: str = "",
    represents: PartnerOrganization | None = None,
    contacts: Sequence[ContactSpec] = (),
    user: Any = None,
    by: Actor,
) -> Person:
    errors = Errors()
    _check_names(errors, names)
    _check_contacts(errors, contacts)
    if user is not None:
        _check_user_free(errors, user, person=None)
    person = Person(
        key=key or _free_person_key(slugify(_display_name(names))[:80] or "person"),
        form_of_address=form_of_address,
        represents=represents,
        user=user,
        display_name=_display_name(names),
    )
    # The display name is a copy of a name, which _check_names measured at its own place.
    errors.check(person, exclude=("display_name",))
    save_checked(person)
    _write_names_and_contacts(person, names, contacts)
    audit_record(by=by, action="person.created", obj=person, after=_person_snapshot(person))
    return person


def _names_after(
    errors: Errors,
    current: dict[str, tuple[str, bool]],
    names_set: Sequence[NameSpec],
    names_remove: Collection[str],
) -> dict[str, tuple[str, bool]]:
    """The names a person has once ``names_remove`` (languages) are removed and ``names_set``
    are added or changed (by language); the others stay as they are."""
    after = {lang: value for lang, value in current.items() if lang not in names_remove}
    given: set[str] = set()
    for spec in names_set:
        if spec.language in given:
            errors.add("names", msg.DUPLICATE_NAME_LANGUAGE.format(language=spec.language))
        given.add(spec.language)
        if spec.is_display:
            after = {lang: (name, False) for lang, (name, _shown) in after.items()}
        after[spec.language] = (spec.full_name.strip(), spec.is_display)
    if len(after) == 1:
        ((lang, (name, _shown)),) = after.items()
        after[lang] = (name, True)
    _check_names(errors, [NameSpec(lang, name, shown) for lang, (name, shown) in after.items()])
    return after


def _write_names(person: Person, after: dict[str, tuple[str, bool]]) -> bool:
    """Make the person's names ``after``, touching only the rows that differ. Whether any did."""
    rows = {n.language: n for n in person.names.all()}
    gone = [n.pk for lang, n in rows.items() if lang not in after]
    changed = [
        (rows[lang], name, shown)
        for lang, (name, shown) in after.items()
        if lang in rows and (rows[lang].full_name, rows[lang].is_display) != (name, shown)
    ]
    new = [(lang, name, shown) for lang, (name, shown) in after.items() if lang not in rows]
    if gone:
        PersonName.objects.filter(pk__in=gone).delete()
    # Unmark first: one name per person is shown, and the database checks it on every row.
    for row, name, shown in sorted(changed, key=lambda change: change[2]):
        row.full_name, row.is_display = name, shown
        row.save(update_fields=["full_name", "is_display"])
    PersonName.objects.bulk_create(
        PersonName(person=person, language=lang, full_name=name, is_display=shown)
        for lang, name, shown in new
    )
    return bool(gone or changed or new)


def _write_contacts(
    person: Person,
    contacts_add: Sequence[ContactSpec],
    contacts_remove: Sequence[ContactSpec],
) -> bool:
    """Remove and add contacts by (kind, value); the others stay. Whether any row changed."""
    current = {(c.kind, c.value): c.pk for c in person.contacts.all()}
    removing = {(c.kind, c.value.strip()) for c in contacts_remove}
    adding = {(c.kind, c.value.strip()) for c in contacts_add} - (set(current) - removing)
    gone = [pk for pair, pk in current.items() if pair in removing - adding]
    if gone:
        Contact.objects.filter(pk__in=gone).delete()
    Contact.objects.bulk_create(
        Contact(person=person, kind=kind, value=value)
        for kind, value in sorted(adding - set(current))
    )
    return bool(gone or (adding - set(current)))


@transaction.atomic
def person_update(
    *,
    person: Person,
    names: Sequence[NameSpec] | None = None,
    contacts: Sequence[ContactSpec] | None = None,
    names_set: Sequence[NameSpec] = (),
    names_remove: Collection[str] = (),
    contacts_add: Sequence[ContactSpec] = (),
    contacts_remove: Sequence[ContactSpec] = (),
    by: Actor,
    **changes: Unpack[PersonChanges],
) -> Person:
    """Change what is given, leave the rest alone, write nothing if nothing changes.

    Names change by language: ``names_set`` adds or changes them, ``names_remove`` removes
    languages; contacts by (kind, value): ``contacts_add``, ``contacts_remove``. ``names`` and
    ``contacts``, when given, are the whole new list (what is not in it is removed)."""
    current = {n.language: (n.full_name, n.is_display) for n in person.names.all()}
    if names is not None:
        if names_set or names_remove:
            raise TypeError("Give either names or names_set/names_remove, not both.")
        names_set, names_remove = names, set(current) - {n.language for n in names}
    if contacts is not None:
        if contacts_add or contacts_remove:
            raise TypeError("Give either contacts or contacts_add/contacts_remove, not both.")
        contacts_add = contacts
        contacts_remove = [ContactSpec(c.kind, c.value) for c in person.contacts.all()]
    # Edits of one person take turns: names and contacts are rewritten from what is read.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    before = _person_snapshot(person)
    errors = Errors()
    after = _names_after(errors, current, names_set, names_remove)
    _check_contacts(errors, contacts_add)
    changed = apply_changes(person, changes, PersonChanges)
    display = _display_name([NameSpec(lang, n, shown) for lang, (n, shown) in after.items()])
    if display != person.display_name:
        person.display_name = display
        changed.append("display_name")
    errors.check(person, exclude=("display_name",))
    if changed:
        person.save(update_fields=changed)
    names_changed = _write_names(person, after) if after != current else False
    contacts_changed = _write_contacts(person, contacts_add, contacts_remove)
    if not (changed or names_changed or contacts_changed):
        return person
    audit_record(
        by=by, action="person.updated", obj=person, before=before, after=_person_snapshot(person)
    )
    return person


def _check_user_free(errors: Errors, user: Any, *, person: Person | None) -> None:
    """A log-in account belongs to one person at most."""
    holders = Person.objects.filter(user=user)
    if person is not None:
        holders = holders.exclude(pk=person.pk)
    holder = holders.first()
    if holder is not None:
        errors.add("user", msg.ACCOUNT_LINKED_ELSEWHERE.format(person=holder.display_name))


@transaction.atomic
def person_link_user(*, person: Person, user: Any, by: Actor) -> Person:
    """Link ``person`` to a log-in account (made by the access context)."""
    errors = Errors()
    _check_user_free(errors, user, person=person)
    if errors.by_field:
        errors.check(person)
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
    name_translations: dict[str, str] | None = None,
    short_name_translations: dict[str, str] | None = None,
    by: Actor,
) -> PartnerOrganization:
    partner = PartnerOrganization(
        key=key,
        name=name,
        short_name=short_name,
        country=country.upper(),
        description=description,
        name_translations=dict(name_translations or {}),
        short_name_translations=dict(short_name_translations or {}),
    )
    errors = Errors()
    translations_check(errors, partner)
    errors.check(partner)
    save_checked(partner)
    audit_record(by=by, action="partner_organization.created", obj=partner, after=snapshot(partner))
    return partner


@transaction.atomic
def partner_organization_update(
    *, partner: PartnerOrganization, by: Actor, **changes: Unpack[PartnerOrganizationChanges]
) -> PartnerOrganization:
    """Change the fields given; changing none of them writes nothing."""
    before = snapshot(partner)
    if "country" in changes:
        changes["country"] = changes["country"].upper()
    if not apply_changes(partner, changes, PartnerOrganizationChanges):
        return partner
    errors = Errors()
    translations_check(errors, partner, before=before)
    errors.check(partner)
    save_checked(partner)
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
    # The person row is locked first (select_for_update on PostgreSQL; SQLite's IMMEDIATE
    # transactions serialize writers), so two overlapping memberships cannot be stored at once.
    Person.objects.select_for_update().filter(pk=membership.person_id).first()
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
    by: Actor,
) -> Membership:
    membership = Membership(
        person=person, branch=branch, starts_on=starts_on, expires_on=expires_on, ends_on=ends_on
    )
    errors = Errors()
    _check_membership(errors, membership)
    errors.check(membership)
    save_checked(membership)
    audit_record(by=by, action="membership.started", obj=membership, after=snapshot(membership))
    return membership


@transaction.atomic
def membership_update(
    *, membership: Membership, by: Actor, **changes: Unpack[MembershipChanges]
) -> Membership:
    """Renew (a later paid-up date), end (a last day) or correct a membership. Changing nothing
    writes nothing."""
    before = snapshot(membership)
    if not apply_changes(membership, changes, MembershipChanges):
        return membership
    errors = Errors()
    _check_membership(errors, membership)
    errors.check(membership)
    save_checked(membership)
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
    *,
    key: str,
    name: str,
    single_holder: bool = False,
    rank: int = 100,
    name_translations: dict[str, str] | None = None,
    by: Actor,
) -> Position:
    position = Position(
        key=key,
        name=name,
        single_holder=single_holder,
        rank=rank,
        name_translations=dict(name_translations or {}),
    )
    errors = Errors()
    translations_check(errors, position)
    errors.check(position)
    save_checked(position)
    audit_record(by=by, action="position.created", obj=position, after=snapshot(position))
    return position


@transaction.atomic
def position_update(
    *, position: Position, by: Actor, **changes: Unpack[PositionChanges]
) -> Position:
    """Change the fields given; changing none of them writes nothing."""
    before = snapshot(position)
    if not apply_changes(position, changes, PositionChanges):
        return position
    errors = Errors()
    translations_check(errors, position, before=before)
    errors.check(position)
    save_checked(position)
    audit_record(
        by=by, action="position.updated", obj=position, before=before, after=snapshot(position)
    )
    return position


@transaction.atomic
def duty_create(
    *, key: str, name: str, name_translations: dict[str, str] | None = None, by: Actor
) -> Duty:
    duty = Duty(key=key, name=name, name_translations=dict(name_translations or {}))
    errors = Errors()
    translations_check(errors, duty)
    errors.check(duty)
    save_checked(duty)
    audit_record(by=by, action="duty.created", obj=duty, after=snapshot(duty))
    return duty


@transaction.atomic
def duty_update(*, duty: Duty, by: Actor, **changes: Unpack[DutyChanges]) -> Duty:
    """Change the name; the same name writes nothing."""
    before = snapshot(duty)
    if not apply_changes(duty, changes, DutyChanges):
        return duty
    errors = Errors()
    translations_check(errors, duty, before=before)
    errors.check(duty)
    save_checked(duty)
    audit_record(by=by, action="duty.updated", obj=duty, before=before, after=snapshot(duty))
    return duty


def _check_appointment(errors: Errors, appointment: Appointment) -> None:
    # The body row is locked first (select_for_update on PostgreSQL; SQLite's IMMEDIATE
    # transactions serialize writers), so neither a rival chair nor a mandate change
    # (body_update, which takes the same lock in mandate_guard) slips in between the checks
    # and the write; the mandate is read from the locked row.
    body: Body = Body.objects.select_for_update().get(pk=appointment.body_id)
    appointment.body = body
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


def _named(appointments: Sequence[Appointment]) -> str:
    return "; ".join(
        msg.APPOINTMENT_NAMED.format(
            person=a.person.display_name,
            position=a.position.name,
            starts_on=a.starts_on.isoformat(),
        )
        for a in appointments
    )


def mandate_guard(
    *, body: Body, end_outside: bool, errors: Errors, by: Actor
) -> Callable[[], None] | None:
    """The mandate guard people registers with organizations (``organizations.mandates``):
    ``body`` carries its new, unsaved mandate. Appointments starting outside it are refused;
    those running past its new end are refused too, or, with ``end_outside``, ended on its last
    day once the body is saved (each through ``appointment_end``: audited, same transaction).
    Open-ended appointments need nothing: they end with the mandate (``Appointment.last_day``)."""
    if body.pk is None:
        return None
    # The same lock appointment_make takes: no appointment is made while the mandate changes.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    appointments = list(
        Appointment.objects.filter(body=body)
        .select_related("person", "position")
        .order_by("starts_on", "id")
    )
    start, end = body.starts_on, body.ends_on
    early = [a for a in appointments if start is not None and a.starts_on < start]
    if early and start is not None:
        errors.add(
            "starts_on",
            msg.APPOINTMENTS_BEFORE_MANDATE.format(
                mandate_start=start.isoformat(), appointments=_named(early)
            ),
        )
    if end is None:
        return None
    late = [a for a in appointments if a.starts_on > end]
    if late:
        errors.add(
            "ends_on",
            msg.APPOINTMENTS_AFTER_MANDATE.format(
                mandate_end=end.isoformat(), appointments=_named(late)
            ),
        )
    past = [
        a for a in appointments if a.starts_on <= end and a.ends_on is not None and a.ends_on > end
    ]
    if not past:
        return None
    if not end_outside:
        errors.add(
            "ends_on",
            msg.APPOINTMENTS_PAST_MANDATE.format(
                mandate_end=end.isoformat(), appointments=_named(past)
            ),
        )
        return None

    def end_them() -> None:
        for appointment in past:
            appointment_end(appointment=appointment, ends_on=end, by=by)

    return end_them


def _check_responsibilities(errors: Errors, responsibilities: Sequence[ResponsibilitySpec]) -> None:
    """Each responsibility's area is a branch, a country or nothing (everywhere), and each is
    given once: the same duty in the same area twice is refused (the database agrees, see
    ``Responsibility``'s ``responsibility_unique``). Errors are keyed by row:
    ``responsibilities.<index>`` (``.country`` for a bad area)."""
    errors.check_count("responsibilities", len(responsibilities), MAX_RESPONSIBILITIES)
    seen: set[tuple[int, int | None, str]] = set()
    for index, spec in enumerate(responsibilities):
        field = f"responsibilities.{index}"
        country = spec.country.upper()
        if spec.branch is not None and spec.country:
            errors.add(f"{field}.country", msg.RESPONSIBILITY_AREA)
        if spec.country and not is_country_code(country):
            errors.add(f"{field}.country", msg.COUNTRY_CODE.format(value=spec.country))
        identity = (spec.duty.pk, spec.branch.pk if spec.branch else None, country)
        if identity in seen:
            area = spec.branch.name if spec.branch else country or msg.EVERYWHERE
            errors.add(field, msg.DUPLICATE_RESPONSIBILITY.format(duty=spec.duty.name, area=area))
        seen.add(identity)


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
    by: Actor,
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
    save_checked(appointment)
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


def _write_responsibilities(
    appointment: Appointment, responsibilities: Sequence[ResponsibilitySpec]
) -> bool:
    """Make the appointment's responsibilities exactly ``responsibilities``, keyed by (duty,
    branch, country): the ones kept are not touched. Whether any row changed."""
    rows = {(r.duty_id, r.branch_id, r.country): r.pk for r in appointment.responsibilities.all()}
    wanted = {
        (s.duty.pk, s.branch.pk if s.branch else None, s.country.upper()) for s in responsibilities
    }
    gone = [pk for ident, pk in rows.items() if ident not in wanted]
    new = sorted(wanted - set(rows), key=str)
    if gone:
        Responsibility.objects.filter(pk__in=gone).delete()
    Responsibility.objects.bulk_create(
        Responsibility(appointment=appointment, duty_id=duty, branch_id=branch, country=country)
        for duty, branch, country in new
    )
    return bool(gone or new)


@transaction.atomic
def appointment_update(
    *,
    appointment: Appointment,
    responsibilities: Sequence[ResponsibilitySpec] | None = None,
    by: Actor,
    **changes: Unpack[AppointmentChanges],
) -> Appointment:
    """Correct an appointment's record: any field (a wrong date, who appointed), and, when
    given, its whole list of responsibilities. Checked as a new appointment is; audited with
    before and after; changing nothing writes nothing. Ending one is ``appointment_end``,
    removing one entered in error ``appointment_void``."""
    before = _appointment_snapshot(appointment)
    changed = apply_changes(appointment, changes, AppointmentChanges)
    errors = Errors()
    if changed:
        _check_appointment(errors, appointment)
    if responsibilities is not None:
        _check_responsibilities(errors, responsibilities)
    errors.check(appointment)
    if changed:
        appointment.save(update_fields=changed)
    areas_changed = (
        _write_responsibilities(appointment, responsibilities)
        if responsibilities is not None
        else False
    )
    if not (changed or areas_changed):
        return appointment
    audit_record(
        by=by,
        action="appointment.updated",
        obj=appointment,
        before=before,
        after=_appointment_snapshot(appointment),
    )
    return appointment


@transaction.atomic
def appointment_end(*, appointment: Appointment, ends_on: dt.date, by: Actor) -> Appointment:
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


@transaction.atomic
def appointment_void(*, appointment: Appointment, reason: str, by: Actor) -> Appointment:
    """Void an appointment entered in error: it leaves the record everywhere (holders, the
    person's positions, the API, the dossier) but stays in the audit log and can be restored.
    Unlike ending it, it never happened."""
    record_void(obj=appointment, reason=reason, errors=Errors(), by=by)
    return appointment


@transaction.atomic
def appointment_restore(*, appointment: Appointment, by: Actor) -> Appointment:
    """Bring a voided appointment back, if it still passes the checks of a new one (a chair
    appointed since may hold the position)."""
    errors = Errors()
    _check_appointment(errors, appointment)
    record_restore(obj=appointment, errors=errors, by=by)
    return appointment


@transaction.atomic
def membership_void(*, membership: Membership, reason: str, by: Actor) -> Membership:
    """Void a membership entered in error: hidden everywhere, kept in the audit log."""
    record_void(obj=membership, reason=reason, errors=Errors(), by=by)
    return membership


@transaction.atomic
def membership_restore(*, membership: Membership, by: Actor) -> Membership:
    errors = Errors()
    _check_membership(errors, membership)
    record_restore(obj=membership, errors=errors, by=by)
    return membership
