"""The ``conference:<key>`` live scope: who may follow it, their class, and what each class
receives of an event.

A client's class is its viewer level (``access.viewer_level``: public, members, chair). An
event goes to every level for which ``Event.for_level`` gives something; a level that gets a
redacted copy (an item it may not see became current: "no current item") receives that copy,
encoded once for the level, never the original.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from typing import TYPE_CHECKING

from chapterhouse.access.selectors import roles_for
from chapterhouse.conferences import events as ev
from chapterhouse.conferences.access import may_see_conference, viewer_level
from chapterhouse.conferences.models import Conference

if TYPE_CHECKING:
    from chapterhouse.core.journal import JournalEvent
    from chapterhouse.live.policy import User

PREFIX = "conference"


def _conference(scope: str) -> Conference | None:
    key = scope.partition(":")[2]
    return Conference.objects.filter(key=key).first()


def may_follow(user: User, scope: str) -> bool:
    conference = _conference(scope)
    return conference is not None and may_see_conference(conference, roles_for(user))


def visibility(user: User, scope: str) -> str:
    conference = _conference(scope)
    return ev.PUBLIC if conference is None else viewer_level(conference, roles_for(user))


def _versions(event: JournalEvent) -> dict[str, ev.Event]:
    try:
        typed = ev.event_of(event.kind, event.payload)
    except (KeyError, TypeError):
        return {}  # not a conference kind (or an old payload): kept from every client
    versions: dict[str, ev.Event] = {}
    for level in ev.LEVELS:
        shown = typed.for_level(level)
        if shown is not None:
            versions[level] = shown
    return versions


def audience(event: JournalEvent) -> tuple[str, ...]:
    return tuple(_versions(event))


def rewrite(event: JournalEvent, level: str) -> JournalEvent | None:
    typed = ev.event_of(event.kind, event.payload) if event.kind in ev.EVENTS else None
    if typed is None:
        return None
    shown = typed.for_level(level)
    if shown is None:
        return None
    if shown is typed:
        return event  # the same object: one frame for every level that sees it whole
    return dataclasses.replace(event, payload=ev.payload_of(shown))


def supersedes(event: JournalEvent) -> Hashable | None:
    """What a count is the count of (``Event.supersedes``): the newest of several is enough."""
    cls = ev.EVENTS.get(event.kind)
    if cls is None or cls.supersedes is None:
        return None
    return (event.kind, *(event.payload.get(name) for name in cls.supersedes))


def register() -> None:
    from chapterhouse.live.policy import register_scope

    register_scope(
        PREFIX,
        may_follow=may_follow,
        visibility=visibility,
        audience=audience,
        rewrite=rewrite,
        supersedes=supersedes,
    )
