"""Every write to the organization, its branches, bodies, history and observances."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chapterhouse.access.services import record_restore, record_void
from chapterhouse.calendars.dates import PartialDate
from chapterhouse.calendars.eras import check_systems
from chapterhouse.core.audit import audit_record, snapshot
from chapterhouse.core.changes import apply_changes
from chapterhouse.core.errors import Errors, save_checked
from chapterhouse.organizations import errors as msg
from chapterhouse.organizations.mandates import mandate_guards_run
from chapterhouse.organizations.models import (
    Body,
    Branch,
    DatePrecision,
    EventKind,
    HistoryEvent,
    Observance,
    Organization,
)
from chapterhouse.organizations.translations import translation_languages, translations_check

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor


class BranchChanges(TypedDict, total=False):
    """The fields ``branch_update`` changes; a field left out is left alone."""

    name: str
    parent: Branch | None
    country: str
    founded_on: dt.date | None
    name_translations: dict[str, str]


class BodyChanges(TypedDict, total=False):
    name: str
    kind: str
    parent: Body | None
    branch: Branch | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    purpose: str
    visibility: str
    internal_notes: str
    name_translations: dict[str, str]


class HistoryEventChanges(TypedDict, total=False):
    kind: str
    occurred_on: dt.date | PartialDate
    occurred_precision: str
    title: str
    description: str
    branch: Branch | None
    body: Body | None
    old_name: str
    new_name: str
    decided_by: Body | None
    decision: str
    title_translations: dict[str, str]


class ObservanceChanges(TypedDict, total=False):
    name: str
    event: HistoryEvent | None
    month: int | None
    day: int | None
    decided_by: Body | None
    decided_on: dt.date | None
    description: str
    name_translations: dict[str, str]


@transaction.atomic
def organization_set(
    *,
    name: str,
    short_name: str = "",
    languages: list[str] | None = None,
    calendar_eras: dict[str, list[str]] | None = None,
    name_translations: dict[str, str] | None = None,
    short_name_translations: dict[str, str] | None = None,
    by: Actor,
) -> Organization:
    """Create or update the installation's one organization; setting what is already there
    writes nothing."""
    organization = Organization.objects.select_for_update().filter(pk=1).first() or Organization(
        pk=1
    )
    before = snapshot(organization) if organization.name else None
    organization.name = name
    organization.short_name = short_name
    organization.languages = list(languages or [])
    organization.calendar_eras = dict(calendar_eras or {})
    organization.name_translations = dict(name_translations or {})
    organization.short_name_translations = dict(short_name_translations or {})
    errors = Errors()
    translations_check(
        errors,
        organization,
        before=before,
        languages=translation_languages(organization.languages),
    )
    known_languages = {code for code, _name in settings.LANGUAGES}
    # Each known language at most once: the lists are as long as the site has languages.
    errors.check_count("languages", len(organization.languages), len(known_languages))
    errors.check_count("calendar_eras", len(organization.calendar_eras), len(known_languages) + 1)
    for language in organization.languages:
        if language not in known_languages:
            errors.add("languages", msg.UNKNOWN_LANGUAGE.format(language=language))
    for scope, systems in organization.calendar_eras.items():
        if scope != "default" and scope not in known_languages:
            errors.add("calendar_eras", msg.UNKNOWN_LANGUAGE.format(language=scope))
        try:
            organization.calendar_eras[scope] = list(check_systems(systems))
        except ValueError as error:
            errors.add("calendar_eras", str(error))
    errors.check(organization)
    if before is not None and snapshot(organization) == before:
        return organization  # nothing changed: nothing is written
    save_checked(organization)
    audit_record(
        by=by,
        action="organization.updated" if before else "organization.created",
        obj=organization,
        before=before,
        after=snapshot(organization),
    )
    return organization


def _check_parent(errors: Errors, *, instance: Branch | Body, parent: Branch | Body | None) -> None:
    if instance.pk is not None and parent is not None:
        # Two re-parentings at once (A under B, B under A) would each see no cycle: they take
        # turns on the rows of the tree, locked in one order (no deadlock), and read it afresh.
        model = type(instance)
        list(model.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        parent = model.objects.filter(pk=parent.pk).first()
    node = parent
    while node is not None:
        if instance.pk is not None and node.pk == instance.pk:
            errors.add("parent", msg.PARENT_CYCLE.format(name=instance.name or instance.key))
            return
        node = node.parent


@transaction.atomic
def branch_create(
    *,
    key: str,
    name: str,
    parent: Branch | None = None,
    country: str = "",
    founded_on: dt.date | None = None,
    name_translations: dict[str, str] | None = None,
    by: Actor,
) -> Branch:
    branch = Branch(
        key=key,
        name=name,
        name_translations=dict(name_translations or {}),
        parent=parent,
        country=country.upper(),
        founded_on=founded_on,
    )
    errors = Errors()
    translations_check(errors, branch)
    _check_parent(errors, instance=branch, parent=parent)
    errors.check(branch)
    save_checked(branch)
    audit_record(by=by, action="branch.created", obj=branch, after=snapshot(branch))
    return branch


@transaction.atomic
def branch_update(*, branch: Branch, by: Actor, **changes: Unpack[BranchChanges]) -> Branch:
    """Change the fields given; changing none of them writes nothing."""
    before = snapshot(branch)
    if "country" in changes:
        changes["country"] = (changes["country"] or "").upper()
    if not apply_changes(branch, changes, BranchChanges):
        return branch
    errors = Errors()
    translations_check(errors, branch, before=before)
    if "parent" in changes:
        _check_parent(errors, instance=branch, parent=changes["parent"])
    errors.check(branch)
    save_checked(branch)
    audit_record(by=by, action="branch.updated", obj=branch, before=before, after=snapshot(branch))
    return branch


def _check_body(errors: Errors, body: Body) -> None:
    if body.starts_on and body.ends_on and body.ends_on < body.starts_on:
        errors.add(
            "ends_on",
            msg.MANDATE_ENDS_BEFORE_START.format(
                ends_on=body.ends_on.isoformat(), starts_on=body.starts_on.isoformat()
            ),
        )
    _check_parent(errors, instance=body, parent=body.parent)


@transaction.atomic
def body_create(
    *,
    key: str,
    name: str,
    kind: str,
    parent: Body | None = None,
    branch: Branch | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    purpose: str = "",
    visibility: str = "public",
    internal_notes: str = "",
    name_translations: dict[str, str] | None = None,
    by: Actor,
) -> Body:
    body = Body(
        key=key,
        name=name,
        name_translations=dict(name_translations or {}),
        kind=kind,
        parent=parent,
        branch=branch,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose=purpose,
        visibility=visibility,
        internal_notes=internal_notes,
    )
    errors = Errors()
    translations_check(errors, body)
    _check_body(errors, body)
    errors.check(body)
    save_checked(body)
    audit_record(by=by, action="body.created", obj=body, after=snapshot(body))
    return body


@transaction.atomic
def body_update(
    *,
    body: Body,
    end_appointments_outside: bool = False,
    by: Actor,
    **changes: Unpack[BodyChanges],
) -> Body:
    """Change the fields given; changing none of them writes nothing. A new mandate that would
    leave records outside it (appointments running past its end) is refused naming them, or,
    with ``end_appointments_outside``, those ending too late are ended on its last day in this
    same transaction (see ``mandates``)."""
    before = snapshot(body)
    if not apply_changes(body, changes, BodyChanges):
        return body
    errors = Errors()
    translations_check(errors, body, before=before)
    _check_body(errors, body)
    after_save = mandate_guards_run(
        body=body, end_outside=end_appointments_outside, errors=errors, by=by
    )
    errors.check(body)
    save_checked(body)
    audit_record(by=by, action="body.updated", obj=body, before=before, after=snapshot(body))
    for action in after_save:
        action()
    return body


def _check_event(errors: Errors, event: HistoryEvent) -> None:
    if event.branch_id is not None and event.body_id is not None:
        errors.add("body", msg.EVENT_TWO_SUBJECTS)
    if event.kind == EventKind.RENAMED and not event.new_name:
        errors.add("new_name", msg.RENAME_NEEDS_NEW_NAME)
    if event.occurred_precision not in DatePrecision.values:
        errors.add(
            "occurred_precision",
            msg.BAD_PRECISION.format(date=event.occurred_on, precision=event.occurred_precision),
        )
    elif isinstance(event.occurred_on, dt.date):
        try:
            PartialDate(event.occurred_on, event.occurred_precision)
        except ValueError:
            errors.add(
                "occurred_on",
                msg.BAD_PRECISION.format(
                    date=event.occurred_on.isoformat(), precision=event.occurred_precision
                ),
            )
        if event.pk is not None and event.occurred_precision != DatePrecision.DAY:
            kept = list(Observance.objects.filter(event=event).values_list("name", flat=True))
            if kept:
                errors.add("occurred_on", msg.EVENT_KEEPS_OBSERVANCES.format(names=", ".join(kept)))
    today = timezone.localdate()
    if isinstance(event.occurred_on, dt.date) and event.occurred_on > today:
        errors.add(
            "occurred_on",
            msg.EVENT_IN_FUTURE.format(date=event.occurred_on.isoformat(), today=today.isoformat()),
        )


def _follow_rename(event: HistoryEvent) -> None:
    """A renaming of the organization that is its latest one sets the current name."""
    if event.kind != EventKind.RENAMED or event.branch_id or event.body_id:
        return
    # Renamings recorded at once take turns on the organization row, so the later-dated one
    # wins whichever commits first.
    Organization.objects.select_for_update().filter(pk=1).first()
    latest = (
        HistoryEvent.objects.filter(kind=EventKind.RENAMED, branch__isnull=True, body__isnull=True)
        .order_by("-occurred_on", "-id")
        .first()
    )
    if latest is not None and latest.pk == event.pk:
        # The translations named the old name: readers get the new original until translated.
        Organization.objects.filter(pk=1).exclude(name=event.new_name).update(
            name=event.new_name, name_translations={}
        )


def _split_partial(changes: HistoryEventChanges) -> None:
    """A PartialDate given as ``occurred_on`` sets the day and the precision."""
    given = changes.get("occurred_on")
    if isinstance(given, PartialDate):
        changes["occurred_on"] = given.start
        changes["occurred_precision"] = given.precision


@transaction.atomic
def history_event_record(
    *,
    key: str,
    kind: str,
    occurred_on: dt.date | PartialDate,
    title: str,
    description: str = "",
    branch: Branch | None = None,
    body: Body | None = None,
    old_name: str = "",
    new_name: str = "",
    decided_by: Body | None = None,
    decision: str = "",
    title_translations: dict[str, str] | None = None,
    occurred_precision: str = DatePrecision.DAY,
    by: Actor,
) -> HistoryEvent:
    """Record an event. ``occurred_on`` is a day, or a PartialDate (a day, a month or a year,
    which then sets ``occurred_precision``); it may not lie after today."""
    if isinstance(occurred_on, PartialDate):
        day, precision = occurred_on.start, occurred_on.precision
    else:
        day, precision = occurred_on, occurred_precision
    event = HistoryEvent(
        key=key,
        kind=kind,
        occurred_on=day,
        occurred_precision=precision,
        title=title,
        title_translations=dict(title_translations or {}),
        description=description,
        branch=branch,
        body=body,
        old_name=old_name,
        new_name=new_name,
        decided_by=decided_by,
        decision=decision,
    )
    errors = Errors()
    translations_check(errors, event)
    _check_event(errors, event)
    errors.check(event)
    save_checked(event)
    _follow_rename(event)
    audit_record(by=by, action="history_event.recorded", obj=event, after=snapshot(event))
    return event


@transaction.atomic
def history_event_update(
    *, event: HistoryEvent, by: Actor, **changes: Unpack[HistoryEventChanges]
) -> HistoryEvent:
    """Correct the fields given; changing none of them writes nothing."""
    before = snapshot(event)
    _split_partial(changes)
    if not apply_changes(event, changes, HistoryEventChanges):
        return event
    errors = Errors()
    translations_check(errors, event, before=before)
    _check_event(errors, event)
    errors.check(event)
    save_checked(event)
    _follow_rename(event)
    audit_record(
        by=by, action="history_event.updated", obj=event, before=before, after=snapshot(event)
    )
    return event


def _check_observance(errors: Errors, observance: Observance) -> None:
    event = observance.event if observance.event_id is not None else None
    if event is not None and event.voided_at is not None:
        errors.add("event", msg.OBSERVANCE_EVENT_VOIDED.format(event=event.title))
    given = observance.month is not None or observance.day is not None
    if (observance.event_id is None) == (not given):
        errors.add("event", msg.OBSERVANCE_DAY)
        return
    if observance.event is not None and observance.event.occurred_precision != DatePrecision.DAY:
        errors.add(
            "event",
            msg.OBSERVANCE_NEEDS_A_DAY.format(
                title=observance.event.title, date=observance.event.occurred.iso()
            ),
        )
    if observance.event_id is None:
        month, day = observance.month or 0, observance.day or 0
        # 2024 is a leap year, so 29 February counts as a day of the year.
        if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]):
            errors.add("day", msg.BAD_MONTH_DAY.format(month=month, day=day))


@transaction.atomic
def observance_create(
    *,
    key: str,
    name: str,
    event: HistoryEvent | None = None,
    month: int | None = None,
    day: int | None = None,
    decided_by: Body | None = None,
    decided_on: dt.date | None = None,
    description: str = "",
    name_translations: dict[str, str] | None = None,
    by: Actor,
) -> Observance:
    observance = Observance(
        key=key,
        name=name,
        name_translations=dict(name_translations or {}),
        event=event,
        month=month,
        day=day,
        decided_by=decided_by,
        decided_on=decided_on,
        description=description,
    )
    errors = Errors()
    translations_check(errors, observance)
    _check_observance(errors, observance)
    errors.check(observance)
    save_checked(observance)
    audit_record(by=by, action="observance.created", obj=observance, after=snapshot(observance))
    return observance


@transaction.atomic
def observance_update(
    *, observance: Observance, by: Actor, **changes: Unpack[ObservanceChanges]
) -> Observance:
    """Correct the fields given; changing none of them writes nothing."""
    before = snapshot(observance)
    if not apply_changes(observance, changes, ObservanceChanges):
        return observance
    errors = Errors()
    translations_check(errors, observance, before=before)
    _check_observance(errors, observance)
    errors.check(observance)
    save_checked(observance)
    audit_record(
        by=by,
        action="observance.updated",
        obj=observance,
        before=before,
        after=snapshot(observance),
    )
    return observance


@transaction.atomic
def history_event_void(*, event: HistoryEvent, reason: str, by: Actor) -> HistoryEvent:
    """Void an event entered in error: hidden everywhere (its anniversaries too), kept in the
    audit log, restorable. An observance kept on its day must be changed or voided first."""
    errors = Errors()
    kept = [o.name for o in Observance.objects.filter(event=event)]
    if kept:
        errors.add("reason", msg.EVENT_HAS_OBSERVANCES.format(names=", ".join(kept)))
    record_void(obj=event, reason=reason, errors=errors, by=by)
    return event


@transaction.atomic
def history_event_restore(*, event: HistoryEvent, by: Actor) -> HistoryEvent:
    errors = Errors()
    _check_event(errors, event)
    record_restore(obj=event, errors=errors, by=by)
    _follow_rename(event)
    return event


@transaction.atomic
def observance_void(*, observance: Observance, reason: str, by: Actor) -> Observance:
    """Void an observance entered in error: hidden everywhere (the calendar feed too)."""
    record_void(obj=observance, reason=reason, errors=Errors(), by=by)
    return observance


@transaction.atomic
def observance_restore(*, observance: Observance, by: Actor) -> Observance:
    errors = Errors()
    _check_observance(errors, observance)
    record_restore(obj=observance, errors=errors, by=by)
    return observance
