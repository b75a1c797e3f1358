"""Every write to the organization, its branches, bodies, history and observances."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from chapterhouse.access.services import audit_record, snapshot
from chapterhouse.calendars.eras import check_systems
from chapterhouse.core.errors import Errors
from chapterhouse.organizations import errors as msg
from chapterhouse.organizations.models import (
    Body,
    Branch,
    EventKind,
    HistoryEvent,
    Observance,
    Organization,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def organization_set(
    *,
    name: str,
    short_name: str = "",
    languages: list[str] | None = None,
    calendar_eras: dict[str, list[str]] | None = None,
    by: User,
) -> Organization:
    """Create or update the installation's one organization."""
    organization = Organization.objects.filter(pk=1).first() or Organization(pk=1)
    before = snapshot(organization) if organization.name else None
    organization.name = name
    organization.short_name = short_name
    organization.languages = list(languages or [])
    organization.calendar_eras = dict(calendar_eras or {})
    errors = Errors()
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
    organization.save()
    audit_record(
        by=by,
        action="organization.updated" if before else "organization.created",
        obj=organization,
        before=before,
        after=snapshot(organization),
    )
    return organization


def _check_parent(errors: Errors, *, instance: Branch | Body, parent: Branch | Body | None) -> None:
    node = parent
    while node is not None:
        if instance.pk is not None and node.pk == instance.pk:
            errors.add("parent", msg.PARENT_CYCLE.format(name=instance.name or instance.key))
            return
        node = node.parent


def _apply(instance: Any, changes: dict[str, Any]) -> None:
    for field, value in changes.items():
        setattr(instance, field, value)


@transaction.atomic
def branch_create(
    *,
    key: str,
    name: str,
    parent: Branch | None = None,
    country: str = "",
    founded_on: dt.date | None = None,
    by: User,
) -> Branch:
    branch = Branch(
        key=key, name=name, parent=parent, country=country.upper(), founded_on=founded_on
    )
    errors = Errors()
    _check_parent(errors, instance=branch, parent=parent)
    errors.check(branch)
    branch.save()
    audit_record(by=by, action="branch.created", obj=branch, after=snapshot(branch))
    return branch


@transaction.atomic
def branch_update(*, branch: Branch, by: User, **changes: Any) -> Branch:
    before = snapshot(branch)
    if "country" in changes:
        changes["country"] = (changes["country"] or "").upper()
    _apply(branch, changes)
    errors = Errors()
    if "parent" in changes:
        _check_parent(errors, instance=branch, parent=changes["parent"])
    errors.check(branch)
    branch.save()
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
    by: User,
) -> Body:
    body = Body(
        key=key,
        name=name,
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
    _check_body(errors, body)
    errors.check(body)
    body.save()
    audit_record(by=by, action="body.created", obj=body, after=snapshot(body))
    return body


@transaction.atomic
def body_update(*, body: Body, by: User, **changes: Any) -> Body:
    before = snapshot(body)
    _apply(body, changes)
    errors = Errors()
    _check_body(errors, body)
    errors.check(body)
    body.save()
    audit_record(by=by, action="body.updated", obj=body, before=before, after=snapshot(body))
    return body


def _check_event(errors: Errors, event: HistoryEvent) -> None:
    if event.branch_id is not None and event.body_id is not None:
        errors.add("body", msg.EVENT_TWO_SUBJECTS)
    if event.kind == EventKind.RENAMED and not event.new_name:
        errors.add("new_name", msg.RENAME_NEEDS_NEW_NAME)


def _follow_rename(event: HistoryEvent) -> None:
    """A renaming of the organization that is its latest one sets the current name."""
    if event.kind != EventKind.RENAMED or event.branch_id or event.body_id:
        return
    latest = (
        HistoryEvent.objects.filter(kind=EventKind.RENAMED, branch__isnull=True, body__isnull=True)
        .order_by("-occurred_on", "-id")
        .first()
    )
    if latest is not None and latest.pk == event.pk:
        Organization.objects.filter(pk=1).exclude(name=event.new_name).update(name=event.new_name)


@transaction.atomic
def history_event_record(
    *,
    key: str,
    kind: str,
    occurred_on: dt.date,
    title: str,
    description: str = "",
    branch: Branch | None = None,
    body: Body | None = None,
    old_name: str = "",
    new_name: str = "",
    decided_by: Body | None = None,
    decision: str = "",
    by: User,
) -> HistoryEvent:
    event = HistoryEvent(
        key=key,
        kind=kind,
        occurred_on=occurred_on,
        title=title,
        description=description,
        branch=branch,
        body=body,
        old_name=old_name,
        new_name=new_name,
        decided_by=decided_by,
        decision=decision,
    )
    errors = Errors()
    _check_event(errors, event)
    errors.check(event)
    event.save()
    _follow_rename(event)
    audit_record(by=by, action="history_event.recorded", obj=event, after=snapshot(event))
    return event


@transaction.atomic
def history_event_update(*, event: HistoryEvent, by: User, **changes: Any) -> HistoryEvent:
    before = snapshot(event)
    _apply(event, changes)
    errors = Errors()
    _check_event(errors, event)
    errors.check(event)
    event.save()
    _follow_rename(event)
    audit_record(
        by=by, action="history_event.updated", obj=event, before=before, after=snapshot(event)
    )
    return event


def _check_observance(errors: Errors, observance: Observance) -> None:
    given = observance.month is not None or observance.day is not None
    if (observance.event_id is None) == (not given):
        errors.add("event", msg.OBSERVANCE_DAY)
        return
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
    by: User,
) -> Observance:
    observance = Observance(
        key=key,
        name=name,
        event=event,
        month=month,
        day=day,
        decided_by=decided_by,
        decided_on=decided_on,
        description=description,
    )
    errors = Errors()
    _check_observance(errors, observance)
    errors.check(observance)
    observance.save()
    audit_record(by=by, action="observance.created", obj=observance, after=snapshot(observance))
    return observance


@transaction.atomic
def observance_update(*, observance: Observance, by: User, **changes: Any) -> Observance:
    before = snapshot(observance)
    _apply(observance, changes)
    errors = Errors()
    _check_observance(errors, observance)
    errors.check(observance)
    observance.save()
    audit_record(
        by=by,
        action="observance.updated",
        obj=observance,
        before=before,
        after=snapshot(observance),
    )
    return observance
