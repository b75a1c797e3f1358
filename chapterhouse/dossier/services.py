"""The dossier import: a whole record read from one YAML file, all or nothing.

The file is parsed, checked against the JSON Schema, then every row is matched to the database
by its key (memberships by person, branch and start) and applied through the services of the
organizations and people contexts, inside one transaction. Every error is collected with its
place in the file; each row runs in its own savepoint so that one bad row does not hide the
errors of the next. If there was any error (or on a dry run) the whole transaction is rolled
back: nothing is written, not even an audit row.

A row whose values equal the database's is not written at all, so importing the same file again
changes nothing. Objects in the database that the file does not mention are left alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey, Model

from chapterhouse.calendars.dates import (
    DateParseError,
    PartialDate,
    parse_date,
    parse_partial_date,
)
from chapterhouse.core.text import hostile_text
from chapterhouse.core.translations import normalize_language
from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.schema import SECTIONS, Checked, check
from chapterhouse.dossier.yamlio import DossierSyntaxError, Loaded, Path, Problem, load
from chapterhouse.organizations import errors as org_msg
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance
from chapterhouse.organizations.selectors import organization_get
from chapterhouse.organizations.services import (
    body_create,
    body_update,
    branch_create,
    branch_update,
    history_event_record,
    history_event_update,
    observance_create,
    observance_update,
    organization_set,
)
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

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor


M = TypeVar("M", bound=Model)
K = TypeVar("K", bound=Hashable)
Row = dict[str, Any]

# What one object of each keyed section is called in messages.
KINDS = {
    "branches": "branch",
    "bodies": "body",
    "history": "history event",
    "observances": "observance",
    "partner_organizations": "partner organization",
    "positions": "position",
    "duties": "duty",
    "persons": "person",
    "appointments": "appointment",
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """What an import did (or, on a dry run or with errors, would have done)."""

    problems: list[Problem]
    counts: dict[str, Counts] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


class _RollbackError(Exception):
    """Raised inside the import's transaction to undo everything."""


def dossier_import(*, text: str, by: Actor, dry_run: bool = False) -> ImportReport:
    """Import a dossier; on any error (or a dry run) nothing is written. The report lists every
    error with its place in the file, and how many objects were (or would be) created, updated
    and left unchanged in each section."""
    try:
        loaded = load(text)
    except DossierSyntaxError as error:
        return ImportReport(problems=[error.problem], dry_run=dry_run)
    checked = check(loaded)
    if not checked.usable:
        return ImportReport(problems=checked.problems, dry_run=dry_run)
    hostile = [loaded.problem(path, problem) for path, problem in hostile_text(loaded.data)]
    if hostile:  # NUL or lone surrogates: refused before any query meets them
        problems = sorted([*checked.problems, *hostile], key=lambda p: p.line or 0)
        return ImportReport(problems=problems, dry_run=dry_run)
    importer = _Importer(loaded=loaded, checked=checked, by=by)
    try:
        with transaction.atomic():
            importer.run()
            if importer.problems or dry_run:
                raise _RollbackError
    except _RollbackError:
        pass
    problems = sorted(importer.problems, key=lambda p: p.line or 0)
    return ImportReport(problems=problems, counts=importer.counts, dry_run=dry_run)


def _partial_date(value: str | int) -> PartialDate:
    """A day, a month or a year the schema has already checked ("2011-12-05", "2011-12",
    "2011" or 2011), read by the parser every edge uses."""
    return parse_partial_date(str(value), language="en")


def _date(value: str | None) -> dt.date | None:
    """A date the schema has already checked (ISO), read by the parser every edge uses; or None."""
    return parse_date(value, language="en") if value else None


def _text(row: Row, name: str) -> str:
    return str(row.get(name) or "")


def _translations(row: Row, name: str) -> dict[str, str]:
    """A ``<field>_translations`` mapping, language codes as stored (``zh-Hans`` is
    ``zh-hans``); the services check the rest. None if left out."""
    given = row.get(name) or {}
    return {normalize_language(code): text for code, text in given.items()}


def _field_path(field: str) -> Path:
    """A service's dotted field (``name_translations.ko``) as a place in the file."""
    return tuple(int(part) if part.isdigit() else part for part in field.split("."))


def _changes(instance: Model, desired: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``desired`` whose values differ from the instance's (relations by id)."""
    changes: dict[str, Any] = {}
    for name, value in desired.items():
        model_field = instance._meta.get_field(name)
        if isinstance(model_field, ForeignKey):
            current = getattr(instance, model_field.attname)
            wanted = value.pk if value is not None else None
        else:
            current, wanted = getattr(instance, name), value
        if current != wanted:
            changes[name] = value
    return changes


class _RowRefs:
    """Resolves one row's references, recording each unknown key as an error."""

    def __init__(self, importer: _Importer) -> None:
        self.importer = importer
        self.failed = False

    def get(
        self, registry: Mapping[str, M], section: str, key: Any, path: Path, message: str
    ) -> M | None:
        if key is None:
            return None
        found = registry.get(key)
        if found is None:
            self.failed = True
            # A reference to a row that failed already is not an error of its own.
            if key not in self.importer.broken[section]:
                self.importer.problem(path, message.format(key=key))
        return found


class _Importer:
    def __init__(self, *, loaded: Loaded, checked: Checked, by: Actor) -> None:
        self.loaded = loaded
        self.checked = checked
        self.by = by
        self.problems: list[Problem] = list(checked.problems)
        self._reported: set[Problem] = set(self.problems)
        self.counts: dict[str, Counts] = {}
        # Keys of rows that could not be applied, per section.
        self.broken: dict[str, set[str]] = defaultdict(set)
        self.branches: dict[str, Branch] = {}
        self.bodies: dict[str, Body] = {}
        self.events: dict[str, HistoryEvent] = {}
        self.observances: dict[str, Observance] = {}
        self.partners: dict[str, PartnerOrganization] = {}
        self.positions: dict[str, Position] = {}
        self.duties: dict[str, Duty] = {}
        self.persons: dict[str, Person] = {}

    # ---- plumbing ----------------------------------------------------------------------------

    def run(self) -> None:
        for section in SECTIONS:
            self.counts[section] = Counts()
            APPLIERS[section](self)

    def problem(self, path: Path, message: str) -> None:
        problem = self.loaded.problem(path, message)
        if problem not in self._reported:
            self._reported.add(problem)
            self.problems.append(problem)

    def rows(self, section: str) -> list[tuple[Path, Row]]:
        """The section's rows that passed the schema check, with their paths."""
        value = self.loaded.data.get(section)
        if not isinstance(value, list) or self.checked.is_rejected((section,)):
            return []
        usable: list[tuple[Path, Row]] = []
        for index, row in enumerate(value):
            path: Path = (section, index)
            if self.checked.is_rejected(path):
                if isinstance(row, dict) and isinstance(row.get("key"), str):
                    self.broken[section].add(row["key"])
                continue
            usable.append((path, row))
        return usable

    def keyed_rows(self, section: str) -> list[tuple[Path, Row]]:
        """The section's usable rows; a key given a second time is an error."""
        seen: set[str] = set()
        usable: list[tuple[Path, Row]] = []
        for path, row in self.rows(section):
            if row["key"] in seen:
                self.problem(
                    (*path, "key"), org_msg.KEY_TAKEN.format(key=row["key"], kind=KINDS[section])
                )
                continue
            seen.add(row["key"])
            usable.append((path, row))
        return usable

    def parents_first(self, section: str, rows: list[tuple[Path, Row]]) -> list[tuple[Path, Row]]:
        """Rows reordered so that a parent given in the file comes before its children; rows
        whose parents go round in a circle are errors."""
        by_key = {row["key"]: (path, row) for path, row in rows}
        done: set[str] = set()
        ordered: list[tuple[Path, Row]] = []
        for _, row in rows:
            chain: list[str] = []
            key: Any = row["key"]
            while key in by_key and key not in done and key not in chain:
                chain.append(key)
                key = by_key[key][1].get("parent")
            if key in chain:
                start = chain.index(key)
                for looped in chain[start:]:
                    path, looped_row = by_key[looped]
                    self.problem(
                        (*path, "parent"), org_msg.PARENT_CYCLE.format(name=looped_row["name"])
                    )
                    self.broken[section].add(looped)
                    done.add(looped)
                chain = chain[:start]
            for key in reversed(chain):
                ordered.append(by_key[key])
                done.add(key)
        return ordered

    def write(
        self,
        path: Path,
        section: str,
        key: str | None,
        work: Callable[[], M],
        *,
        fields: Mapping[str, str] | None = None,
        instance: Model | None = None,
    ) -> M | None:
        """Run one service call in a savepoint; record its errors at their fields' paths."""
        try:
            with transaction.atomic():
                return work()
        except ValidationError as error:
            self.validation_problems(path, error, fields or {})
        except IntegrityError as error:
            self.problem(path, msg.CONFLICT.format(detail=error))
        if key is not None:
            self.broken[section].add(key)
        if instance is not None and instance.pk is not None:
            instance.refresh_from_db()  # the service changed it in memory before it refused
        return None

    def validation_problems(
        self, path: Path, error: ValidationError, fields: Mapping[str, str]
    ) -> None:
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.problem(path, message)
            return
        for name, messages in error.message_dict.items():
            # A field of a row in a list (names.1.full_name) is a place in that list.
            first, *rest = name.split(".")
            inner = tuple(int(part) if part.isdigit() else part for part in rest)
            where = path if name == NON_FIELD_ERRORS else (*path, fields.get(first, first), *inner)
            for message in messages:
                self.problem(where, message)

    def upsert(
        self,
        *,
        section: str,
        path: Path,
        ident: K,
        registry: dict[K, M],
        changes_of: Callable[[M], dict[str, Any]],
        create: Callable[[], M],
        update: Callable[[M, dict[str, Any]], M],
        fields: Mapping[str, str] | None = None,
    ) -> None:
        """Create the object, update its changed fields, or leave it alone if nothing changed."""
        key = ident if isinstance(ident, str) else None
        counts = self.counts[section]
        existing = registry.get(ident)
        if existing is None:
            made = self.write(path, section, key, create, fields=fields)
            if made is not None:
                registry[ident] = made
                counts.created += 1
            return
        changes = changes_of(existing)
        if not changes:
            counts.unchanged += 1
            return
        done = self.write(
            path,
            section,
            key,
            lambda: update(existing, changes),
            fields=fields,
            instance=existing,
        )
        if done is not None:
            counts.updated += 1

    def give_up(self, section: str, row: Row) -> None:
        if isinstance(row.get("key"), str):
            self.broken[section].add(row["key"])

    # ---- sections, in the order of SECTIONS -------------------------------------------------

    def apply_organization(self) -> None:
        row = self.loaded.data.get("organization")
        if not isinstance(row, dict) or self.checked.is_rejected(("organization",)):
            return
        desired: dict[str, Any] = {
            "name": row["name"],
            "short_name": _text(row, "short_name"),
            "name_translations": _translations(row, "name_translations"),
            "short_name_translations": _translations(row, "short_name_translations"),
            "languages": list(row.get("languages") or []),
            "calendar_eras": {k: list(v) for k, v in (row.get("calendar_eras") or {}).items()},
        }
        current = organization_get()
        if current.pk is not None and not _changes(current, desired):
            self.counts["organization"].unchanged += 1
            return
        made = self.write(
            ("organization",),
            "organization",
            None,
            lambda: organization_set(by=self.by, **desired),
            instance=current,
        )
        if made is not None:
            counts = self.counts["organization"]
            if current.pk is None:
                counts.created += 1
            else:
                counts.updated += 1

    def apply_branches(self) -> None:
        section = "branches"
        self.branches = {b.key: b for b in Branch.objects.all()}
        for path, row in self.parents_first(section, self.keyed_rows(section)):
            self.apply_branch(path, row)

    def apply_branch(self, path: Path, row: Row) -> None:
        section = "branches"
        refs = _RowRefs(self)
        parent = refs.get(
            self.branches, section, row.get("parent"), (*path, "parent"), org_msg.UNKNOWN_BRANCH
        )
        if refs.failed:
            return self.give_up(section, row)
        key: str = row["key"]
        desired: dict[str, Any] = {
            "name": row["name"],
            "name_translations": _translations(row, "name_translations"),
            "parent": parent,
            "country": _text(row, "country"),
            "founded_on": _date(row.get("founded_on")),
        }
        self.upsert(
            section=section,
            path=path,
            ident=key,
            registry=self.branches,
            changes_of=lambda obj: _changes(obj, desired),
            create=lambda: branch_create(key=key, by=self.by, **desired),
            update=lambda obj, changes: branch_update(branch=obj, by=self.by, **changes),
        )

    def apply_bodies(self) -> None:
        section = "bodies"
        self.bodies = {b.key: b for b in Body.objects.all()}
        for path, row in self.parents_first(section, self.keyed_rows(section)):
            self.apply_body(path, row)

    def apply_body(self, path: Path, row: Row) -> None:
        section = "bodies"
        refs = _RowRefs(self)
        parent = refs.get(
            self.bodies, section, row.get("parent"), (*path, "parent"), org_msg.UNKNOWN_BODY
        )
        branch = refs.get(
            self.branches, "branches", row.get("branch"), (*path, "branch"), org_msg.UNKNOWN_BRANCH
        )
        if refs.failed:
            return self.give_up(section, row)
        key: str = row["key"]
        desired: dict[str, Any] = {
            "name": row["name"],
            "name_translations": _translations(row, "name_translations"),
            "kind": row["kind"],
            "parent": parent,
            "branch": branch,
            "starts_on": _date(row.get("starts_on")),
            "ends_on": _date(row.get("ends_on")),
            "purpose": _text(row, "purpose"),
            "visibility": row.get("visibility") or "public",
            "internal_notes": _text(row, "internal_notes"),
        }
        self.upsert(
            section=section,
            path=path,
            ident=key,
            registry=self.bodies,
            changes_of=lambda obj: _changes(obj, desired),
            create=lambda: body_create(key=key, by=self.by, **desired),
            update=lambda obj, changes: body_update(body=obj, by=self.by, **changes),
        )

    def apply_history(self) -> None:
        self.events = {e.key: e for e in HistoryEvent.objects.all()}
        for path, row in self.keyed_rows("history"):
            self.apply_event(path, row)

    def apply_event(self, path: Path, row: Row) -> None:
        section = "history"
        refs = _RowRefs(self)
        branch = refs.get(
            self.branches, "branches", row.get("branch"), (*path, "branch"), org_msg.UNKNOWN_BRANCH
        )
        body = refs.get(
            self.bodies, "bodies", row.get("body"), (*path, "body"), org_msg.UNKNOWN_BODY
        )
        decided_by = refs.get(
            self.bodies,
            "bodies",
            row.get("decided_by"),
            (*path, "decided_by"),
            org_msg.UNKNOWN_BODY,
        )
        try:
            occurred = _partial_date(row["occurred_on"])
        except DateParseError as error:
            self.problem((*path, "occurred_on"), str(error))
            return self.give_up(section, row)
        if refs.failed:
            return self.give_up(section, row)
        key: str = row["key"]
        desired: dict[str, Any] = {
            "kind": row["kind"],
            "occurred_on": occurred.start,
            "occurred_precision": occurred.precision,
            "title": row["title"],
            "title_translations": _translations(row, "title_translations"),
            "description": _text(row, "description"),
            "branch": branch,
            "body": body,
            "old_name": _text(row, "old_name"),
            "new_name": _text(row, "new_name"),
            "decided_by": decided_by,
            "decision": _text(row, "decision"),
        }
        self.upsert(
            section=section,
            path=path,
            ident=key,
            registry=self.events,
            changes_of=lambda obj: _changes(obj, desired),
            create=lambda: history_event_record(key=key, by=self.by, **desired),
            update=lambda obj, changes: history_event_update(event=obj, by=self.by, **changes),
        )

    def apply_observances(self) -> None:
        self.observances = {o.key: o for o in Observance.objects.all()}
        for path, row in self.keyed_rows("observances"):
            self.apply_observance(path, row)

    def apply_observance(self, path: Path, row: Row) -> None:
        section = "observances"
        refs = _RowRefs(self)
        event = refs.get(
            self.events, "history", row.get("event"), (*path, "event"), org_msg.UNKNOWN_EVENT
        )
        decided_by = refs.get(
            self.bodies,
            "bodies",
            row.get("decided_by"),
            (*path, "decided_by"),
            org_msg.UNKNOWN_BODY,
        )
        if refs.failed:
            return self.give_up(section, row)
        key: str = row["key"]
        desired: dict[str, Any] = {
            "name": row["name"],
            "name_translations": _translations(row, "name_translations"),
            "event": event,
            "month": row.get("month"),
            "day": row.get("day"),
            "decided_by": decided_by,
            "decided_on": _date(row.get("decided_on")),
            "description": _text(row, "description"),
        }
        self.upsert(
            section=section,
            path=path,
            ident=key,
            registry=self.observances,
            changes_of=lambda obj: _changes(obj, desired),
            create=lambda: observance_create(key=key, by=self.by, **desired),
            update=lambda obj, changes: observance_update(observance=obj, by=self.by, **changes),
        )

    def apply_partner_organizations(self) -> None:
        section = "partner_organizations"
        self.partners = {p.key: p for p in PartnerOrganization.objects.all()}
        for path, row in self.keyed_rows(section):
            key: str = row["key"]
            desired: dict[str, Any] = {
                "name": row["name"],
                "short_name": _text(row, "short_name"),
                "name_translations": _translations(row, "name_translations"),
                "short_name_translations": _translations(row, "short_name_translations"),
                "country": _text(row, "country"),
                "description": _text(row, "description"),
            }
            self.apply_simple(
                section,
                path,
                key,
                self.partners,
                desired,
                create=partner_organization_create,
                update=lambda obj, changes: partner_organization_update(
                    partner=obj, by=self.by, **changes
                ),
            )

    def apply_positions(self) -> None:
        section = "positions"
        self.positions = {p.key: p for p in Position.objects.all()}
        for path, row in self.keyed_rows(section):
            rank = row.get("rank")
            desired: dict[str, Any] = {
                "name": row["name"],
                "name_translations": _translations(row, "name_translations"),
                "single_holder": bool(row.get("single_holder")),
                "rank": 100 if rank is None else rank,
            }
            self.apply_simple(
                section,
                path,
                row["key"],
                self.positions,
                desired,
                create=position_create,
                update=lambda obj, changes: position_update(position=obj, by=self.by, **changes),
            )

    def apply_duties(self) -> None:
        section = "duties"
        self.duties = {d.key: d for d in Duty.objects.all()}
        for path, row in self.keyed_rows(section):
            self.apply_simple(
                section,
                path,
                row["key"],
                self.duties,
                {
                    "name": row["name"],
                    "name_translations": _translations(row, "name_translations"),
                },
                create=duty_create,
                update=lambda obj, changes: duty_update(duty=obj, by=self.by, **changes),
            )

    def apply_simple(
        self,
        section: str,
        path: Path,
        key: str,
        registry: dict[str, M],
        desired: dict[str, Any],
        *,
        create: Callable[..., M],
        update: Callable[[M, dict[str, Any]], M],
    ) -> None:
        """A row without references: its fields go to the create or update service as they are."""
        self.upsert(
            section=section,
            path=path,
            ident=key,
            registry=registry,
            changes_of=lambda obj: _changes(obj, desired),
            create=lambda: create(key=key, by=self.by, **desired),
            update=update,
        )

    def apply_persons(self) -> None:
        self.persons = {p.key: p for p in Person.objects.all()}
        names: dict[int, list[tuple[str, str, bool]]] = defaultdict(list)
        for n in PersonName.objects.all():
            names[n.person_id].append((n.language, n.full_name, n.is_display))
        contacts: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for c in Contact.objects.all():
            contacts[c.person_id].append((c.kind, c.value))
        for path, row in self.keyed_rows("persons"):
            self.apply_person(path, row, names, contacts)

    def apply_person(
        self,
        path: Path,
        row: Row,
        names: Mapping[int, list[tuple[str, str, bool]]],
        contacts: Mapping[int, list[tuple[str, str]]],
    ) -> None:
        section = "persons"
        refs = _RowRefs(self)
        represents = refs.get(
            self.partners,
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
                self.problem(
                    (*path, "contacts", index),
                    msg.DUPLICATE_CONTACT.format(kind=spec.kind, value=spec.value),
                )
            seen.add(pair)
        if refs.failed:
            return self.give_up(section, row)
        key: str = row["key"]
        desired: dict[str, Any] = {
            "form_of_address": _text(row, "form_of_address"),
            "represents": represents,
        }
        # Stored as the services store them: trimmed, and a lone name is the one shown.
        single = len(name_specs) == 1
        wanted_names = sorted(
            (n.language, n.full_name.strip(), n.is_display or single) for n in name_specs
        )
        wanted_contacts = sorted(seen)

        def changes_of(person: Person) -> dict[str, Any]:
            changes = _changes(person, desired)
            if sorted(names.get(person.pk, [])) != wanted_names:
                changes["names"] = name_specs
            if sorted(contacts.get(person.pk, [])) != wanted_contacts:
                changes["contacts"] = contact_specs
            return changes

        self.upsert(
            section=section,
            path=path,
            ident=key,
            registry=self.persons,
            changes_of=changes_of,
            create=lambda: person_create(
                key=key, names=name_specs, contacts=contact_specs, by=self.by, **desired
            ),
            update=lambda obj, changes: person_update(person=obj, by=self.by, **changes),
            fields={"display_name": "names"},
        )

    def apply_memberships(self) -> None:
        existing: dict[tuple[int, int | None, dt.date], Membership] = {
            (m.person_id, m.branch_id, m.starts_on): m for m in Membership.objects.all()
        }
        in_file: set[tuple[str, str | None, str]] = set()
        for path, row in self.rows("memberships"):
            ident = (row["person"], row.get("branch"), row["starts_on"])
            if ident in in_file:
                self.problem(
                    (*path, "starts_on"),
                    msg.DUPLICATE_MEMBERSHIP.format(
                        person=row["person"],
                        scope=row.get("branch") or "the organization",
                        starts_on=row["starts_on"],
                    ),
                )
                continue
            in_file.add(ident)
            self.apply_membership(path, row, existing)

    def apply_membership(
        self,
        path: Path,
        row: Row,
        existing: dict[tuple[int, int | None, dt.date], Membership],
    ) -> None:
        section = "memberships"
        refs = _RowRefs(self)
        person = refs.get(
            self.persons, "persons", row["person"], (*path, "person"), people_msg.UNKNOWN_PERSON
        )
        branch = refs.get(
            self.branches, "branches", row.get("branch"), (*path, "branch"), org_msg.UNKNOWN_BRANCH
        )
        if refs.failed or person is None:
            return
        starts_on = _date(row["starts_on"])
        assert starts_on is not None  # noqa: S101 (required by the schema)
        desired: dict[str, Any] = {
            "expires_on": _date(row.get("expires_on")),
            "ends_on": _date(row.get("ends_on")),
        }
        self.upsert(
            section=section,
            path=path,
            ident=(person.pk, branch.pk if branch else None, starts_on),
            registry=existing,
            changes_of=lambda obj: _changes(obj, desired),
            create=lambda: membership_start(
                person=person, branch=branch, starts_on=starts_on, by=self.by, **desired
            ),
            update=lambda obj, changes: membership_update(membership=obj, by=self.by, **changes),
        )

    def apply_appointments(self) -> None:
        existing = {a.key: a for a in Appointment.objects.all()}
        areas: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for r in Responsibility.objects.all():
            areas[r.appointment_id].append((r.duty_id, r.branch_id or 0, r.country))
        rows = self.keyed_rows("appointments")
        # Earlier appointments first, so a chair who follows another passes the one-holder check.
        for path, row in sorted(rows, key=lambda path_row: str(path_row[1]["starts_on"])):
            self.apply_appointment(path, row, existing, areas)

    def apply_appointment(
        self,
        path: Path,
        row: Row,
        existing: dict[str, Appointment],
        areas: Mapping[int, list[tuple[int, int, str]]],
    ) -> None:
        section = "appointments"
        refs = _RowRefs(self)
        person = refs.get(
            self.persons, "persons", row["person"], (*path, "person"), people_msg.UNKNOWN_PERSON
        )
        body = refs.get(self.bodies, "bodies", row["body"], (*path, "body"), org_msg.UNKNOWN_BODY)
        position = refs.get(
            self.positions,
            "positions",
            row["position"],
            (*path, "position"),
            people_msg.UNKNOWN_POSITION,
        )
        appointed_by = refs.get(
            self.persons,
            "persons",
            row.get("appointed_by"),
            (*path, "appointed_by"),
            people_msg.UNKNOWN_PERSON,
        )
        decided_by = refs.get(
            self.bodies,
            "bodies",
            row.get("decided_by"),
            (*path, "decided_by"),
            org_msg.UNKNOWN_BODY,
        )
        specs: list[ResponsibilitySpec] = []
        for index, item in enumerate(row.get("responsibilities") or []):
            where: Path = (*path, "responsibilities", index)
            duty = refs.get(
                self.duties, "duties", item["duty"], (*where, "duty"), people_msg.UNKNOWN_DUTY
            )
            area = refs.get(
                self.branches,
                "branches",
                item.get("branch"),
                (*where, "branch"),
                org_msg.UNKNOWN_BRANCH,
            )
            if duty is not None:
                spec = ResponsibilitySpec(duty=duty, branch=area, country=_text(item, "country"))
                if spec in specs:
                    refs.failed = True
                    self.problem(where, msg.DUPLICATE_RESPONSIBILITY)
                specs.append(spec)
        if refs.failed:
            return self.give_up(section, row)
        key: str = row["key"]
        desired: dict[str, Any] = {
            "person": person,
            "body": body,
            "position": position,
            "title": _text(row, "title"),
            "starts_on": _date(row["starts_on"]),
            "ends_on": _date(row.get("ends_on")),
            "appointed_by": appointed_by,
            "decided_by": decided_by,
            "decision": _text(row, "decision"),
        }
        wanted_areas = sorted((s.duty.pk, s.branch.pk if s.branch else 0, s.country) for s in specs)

        def changes_of(appointment: Appointment) -> dict[str, Any]:
            changes = _changes(appointment, desired)
            if sorted(areas.get(appointment.pk, [])) != wanted_areas:
                changes["responsibilities"] = specs
            return changes

        self.upsert(
            section=section,
            path=path,
            ident=key,
            registry=existing,
            changes_of=changes_of,
            create=lambda: appointment_make(key=key, responsibilities=specs, by=self.by, **desired),
            update=lambda obj, changes: appointment_update(appointment=obj, by=self.by, **changes),
        )


# How each section is applied, in the order of SECTIONS.
APPLIERS: dict[str, Callable[[_Importer], None]] = {
    "organization": _Importer.apply_organization,
    "branches": _Importer.apply_branches,
    "bodies": _Importer.apply_bodies,
    "history": _Importer.apply_history,
    "observances": _Importer.apply_observances,
    "partner_organizations": _Importer.apply_partner_organizations,
    "positions": _Importer.apply_positions,
    "duties": _Importer.apply_duties,
    "persons": _Importer.apply_persons,
    "memberships": _Importer.apply_memberships,
    "appointments": _Importer.apply_appointments,
}
