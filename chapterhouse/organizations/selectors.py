"""Reads of the organizations context, shared by pages, the API and the dossier export."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from chapterhouse.access.selectors import Roles
from chapterhouse.calendars.eras import SYSTEMS
from chapterhouse.organizations.anniversaries import (
    MAX_RANGE_YEARS,
    Anniversary,
    anniversaries_between,
    first_kept,
    next_occurrences,
    spans_at_most,
)
from chapterhouse.organizations.models import (
    Body,
    Branch,
    EventKind,
    HistoryEvent,
    Observance,
    Organization,
)

DEFAULT_NAME = "Chapterhouse"

_Referrer = TypeVar("_Referrer", HistoryEvent, Observance)


# --- visibility of the names an object carries ---------------------------------------------
#
# An object the viewer may not see is not named, linked or counted anywhere. Hiding the object
# itself is the job of each list and *_access selector; the helpers below hide it where it is
# carried inside another object (a decision's body, a breadcrumb's parent, an observance's event).
# Read selectors that take ``roles`` return their objects already redacted for that viewer:
# a hidden reference reads as None (only the cached related object is replaced, never the
# ``*_id`` column, so a redacted object saved by mistake keeps its links). The secretariat sees
# everything, so what it reads (and hands to services) is never redacted.


def visible_body_ref(body: Body | None, roles: Roles) -> Body | None:
    """``body`` if the viewer may see it; None (never named) otherwise."""
    if body is None or not roles.can_see_body(body):
        return None
    return body


def visible_event_ref(event: HistoryEvent | None, roles: Roles) -> HistoryEvent | None:
    """``event`` if the viewer may see it (an event about a body follows that body's
    visibility); None otherwise."""
    if event is None or (event.body is not None and not roles.can_see_body(event.body)):
        return None
    return event


def hide_reference(instance: models.Model, name: str) -> None:
    """Make ``instance.<name>`` (a foreign key) read as None for this read, leaving
    ``<name>_id`` untouched: a save keeps the link."""
    field = instance._meta.get_field(name)
    if not isinstance(field, models.ForeignKey):
        raise TypeError(f"{name} is not a foreign key of {type(instance).__name__}")
    field.set_cached_value(instance, None)


def _redact_decision(instance: _Referrer, roles: Roles) -> _Referrer:
    """The deciding body, and the decision's wording with it, left out if the viewer may not
    see that body."""
    if instance.decided_by_id is not None and visible_body_ref(instance.decided_by, roles) is None:
        hide_reference(instance, "decided_by")
        if isinstance(instance, HistoryEvent):
            instance.decision = ""
    return instance


def _redact_body(body: Body, roles: Roles) -> Body:
    """A body whose parent the viewer may not see reads as having none (no breadcrumb)."""
    if body.parent_id is not None and visible_body_ref(body.parent, roles) is None:
        hide_reference(body, "parent")
    return body


def organization_get() -> Organization:
    """The installation's organization; an unsaved placeholder before one is set up."""
    organization = Organization.objects.filter(pk=1).first()
    return organization or Organization(name=DEFAULT_NAME)


def era_systems_for(organization: Organization, *, language: str) -> tuple[str, ...]:
    """The era calendars to show beside Gregorian dates for readers of ``language``."""
    eras = organization.calendar_eras or {}
    base = language.split("-")[0]
    chosen = eras.get(language) or eras.get(base) or eras.get("default") or []
    return tuple(s for s in chosen if s in SYSTEMS)


def organization_name_on(on: dt.date) -> str:
    """The organization's name on a date, following its renamings."""
    renames = list(
        HistoryEvent.objects.filter(
            kind=EventKind.RENAMED, branch__isnull=True, body__isnull=True
        ).order_by("occurred_on", "id")
    )
    current = organization_get().name
    if not renames:
        return current
    name = renames[0].old_name or current
    for event in renames:
        if event.occurred_on <= on:
            name = event.new_name
    return name


def branch_list() -> QuerySet[Branch]:
    return Branch.objects.select_related("parent").order_by("name")


@dataclass
class TreeNode:
    branch: Branch
    children: list[TreeNode]
    bodies: list[Body]


def branch_tree(*, roles: Roles) -> list[TreeNode]:
    """Branches nested under their parents, each with the bodies the viewer may see."""
    branches = list(Branch.objects.order_by("name"))
    bodies = [b for b in Body.objects.filter(branch__isnull=False) if roles.can_see_body(b)]
    nodes = {b.id: TreeNode(branch=b, children=[], bodies=[]) for b in branches}
    for body in bodies:
        assert body.branch_id is not None  # noqa: S101 (filtered above)
        nodes[body.branch_id].bodies.append(body)
    roots: list[TreeNode] = []
    for branch in branches:
        if branch.parent_id is None:
            roots.append(nodes[branch.id])
        else:
            nodes[branch.parent_id].children.append(nodes[branch.id])
    return roots


def branch_access(*, key: str) -> Branch:
    branch = Branch.objects.select_related("parent").filter(key=key).first()
    if branch is None:
        raise Http404
    return branch


def body_list(*, roles: Roles) -> list[Body]:
    return [
        _redact_body(b, roles)
        for b in Body.objects.select_related("branch", "parent").all()
        if roles.can_see_body(b)
    ]


def body_access(*, key: str, roles: Roles) -> Body:
    """The body with ``key`` if the viewer may see it; 404 for missing and forbidden alike.
    A parent the viewer may not see is left out."""
    body = Body.objects.select_related("branch", "parent").filter(key=key).first()
    if body is None or not roles.can_see_body(body):
        raise Http404
    return _redact_body(body, roles)


def history_timeline(*, roles: Roles) -> list[HistoryEvent]:
    """The events the viewer may see, oldest first, a deciding body they may not see left out."""
    events = HistoryEvent.objects.select_related("branch", "body", "decided_by").order_by(
        "occurred_on", "id"
    )
    return [_redact_decision(e, roles) for e in events if visible_event_ref(e, roles) is not None]


def anniversaries_within(
    *, start: dt.date, end: dt.date, roles: Roles
) -> list[Anniversary[HistoryEvent]]:
    """The Nth anniversaries of every visible history event within ``start..end``, which spans
    at most MAX_RANGE_YEARS (ValueError otherwise: callers bound what they are asked)."""
    if not spans_at_most(start=start, end=end, years=MAX_RANGE_YEARS):
        raise ValueError(f"{start}..{end} spans more than {MAX_RANGE_YEARS} years")
    events = history_timeline(roles=roles)
    return anniversaries_between(((e, e.occurred) for e in events), start=start, end=end)


@dataclass(frozen=True)
class UpcomingObservance:
    observance: Observance
    on: dt.date
    # The Nth time the day is kept (1 is the first), counted from its origin: the event it
    # commemorates, or the decision that set it; None for a given day with no decision date.
    number: int | None


def observance_first_kept(observance: Observance) -> dt.date | None:
    """The first day ``observance`` is kept, or None if it has no origin (a given day with no
    decision date, kept every year). A day tied to an event is first kept on the event's first
    anniversary; a given day decided on a date, on its first occurrence on or after that date.
    """
    month, day = observance.month_day
    if observance.event is not None:
        origin, from_origin_day = observance.event.occurred_on, False
    elif observance.decided_on is not None:
        origin, from_origin_day = observance.decided_on, True
    else:
        return None
    return first_kept(month=month, day=day, origin=origin, from_origin_day=from_origin_day)


def observances_upcoming(
    *, after: dt.date, roles: Roles, years: int = 1, until: dt.date | None = None
) -> list[UpcomingObservance]:
    """Each visible observance's next days on or after ``after`` (and up to ``until`` inclusive, if
    given), ``years`` of them, in date order. Nothing is listed before its origin
    (``observance_first_kept``)."""
    upcoming: list[UpcomingObservance] = []
    for observance in observance_list(roles=roles):
        month, day = observance.month_day
        first = observance_first_kept(observance)
        has_origin = observance.event is not None or observance.decided_on is not None
        if has_origin and first is None:
            continue
        start = after if first is None else max(after, first)
        for on in itertools.islice(next_occurrences(month=month, day=day, after=start), years):
            if until is not None and on > until:
                break
            number = None if first is None else on.year - first.year + 1
            upcoming.append(UpcomingObservance(observance=observance, on=on, number=number))
    upcoming.sort(key=lambda u: (u.on, u.observance.name))
    return upcoming


def bodies_by_keys(keys: Sequence[str]) -> dict[str, Body]:
    return {b.key: b for b in Body.objects.filter(key__in=keys)}


def branches_by_keys(keys: Sequence[str]) -> dict[str, Branch]:
    return {b.key: b for b in Branch.objects.filter(key__in=keys)}


def history_event_access(*, key: str, roles: Roles) -> HistoryEvent:
    """The event with ``key`` if the viewer may see it (as in history_timeline: an event about a
    body follows that body's visibility); 404 for missing and forbidden alike."""
    event = (
        HistoryEvent.objects.select_related("branch", "body", "decided_by").filter(key=key).first()
    )
    if event is None or visible_event_ref(event, roles) is None:
        raise Http404
    return _redact_decision(event, roles)


def _observances() -> QuerySet[Observance]:
    return Observance.objects.select_related("event__body", "decided_by").order_by(
        "month", "day", "name"
    )


def _observance_visible(observance: Observance, roles: Roles) -> bool:
    """An observance kept for an event follows that event's visibility; one with a given day
    is public."""
    return observance.event is None or visible_event_ref(observance.event, roles) is not None


def observance_list(*, roles: Roles) -> list[Observance]:
    """The observances the viewer may see, a deciding body they may not see left out."""
    return [_redact_decision(o, roles) for o in _observances() if _observance_visible(o, roles)]


def observance_access(*, key: str, roles: Roles) -> Observance:
    """The observance with ``key`` if the viewer may see it; 404 for missing and forbidden
    alike."""
    observance = _observances().filter(key=key).first()
    if observance is None or not _observance_visible(observance, roles):
        raise Http404
    return _redact_decision(observance, roles)


@dataclass
class BodyNode:
    body: Body
    children: list[BodyNode]


def central_body_tree(*, roles: Roles) -> list[BodyNode]:
    """The organization's own bodies (those of no branch), sub-bodies under their parents."""
    bodies = [b for b in body_list(roles=roles) if b.branch_id is None]
    nodes = {b.id: BodyNode(body=b, children=[]) for b in bodies}
    roots: list[BodyNode] = []
    for body in bodies:
        parent = nodes.get(body.parent_id) if body.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[body.id])
    return roots
