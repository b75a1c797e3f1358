"""The poll events on the conference's live stream (registered with ``conferences.events``).

None of them ever carries who voted what: a ballot cast journals only how many votes have been
cast so far (``poll.voted``), and the result is journalled once, at close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from chapterhouse.conferences import events as ev


@ev.register_event
@dataclass(frozen=True)
class PollCreated(ev.Event):
    kind: ClassVar[str] = "poll.created"
    poll: dict[str, Any]


@ev.register_event
@dataclass(frozen=True)
class PollUpdated(ev.Event):
    kind: ClassVar[str] = "poll.updated"
    poll: dict[str, Any]


@ev.register_event
@dataclass(frozen=True)
class PollOpened(ev.Event):
    kind: ClassVar[str] = "poll.opened"
    poll: dict[str, Any]
    entitled: int


@ev.register_event
@dataclass(frozen=True)
class PollVoted(ev.Event):
    """The number of votes cast so far (marks), never a choice."""

    kind: ClassVar[str] = "poll.voted"
    supersedes: ClassVar[tuple[str, ...] | None] = ("poll",)
    poll: int
    cast: int
    entitled: int


@ev.register_event
@dataclass(frozen=True)
class PaperCounted(ev.Event):
    kind: ClassVar[str] = "poll.paper_counted"
    poll: int
    handed_in: int


@ev.register_event
@dataclass(frozen=True)
class PollClosed(ev.Event):
    kind: ClassVar[str] = "poll.closed"
    poll: dict[str, Any]
    result: dict[str, Any]


@ev.register_event
@dataclass(frozen=True)
class PollCancelled(ev.Event):
    kind: ClassVar[str] = "poll.cancelled"
    poll: dict[str, Any]
