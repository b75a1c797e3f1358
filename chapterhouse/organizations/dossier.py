"""The organizations context's dossier sections: the organization, branches, bodies, history
and observances; their schema fragment is ``dossier.schema.json`` beside this module.

Each export reads the context's models in a fixed order; each apply writes through the
context's services, with the importer's machinery (``dossier.importer``). Registered in
``OrganizationsConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from chapterhouse.calendars.dates import DAY, DateParseError
from chapterhouse.dossier.exporting import Row, compact, keys_by_id, parents_first
from chapterhouse.dossier.exporting import translations as translations_out
from chapterhouse.dossier.importer import (
    Importer,
    RowRefs,
    changes,
    date,
    partial_date,
    text,
    translations,
)
from chapterhouse.dossier.registry import Section
from chapterhouse.dossier.yamlio import Path
from chapterhouse.organizations import errors as org_msg
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance, Organization
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

# ---- export ---------------------------------------------------------------------------------


def export_organization() -> Row | None:
    organization = Organization.objects.filter(pk=1).first()
    if organization is None:
        return None
    eras = organization.calendar_eras or {}
    return compact(
        {
            "name": organization.name,
            "name_translations": translations_out(organization.name_translations),
            "short_name": organization.short_name,
            "short_name_translations": translations_out(organization.short_name_translations),
            "languages": list(organization.languages or []),
            "calendar_eras": {language: list(eras[language]) for language in sorted(eras)},
        }
    )


def export_branches() -> list[Row]:
    keys = keys_by_id(Branch.objects.all())
    return [
        compact(
            {
                "key": b.key,
                "name": b.name,
                "name_translations": translations_out(b.name_translations),
                "parent": keys.get(b.parent_id) if b.parent_id else None,
                "country": b.country,
                "founded_on": b.founded_on,
            }
        )
        for b in parents_first(Branch.objects.all())
    ]


def export_bodies() -> list[Row]:
    keys, branch_keys = keys_by_id(Body.objects.all()), keys_by_id(Branch.objects.all())
    return [
        compact(
            {
                "key": b.key,
                "name": b.name,
                "name_translations": translations_out(b.name_translations),
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
        for b in parents_first(Body.objects.all())
    ]


def export_history() -> list[Row]:
    body_keys, branch_keys = keys_by_id(Body.objects.all()), keys_by_id(Branch.objects.all())
    events = sorted(HistoryEvent.objects.all(), key=lambda e: (e.occurred_on, e.key))
    return [
        compact(
            {
                "key": e.key,
                "kind": e.kind,
                # A day as before; a month or a year as given: "2011-12", "2011".
                "occurred_on": e.occurred_on if e.occurred_precision == DAY else e.occurred.iso(),
                "title": e.title,
                "title_translations": translations_out(e.title_translations),
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


def export_observances() -> list[Row]:
    body_keys = keys_by_id(Body.objects.all())
    event_keys = keys_by_id(HistoryEvent.objects.all())
    return [
        compact(
            {
                "key": o.key,
                "name": o.name,
                "name_translations": translations_out(o.name_translations),
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


# ---- apply ----------------------------------------------------------------------------------


def apply_organization(importer: Importer) -> None:
    row = importer.single("organization")
    if row is None:
        return
    desired: dict[str, Any] = {
        "name": row["name"],
        "short_name": text(row, "short_name"),
        "name_translations": translations(row, "name_translations"),
        "short_name_translations": translations(row, "short_name_translations"),
        "languages": list(row.get("languages") or []),
        "calendar_eras": {k: list(v) for k, v in (row.get("calendar_eras") or {}).items()},
    }
    current = organization_get()
    if current.pk is not None and not changes(current, desired):
        importer.counts["organization"].unchanged += 1
        return
    made = importer.write(
        ("organization",),
        "organization",
        None,
        lambda: organization_set(by=importer.by, **desired),
        instance=current,
    )
    if made is not None:
        counts = importer.counts["organization"]
        if current.pk is None:
            counts.created += 1
        else:
            counts.updated += 1


def apply_branches(importer: Importer) -> None:
    section = "branches"
    importer.found(section, Branch).update({b.key: b for b in Branch.objects.all()})
    rows = importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="branch")
    for path, row in importer.parents_first(section, rows, cycle=org_msg.PARENT_CYCLE):
        _apply_branch(importer, path, row)


def _apply_branch(importer: Importer, path: Path, row: Row) -> None:
    section = "branches"
    branches = importer.found(section, Branch)
    refs = RowRefs(importer)
    parent = refs.get(
        branches, section, row.get("parent"), (*path, "parent"), org_msg.UNKNOWN_BRANCH
    )
    if refs.failed:
        return importer.give_up(section, row)
    key: str = row["key"]
    desired: dict[str, Any] = {
        "name": row["name"],
        "name_translations": translations(row, "name_translations"),
        "parent": parent,
        "country": text(row, "country"),
        "founded_on": date(row.get("founded_on")),
    }
    importer.upsert(
        section=section,
        path=path,
        ident=key,
        registry=branches,
        changes_of=lambda obj: changes(obj, desired),
        create=lambda: branch_create(key=key, by=importer.by, **desired),
        update=lambda obj, changed: branch_update(branch=obj, by=importer.by, **changed),
    )


def apply_bodies(importer: Importer) -> None:
    section = "bodies"
    importer.found(section, Body).update({b.key: b for b in Body.objects.all()})
    rows = importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="body")
    for path, row in importer.parents_first(section, rows, cycle=org_msg.PARENT_CYCLE):
        _apply_body(importer, path, row)


def _apply_body(importer: Importer, path: Path, row: Row) -> None:
    section = "bodies"
    bodies = importer.found(section, Body)
    refs = RowRefs(importer)
    parent = refs.get(bodies, section, row.get("parent"), (*path, "parent"), org_msg.UNKNOWN_BODY)
    branch = refs.get(
        importer.found("branches", Branch),
        "branches",
        row.get("branch"),
        (*path, "branch"),
        org_msg.UNKNOWN_BRANCH,
    )
    if refs.failed:
        return importer.give_up(section, row)
    key: str = row["key"]
    desired: dict[str, Any] = {
        "name": row["name"],
        "name_translations": translations(row, "name_translations"),
        "kind": row["kind"],
        "parent": parent,
        "branch": branch,
        "starts_on": date(row.get("starts_on")),
        "ends_on": date(row.get("ends_on")),
        "purpose": text(row, "purpose"),
        "visibility": row.get("visibility") or "public",
        "internal_notes": text(row, "internal_notes"),
    }
    importer.upsert(
        section=section,
        path=path,
        ident=key,
        registry=bodies,
        changes_of=lambda obj: changes(obj, desired),
        create=lambda: body_create(key=key, by=importer.by, **desired),
        update=lambda obj, changed: body_update(body=obj, by=importer.by, **changed),
    )


def apply_history(importer: Importer) -> None:
    section = "history"
    importer.found(section, HistoryEvent).update({e.key: e for e in HistoryEvent.objects.all()})
    for path, row in importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="history event"):
        _apply_event(importer, path, row)


def _apply_event(importer: Importer, path: Path, row: Row) -> None:
    section = "history"
    bodies = importer.found("bodies", Body)
    refs = RowRefs(importer)
    branch = refs.get(
        importer.found("branches", Branch),
        "branches",
        row.get("branch"),
        (*path, "branch"),
        org_msg.UNKNOWN_BRANCH,
    )
    body = refs.get(bodies, "bodies", row.get("body"), (*path, "body"), org_msg.UNKNOWN_BODY)
    decided_by = refs.get(
        bodies, "bodies", row.get("decided_by"), (*path, "decided_by"), org_msg.UNKNOWN_BODY
    )
    try:
        occurred = partial_date(row["occurred_on"])
    except DateParseError as error:
        importer.problem((*path, "occurred_on"), str(error))
        return importer.give_up(section, row)
    if refs.failed:
        return importer.give_up(section, row)
    key: str = row["key"]
    desired: dict[str, Any] = {
        "kind": row["kind"],
        "occurred_on": occurred.start,
        "occurred_precision": occurred.precision,
        "title": row["title"],
        "title_translations": translations(row, "title_translations"),
        "description": text(row, "description"),
        "branch": branch,
        "body": body,
        "old_name": text(row, "old_name"),
        "new_name": text(row, "new_name"),
        "decided_by": decided_by,
        "decision": text(row, "decision"),
    }
    importer.upsert(
        section=section,
        path=path,
        ident=key,
        registry=importer.found(section, HistoryEvent),
        changes_of=lambda obj: changes(obj, desired),
        create=lambda: history_event_record(key=key, by=importer.by, **desired),
        update=lambda obj, changed: history_event_update(event=obj, by=importer.by, **changed),
    )


def apply_observances(importer: Importer) -> None:
    section = "observances"
    importer.found(section, Observance).update({o.key: o for o in Observance.objects.all()})
    for path, row in importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="observance"):
        _apply_observance(importer, path, row)


def _apply_observance(importer: Importer, path: Path, row: Row) -> None:
    section = "observances"
    refs = RowRefs(importer)
    event = refs.get(
        importer.found("history", HistoryEvent),
        "history",
        row.get("event"),
        (*path, "event"),
        org_msg.UNKNOWN_EVENT,
    )
    decided_by = refs.get(
        importer.found("bodies", Body),
        "bodies",
        row.get("decided_by"),
        (*path, "decided_by"),
        org_msg.UNKNOWN_BODY,
    )
    if refs.failed:
        return importer.give_up(section, row)
    key: str = row["key"]
    desired: dict[str, Any] = {
        "name": row["name"],
        "name_translations": translations(row, "name_translations"),
        "event": event,
        "month": row.get("month"),
        "day": row.get("day"),
        "decided_by": decided_by,
        "decided_on": date(row.get("decided_on")),
        "description": text(row, "description"),
    }
    importer.upsert(
        section=section,
        path=path,
        ident=key,
        registry=importer.found(section, Observance),
        changes_of=lambda obj: changes(obj, desired),
        create=lambda: observance_create(key=key, by=importer.by, **desired),
        update=lambda obj, changed: observance_update(observance=obj, by=importer.by, **changed),
    )


# In the order they are written and applied: a section refers only to earlier ones.
SECTIONS = (
    Section("organization", export_organization, apply_organization),
    Section("branches", export_branches, apply_branches),
    Section("bodies", export_bodies, apply_bodies),
    Section("history", export_history, apply_history),
    Section("observances", export_observances, apply_observances),
)
