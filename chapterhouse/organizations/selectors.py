"""Reads of the organizations context, shared by pages, the API and the dossier export."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from chapterhouse.access.selectors import Roles
from chapterhouse.calendars.eras import SYSTEMS
from chapterhouse.organizations.anniversaries import (
    MAX_RANGE_YEARS,
    Anniversary,
    anniversaries_between,
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
        b for b in Body.objects.select_related("branch", "parent").all() if roles.can_see_body(b)
    ]


def body_access(*, key: str, roles: Roles) -> Body:
    """The body with ``key`` if the viewer may see it; 404 for missing and forbidden alike."""
    body = Body.objects.select_related("branch", "parent").filter(key=key).first()
    if body is None or not roles.can_see_body(body):
        raise Http404
    return body


def history_timeline(*, roles: Roles) -> list[HistoryEvent]:
    events = HistoryEvent.objects.select_related("branch", "body", "decided_by").order_by(
        "occurred_on", "id"
    )
    return [e for e in events if e.body is None or roles.can_see_body(e.body)]


def anniversaries_within(
    *, start: dt.date, end: dt.date, roles: Roles
) -> list[Anniversary[HistoryEvent]]:
    """The Nth anniversaries of every visible history event within ``start..end``, which spans
    at most MAX_RANGE_YEARS (ValueError otherwise: callers bound what they are asked)."""
    if not spans_at_most(start=start, end=end, years=MAX_RANGE_YEARS):
        raise ValueError(f"{start}..{end} spans more than {MAX_RANGE_YEARS} years")
    events = history_timeline(roles=roles)
    return anniversaries_between(((e, e.occurred_on) for e in events), start=start, end=end)


@dataclass(frozen=True)
class UpcomingObservance:
    observance: Observance
    on: dt.date
    # The Nth time the day is kept, counted from the event it commemorates (None if no event).
    number: int | None


def observances_upcoming(*, after: dt.date, years: int = 1) -> list[UpcomingObservance]:
    """Each observance's next days on or after ``after``, ``years`` of them, in date order."""
    upcoming: list[UpcomingObservance] = []
    for observance in Observance.objects.select_related("event", "decided_by"):
        month, day = observance.month_day
        for on in itertools.islice(next_occurrences(month=month, day=day, after=after), years):
            number = None
            if observance.event is not None:
                number = on.year - observance.event.occurred_on.year
            upcoming.append(UpcomingObservance(observance=observance, on=on, number=number))
    upcoming.sort(key=lambda u: (u.on, u.observance.name))
    return upcoming


def bodies_by_keys(keys: Sequence[str]) -> dict[str, Body]:
    return {b.key: b for b in Body.objects.filter(key__in=keys)}


def history_event_access(*, key: str, roles: Roles) -> HistoryEvent:
    """The event with ``key`` if the viewer may see it (as in history_timeline: an event about a
    body follows that body's visibility); 404 for missing and forbidden alike."""
    event = (
        HistoryEvent.objects.select_related("branch", "body", "decided_by").filter(key=key).first()
    )
    if event is None or (event.body is not None and not roles.can_see_body(event.body)):
        raise Http404
    return event


def observance_list() -> QuerySet[Observance]:
    return Observance.objects.select_related("event", "decided_by").order_by("month", "day", "name")


def observance_access(*, key: str) -> Observance:
    """The observance with ``key`` (observances are public, as observances_upcoming lists them
    all); 404 if there is none."""
    observance = observance_list().filter(key=key).first()
    if observance is None:
        raise Http404
    return observance


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
