"""The people context's dossier sections: partner organizations, positions, duties, persons,
memberships and appointments; their schema fragment is ``dossier.schema.json`` beside this
module.

Each export reads the context's models in a fixed order; each apply writes through the
context's services, with the importer's machinery (``dossier.importer``). Branches and bodies
are named by key: they resolve against the objects the organizations context's sections found
or made earlier in the same import (``Importer.found``). Registered in ``PeopleConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.exporting import Row, compact, keys_by_id
from chapterhouse.dossier.exporting import translations as translations_out
from chapterhouse.dossier.importer import Importer, RowRefs, changes, date, text, translations
from chapterhouse.dossier.registry import Section
from chapterhouse.dossier.yamlio import Path
from chapterhouse.organizations import errors as org_msg
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people import errors as people_msg
from chapterhouse.people.models import (
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
from chapterhouse.people.services import (
    ContactSpec,
    NameSpec,
    ResponsibilitySpec,
    appointment_make,
    appointment_update,
    duty_create,
    duty_update,
    membership_start,
    membership_update,
    partner_organization_create,
    partner_organization_update,
    person_create,
    person_update,
    position_create,
    position_update,
)

# ---- export ---------------------------------------------------------------------------------


def export_partner_organizations() -> list[Row]:
    return [
        compact(
            {
                "key": p.key,
                "name": p.name,
                "name_translations": translations_out(p.name_translations),
                "short_name": p.short_name,
                "short_name_translations": translations_out(p.short_name_translations),
                "country": p.country,
                "description": p.description,
            }
        )
        for p in sorted(PartnerOrganization.objects.all(), key=lambda p: p.key)
    ]


def export_positions() -> list[Row]:
    return [
        compact(
            {
                "key": p.key,
                "name": p.name,
                "name_translations": translations_out(p.name_translations),
                "single_holder": p.single_holder,
                "rank": p.rank,
            }
        )
        for p in sorted(Position.objects.all(), key=lambda p: p.key)
    ]


def export_duties() -> list[Row]:
    return [
        compact(
            {
                "key": d.key,
                "name": d.name,
                "name_translations": translations_out(d.name_translations),
            }
        )
        for d in sorted(Duty.objects.all(), key=lambda d: d.key)
    ]


def export_persons() -> list[Row]:
    partner_keys = keys_by_id(PartnerOrganization.objects.all())
    names: dict[int, list[Row]] = defaultdict(list)
    for n in sorted(PersonName.objects.all(), key=lambda n: (not n.is_display, n.language)):
        names[n.person_id].append(
            compact(
                {
                    "language": n.language,
                    "full_name": n.full_name,
                    "display": True if n.is_display else None,
                }
            )
        )
    contacts: dict[int, list[Row]] = defaultdict(list)
    for c in sorted(Contact.objects.all(), key=lambda c: (c.kind, c.value)):
        contacts[c.person_id].append({"kind": c.kind, "value": c.value})
    return [
        compact(
            {
                "key": p.key,
                "names": names[p.pk],
                "form_of_address": p.form_of_address,
                "represents": partner_keys.get(p.represents_id) if p.represents_id else None,
                "contacts": contacts[p.pk],
            }
        )
        for p in sorted(Person.objects.all(), key=lambda p: p.key)
    ]


def export_memberships() -> list[Row]:
    person_keys = keys_by_id(Person.objects.all())
    branch_keys = keys_by_id(Branch.objects.all())
    rows = [
        compact(
            {
                "person": person_keys[m.person_id],
                "branch": branch_keys.get(m.branch_id) if m.branch_id else None,
                "starts_on": m.starts_on,
                "expires_on": m.expires_on,
                "ends_on": m.ends_on,
            }
        )
        for m in Membership.objects.all()
    ]
    return sorted(rows, key=lambda r: (r["person"], r.get("branch", ""), r["starts_on"]))


def export_appointments() -> list[Row]:
    person_keys = keys_by_id(Person.objects.all())
    body_keys = keys_by_id(Body.objects.all())
    branch_keys = keys_by_id(Branch.objects.all())
    position_keys = keys_by_id(Position.objects.all())
    duty_keys = keys_by_id(Duty.objects.all())
    areas: dict[int, list[Row]] = defaultdict(list)
    for r in Responsibility.objects.all():
        areas[r.appointment_id].append(
            compact(
                {
                    "duty": duty_keys[r.duty_id],
                    "branch": branch_keys.get(r.branch_id) if r.branch_id else None,
                    "country": r.country,
                }
            )
        )
    return [
        compact(
            {
                "key": a.key,
                "person": person_keys[a.person_id],
                "body": body_keys[a.body_id],
                "position": position_keys[a.position_id],
                "title": a.title,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "appointed_by": person_keys.get(a.appointed_by_id) if a.appointed_by_id else None,
                "decided_by": body_keys.get(a.decided_by_id) if a.decided_by_id else None,
                "decision": a.decision,
                "responsibilities": sorted(
                    areas[a.pk],
                    key=lambda r: (r["duty"], r.get("branch", ""), r.get("country", "")),
                ),
            }
        )
        for a in sorted(Appointment.objects.all(), key=lambda a: a.key)
    ]


# ---- apply ----------------------------------------------------------------------------------


def apply_partner_organizations(importer: Importer) -> None:
    section = "partner_organizations"
    partners = importer.found(section, PartnerOrganization)
    partners.update({p.key: p for p in PartnerOrganization.objects.all()})
    rows = importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="partner organization")
    for path, row in rows:
        key: str = row["key"]
        desired: dict[str, Any] = {
            "name": row["name"],
            "short_name": text(row, "short_name"),
            "name_translations": translations(row, "name_translations"),
            "short_name_translations": translations(row, "short_name_translations"),
            "country": text(row, "country"),
            "description": text(row, "description"),
        }
        importer.simple(
            section,
            path,
            key,
            partners,
            desired,
            create=partner_organization_create,
            update=lambda obj, changed: partner_organization_update(
                partner=obj, by=importer.by, **changed
            ),
        )


def apply_positions(importer: Importer) -> None:
    section = "positions"
    positions = importer.found(section, Position)
    positions.update({p.key: p for p in Position.objects.all()})
    for path, row in importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="position"):
        rank = row.get("rank")
        desired: dict[str, Any] = {
            "name": row["name"],
            "name_translations": translations(row, "name_translations"),
            "single_holder": bool(row.get("single_holder")),
            "rank": 100 if rank is None else rank,
        }
        importer.simple(
            section,
            path,
            row["key"],
            positions,
            desired,
            create=position_create,
            update=lambda obj, changed: position_update(position=obj, by=importer.by, **changed),
        )


def apply_duties(importer: Importer) -> None:
    section = "duties"
    duties = importer.found(section, Duty)
    duties.update({d.key: d for d in Duty.objects.all()})
    for path, row in importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="duty"):
        importer.simple(
            section,
            path,
            row["key"],
            duties,
            {
                "name": row["name"],
                "name_translations": translations(row, "name_translations"),
            },
            create=duty_create,
            update=lambda obj, changed: duty_update(duty=obj, by=importer.by, **changed),
        )


def apply_persons(importer: Importer) -> None:
    section = "persons"
    importer.found(section, Person).update({p.key: p for p in Person.objects.all()})
    names: dict[int, list[tuple[str, str, bool]]] = defaultdict(list)
    for n in PersonName.objects.all():
        names[n.person_id].append((n.language, n.full_name, n.is_display))
    contacts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for c in Contact.objects.all():
        contacts[c.person_id].append((c.kind, c.value))
    for path, row in importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="person"):
        _apply_person(importer, path, row, names, contacts)


def _apply_person(
    importer: Importer,
    path: Path,
    row: Row,
    names: Mapping[int, list[tuple[str, str, bool]]],
    contacts: Mapping[int, list[tuple[str, str]]],
) -> None:
    section = "persons"
    refs = RowRefs(importer)
    represents = refs.get(
        importer.found("partner_organizations", PartnerOrganization),
        "partner_organizations",
        row.get("represents"),
        (*path, "represents"),
        people_msg.UNKNOWN_PARTNER,
    )
    name_specs = [
        NameSpec(n["language"], n["full_name"], bool(n.get("display"))) for n in row["names"]
    ]
    contact_specs = [ContactSpec(c["kind"], c["value"]) for c in row.get("contacts") or []]
    seen: set[tuple[str, str]] = set()
    for index, spec in enumerate(contact_specs):
        pair = (spec.kind, spec.value.strip())
        if pair in seen:
            refs.failed = True
            importer.problem(
                (*path, "contacts", index),
                msg.DUPLICATE_CONTACT.format(kind=spec.kind, value=spec.value),
            )
        seen.add(pair)
    if refs.failed:
        return importer.give_up(section, row)
    key: str = row["key"]
    desired: dict[str, Any] = {
        "form_of_address": text(row, "form_of_address"),
        "represents": represents,
    }
    # Stored as the services store them: trimmed, and a lone name is the one shown.
    single = len(name_specs) == 1
    wanted_names = sorted(
        (n.language, n.full_name.strip(), n.is_display or single) for n in name_specs
    )
    wanted_contacts = sorted(seen)

    def changes_of(person: Person) -> dict[str, Any]:
        changed = changes(person, desired)
        if sorted(names.get(person.pk, [])) != wanted_names:
            changed["names"] = name_specs
        if sorted(contacts.get(person.pk, [])) != wanted_contacts:
            changed["contacts"] = contact_specs
        return changed

    importer.upsert(
        section=section,
        path=path,
        ident=key,
        registry=importer.found(section, Person),
        changes_of=changes_of,
        create=lambda: person_create(
            key=key, names=name_specs, contacts=contact_specs, by=importer.by, **desired
        ),
        update=lambda obj, changed: person_update(person=obj, by=importer.by, **changed),
        fields={"display_name": "names"},
    )


MembershipIdent = tuple[int, int | None, dt.date]


def apply_memberships(importer: Importer) -> None:
    existing: dict[MembershipIdent, Membership] = {
        (m.person_id, m.branch_id, m.starts_on): m for m in Membership.objects.all()
    }
    in_file: set[tuple[str, str | None, str]] = set()
    for path, row in importer.rows("memberships"):
        ident = (row["person"], row.get("branch"), row["starts_on"])
        if ident in in_file:
            importer.problem(
                (*path, "starts_on"),
                msg.DUPLICATE_MEMBERSHIP.format(
                    person=row["person"],
                    scope=row.get("branch") or "the organization",
                    starts_on=row["starts_on"],
                ),
            )
            continue
        in_file.add(ident)
        _apply_membership(importer, path, row, existing)


def _apply_membership(
    importer: Importer,
    path: Path,
    row: Row,
    existing: dict[MembershipIdent, Membership],
) -> None:
    section = "memberships"
    refs = RowRefs(importer)
    person = refs.get(
        importer.found("persons", Person),
        "persons",
        row["person"],
        (*path, "person"),
        people_msg.UNKNOWN_PERSON,
    )
    branch = refs.get(
        importer.found("branches", Branch),
        "branches",
        row.get("branch"),
        (*path, "branch"),
        org_msg.UNKNOWN_BRANCH,
    )
    if refs.failed or person is None:
        return
    starts_on = date(row["starts_on"])
    assert starts_on is not None  # noqa: S101 (required by the schema)
    desired: dict[str, Any] = {
        "expires_on": date(row.get("expires_on")),
        "ends_on": date(row.get("ends_on")),
    }
    importer.upsert(
        section=section,
        path=path,
        ident=(person.pk, branch.pk if branch else None, starts_on),
        registry=existing,
        changes_of=lambda obj: changes(obj, desired),
        create=lambda: membership_start(
            person=person, branch=branch, starts_on=starts_on, by=importer.by, **desired
        ),
        update=lambda obj, changed: membership_update(membership=obj, by=importer.by, **changed),
    )


def apply_appointments(importer: Importer) -> None:
    existing = {a.key: a for a in Appointment.objects.all()}
    areas: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for r in Responsibility.objects.all():
        areas[r.appointment_id].append((r.duty_id, r.branch_id or 0, r.country))
    rows = importer.keyed_rows("appointments", taken=org_msg.KEY_TAKEN, kind="appointment")
    # Earlier appointments first, so a chair who follows another passes the one-holder check.
    for path, row in sorted(rows, key=lambda path_row: str(path_row[1]["starts_on"])):
        _apply_appointment(importer, path, row, existing, areas)


def _apply_appointment(
    importer: Importer,
    path: Path,
    row: Row,
    existing: dict[str, Appointment],
    areas: Mapping[int, list[tuple[int, int, str]]],
) -> None:
    section = "appointments"
    persons = importer.found("persons", Person)
    bodies = importer.found("bodies", Body)
    branches = importer.found("branches", Branch)
    refs = RowRefs(importer)
    person = refs.get(
        persons, "persons", row["person"], (*path, "person"), people_msg.UNKNOWN_PERSON
    )
    body = refs.get(bodies, "bodies", row["body"], (*path, "body"), org_msg.UNKNOWN_BODY)
    position = refs.get(
        importer.found("positions", Position),
        "positions",
        row["position"],
        (*path, "position"),
        people_msg.UNKNOWN_POSITION,
    )
    appointed_by = refs.get(
        persons,
        "persons",
        row.get("appointed_by"),
        (*path, "appointed_by"),
        people_msg.UNKNOWN_PERSON,
    )
    decided_by = refs.get(
        bodies, "bodies", row.get("decided_by"), (*path, "decided_by"), org_msg.UNKNOWN_BODY
    )
    duties = importer.found("duties", Duty)
    specs: list[ResponsibilitySpec] = []
    for index, item in enumerate(row.get("responsibilities") or []):
        where: Path = (*path, "responsibilities", index)
        duty = refs.get(duties, "duties", item["duty"], (*where, "duty"), people_msg.UNKNOWN_DUTY)
        area = refs.get(
            branches, "branches", item.get("branch"), (*where, "branch"), org_msg.UNKNOWN_BRANCH
        )
        if duty is not None:
            spec = ResponsibilitySpec(duty=duty, branch=area, country=text(item, "country"))
            if spec in specs:
                refs.failed = True
                importer.problem(where, msg.DUPLICATE_RESPONSIBILITY)
            specs.append(spec)
    if refs.failed:
        return importer.give_up(section, row)
    key: str = row["key"]
    desired: dict[str, Any] = {
        "person": person,
        "body": body,
        "position": position,
        "title": text(row, "title"),
        "starts_on": date(row["starts_on"]),
        "ends_on": date(row.get("ends_on")),
        "appointed_by": appointed_by,
        "decided_by": decided_by,
        "decision": text(row, "decision"),
    }
    wanted_areas = sorted((s.duty.pk, s.branch.pk if s.branch else 0, s.country) for s in specs)

    def changes_of(appointment: Appointment) -> dict[str, Any]:
        changed = changes(appointment, desired)
        if sorted(areas.get(appointment.pk, [])) != wanted_areas:
            changed["responsibilities"] = specs
        return changed

    importer.upsert(
        section=section,
        path=path,
        ident=key,
        registry=existing,
        changes_of=changes_of,
        create=lambda: appointment_make(key=key, responsibilities=specs, by=importer.by, **desired),
        update=lambda obj, changed: appointment_update(appointment=obj, by=importer.by, **changed),
    )


# In the order they are written and applied: a section refers only to earlier ones (and to
# the organizations context's, registered before these).
SECTIONS = (
    Section("partner_organizations", export_partner_organizations, apply_partner_organizations),
    Section("positions", export_positions, apply_positions),
    Section("duties", export_duties, apply_duties),
    Section("persons", export_persons, apply_persons),
    Section("memberships", export_memberships, apply_memberships),
    Section("appointments", export_appointments, apply_appointments),
)
