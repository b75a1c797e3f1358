"""Plain factory functions of the organizations context with keyword-only defaults, shared by
the tests (``tests/world.py`` and each folder's own) and the demo.

Each one calls the services, so whatever they make passed the same checks as a user's input
and left the same audit rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

from chapterhouse.organizations.models import Body, BodyKind, Branch, EventKind, HistoryEvent
from chapterhouse.organizations.services import body_create, branch_create, history_event_record

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor

_sequence = itertools.count(1)


def _next_key(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"


def make_branch(
    *,
    key: str | None = None,
    name: str | None = None,
    parent: Branch | None = None,
    country: str = "",
    by: Actor = None,
) -> Branch:
    key = key or _next_key("branch")
    return branch_create(key=key, name=name or key.title(), parent=parent, country=country, by=by)


def make_body(
    *,
    key: str | None = None,
    name: str | None = None,
    kind: str = BodyKind.COMMISSION,
    parent: Body | None = None,
    branch: Branch | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    visibility: str = "public",
    internal_notes: str = "",
    by: Actor = None,
) -> Body:
    key = key or _next_key("body")
    return body_create(
        key=key,
        name=name or key.replace("-", " ").title(),
        kind=kind,
        parent=parent,
        branch=branch,
        starts_on=starts_on,
        ends_on=ends_on,
        visibility=visibility,
        internal_notes=internal_notes,
        by=by,
    )


def make_event(
    *,
    key: str | None = None,
    kind: str = EventKind.OTHER,
    occurred_on: dt.date = dt.date(2020, 1, 1),
    title: str = "Something happened",
    old_name: str = "",
    new_name: str = "",
    by: Actor = None,
) -> HistoryEvent:
    return history_event_record(
        key=key or _next_key("event"),
        kind=kind,
        occurred_on=occurred_on,
        title=title,
        old_name=old_name,
        new_name=new_name,
        by=by,
    )
