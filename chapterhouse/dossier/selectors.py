"""The dossier export: the organization's whole record as plain data, then as YAML.

Deterministic: sections in the order of ``SECTIONS``, rows sorted by key (history by date, then
key; memberships by person, branch and start; branches and bodies as a tree, parents first),
fields in a fixed order, empty optional fields left out. Users, accounts and the audit log are
not part of a dossier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from django.db import connection, transaction

from chapterhouse.calendars.dates import DAY
from chapterhouse.dossier.schema import FORMAT, SECTIONS, VERSION
from chapterhouse.dossier.yamlio import dump
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance, Organization
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

Row = dict[str, Any]


class _Node(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def key(self) -> str: ...
    @property
    def parent_id(self) -> Any: ...


N = TypeVar("N", bound=_Node)


def _compact(row: Row) -> Row:
    """The row without its empty optional fields (None, '', [] or {}); False and 0 stay."""
    return {
        name: value
        for name, value in row.items()
        if not (value is None or (isinstance(value, str | list | dict) and not value))
    }


def _keys(
    model: type[Branch | Body | HistoryEvent | PartnerOrganization | Person],
) -> dict[int, str]:
    return dict(model.objects.values_list("id", "key"))


def _parents_first(nodes: Iterable[N]) -> list[N]:
    """A tree in pre-order: each root by key, then its children by key, depth first."""
    children: dict[Any, list[N]] = defaultdict(list)
    every = list(nodes)
    for node in every:
        children[node.parent_id].append(node)
    ordered: list[N] = []
    stack = sorted(children[None], key=lambda n: n.key, reverse=True)
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(sorted(children[node.pk], key=lambda n: n.key, reverse=True))
    # A cycle written around the services would leave rows unvisited; keep them anyway.
    seen = {node.pk for node in ordered}
    ordered.extend(sorted((n for n in every if n.pk not in seen), key=lambda n: n.key))
    return ordered


def _translations(value: Any) -> dict[str, str]:
    """A ``<field>_translations`` value, languages in alphabetical order."""
    return {code: value[code] for code in sorted(value or {})}


def _organization() -> Row | None:
    organization = Organization.objects.filter(pk=1).first()
    if organization is None:
        return None
    eras = organization.calendar_eras or {}
    return _compact(
        {
            "name": organization.name,
            "name_translations": _translations(organization.name_translations),
            "short_name": organization.short_name,
            "short_name_translations": _translations(organization.short_name_translations),
            "languages": list(organization.languages or []),
            "calendar_eras": {language: list(eras[language]) for language in sorted(eras)},
        }
    )


def _branches() -> list[Row]:
    keys = _keys(Branch)
    return [
        _compact(
            {
                "key": b.key,
                "name": b.name,
                "name_translations": _translations(b.name_translations),
                "parent": keys.get(b.parent_id) if b.parent_id else None,
                "country": b.country,
                "founded_on": b.founded_on,
            }
        )
        for b in _parents_first(Branch.objects.all())
    ]


def _bodies() -> list[Row]:
    keys, branch_keys = _keys(Body), _keys(Branch)
    return [
        _compact(
            {
                "key": b.key,
                "name": b.name,
                "name_translations": _translations(b.name_translations),
                "kind": b.kind,
                "parent": keys.get(b.parent_id) if b.parent_id else None,
                "branch": branch_keys.get(b.branch_id) if b.branch_id else None,
                "starts_on": b.starts_on,
                "ends_on": b.ends_on,
                "visibility": b.visibility,
                "purpose": b.purpose,
                "internal_notes": b.internal_notes,
            }
        )
        for b in _parents_first(Body.objects.all())
    ]


def _history() -> list[Row]:
    body_keys, branch_keys = _keys(Body), _keys(Branch)
    events = sorted(HistoryEvent.objects.all(), key=lambda e: (e.occurred_on, e.key))
    return [
        _compact(
            {
                "key": e.key,
                "kind": e.kind,
                # A day as before; a month or a year as given: "2011-12", "2011".
                "occurred_on": e.occurred_on if e.occurred_precision == DAY else e.occurred.iso(),
                "title": e.title,
                "title_translations": _translations(e.title_translations),
                "description": e.description,
                "branch": branch_keys.get(e.branch_id) if e.branch_id else None,
                "body": body_keys.get(e.body_id) if e.body_id else None,
                "old_name": e.old_name,
                "new_name": e.new_name,
                "decided_by": body_keys.get(e.decided_by_id) if e.decided_by_id else None,
                "decision": e.decision,
            }
        )
        for e in events
    ]


def _observances() -> list[Row]:
    body_keys, event_keys = _keys(Body), _keys(HistoryEvent)
    return [
        _compact(
            {
                "key": o.key,
                "name": o.name,
                "name_translations": _translations(o.name_translations),
                "event": event_keys.get(o.event_id) if o.event_id else None,
                "month": o.month,
                "day": o.day,
                "decided_by": body_keys.get(o.decided_by_id) if o.decided_by_id else None,
                "decided_on": o.decided_on,
                "description": o.description,
            }
        )
        for o in sorted(Observance.objects.all(), key=lambda o: o.key)
    ]


def _partner_organizations() -> list[Row]:
    return [
        _compact(
            {
                "key": p.key,
                "name": p.name,
                "name_translations": _translations(p.name_translations),
                "short_name": p.short_name,
                "short_name_translations": _translations(p.short_name_translations),
                "country": p.country,
                "description": p.description,
            }
        )
        for p in sorted(PartnerOrganization.objects.all(), key=lambda p: p.key)
    ]


def _positions() -> list[Row]:
    return [
        _compact(
            {
                "key": p.key,
                "name": p.name,
                "name_translations": _translations(p.name_translations),
                "single_holder": p.single_holder,
                "rank": p.rank,
            }
        )
        for p in sorted(Position.objects.all(), key=lambda p: p.key)
    ]


def _duties() -> list[Row]:
    return [
        _compact(
            {"key": d.key, "name": d.name, "name_translations": _translations(d.name_translations)}
        )
        for d in sorted(Duty.objects.all(), key=lambda d: d.key)
    ]


def _persons() -> list[Row]:
    partner_keys = _keys(PartnerOrganization)
    names: dict[int, list[Row]] = defaultdict(list)
    for n in sorted(PersonName.objects.all(), key=lambda n: (not n.is_display, n.language)):
        names[n.person_id].append(
            _compact(
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
        _compact(
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


def _memberships() -> list[Row]:
    person_keys, branch_keys = _keys(Person), _keys(Branch)
    rows = [
        _compact(
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


def _appointments() -> list[Row]:
    person_keys, body_keys, branch_keys = _keys(Person), _keys(Body), _keys(Branch)
    position_keys = dict(Position.objects.values_list("id", "key"))
    duty_keys = dict(Duty.objects.values_list("id", "key"))
    areas: dict[int, list[Row]] = defaultdict(list)
    for r in Responsibility.objects.all():
        areas[r.appointment_id].append(
            _compact(
                {
                    "duty": duty_keys[r.duty_id],
                    "branch": branch_keys.get(r.branch_id) if r.branch_id else None,
                    "country": r.country,
                }
            )
        )
    return [
        _compact(
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


EXPORTERS: dict[str, Callable[[], Row | list[Row] | None]] = {
    "organization": _organization,
    "branches": _branches,
    "bodies": _bodies,
    "history": _history,
    "observances": _observances,
    "partner_organizations": _partner_organizations,
    "positions": _positions,
    "duties": _duties,
    "persons": _persons,
    "memberships": _memberships,
    "appointments": _appointments,
}


def dossier_export() -> dict[str, Any]:
    """The whole record as plain data (dates as ``datetime.date``), ready for ``dump``.

    Read in one transaction; on PostgreSQL a repeatable-read one, so that the sections agree
    with each other even while others write."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for name in SECTIONS:
            section = EXPORTERS[name]()
            if section is not None:
                data[name] = section
    return data


def dossier_export_text() -> str:
    """The whole record as the text of a dossier file."""
    return dump(dossier_export())
