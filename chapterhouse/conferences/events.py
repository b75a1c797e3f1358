"""The conference journal's kinds: each one a frozen dataclass, registered here and only here.

A service builds the event, then ``journal_write`` appends it to the conference's scope through
``core.journal.journal_append`` (in the service's transaction; published on commit). The
payload is ``dataclasses.asdict(event)``; ``event_of(kind, payload)`` reads it back.

Every event carries its ``audience``: who may see it at all ("public", "members", or "chair":
those who run the conference). ``for_level`` gives what a viewer of a level may see of it: the
event itself, a redacted copy (an item opened that the viewer may not see becomes "no current
item"), or None (nothing). The live endpoint and the replay use only that, so a hidden item's
title never reaches a projector, not even inside a payload or a count.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from chapterhouse.core.journal import journal_append

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor
    from chapterhouse.core.models import JournalEntry

PUBLIC, MEMBERS, CHAIR = "public", "members", "chair"
LEVELS: tuple[str, ...] = (PUBLIC, MEMBERS, CHAIR)


def level_rank(level: str) -> int:
    return LEVELS.index(level)


def narrower(a: str, b: str) -> str:
    """The narrower of two audiences (an internal item of an internal conference: members)."""
    return a if level_rank(a) >= level_rank(b) else b


def wider(a: str, b: str) -> str:
    """The wider of two audiences (an item moved under a hidden one: those who saw it before
    learn that it left their agenda)."""
    return a if level_rank(a) <= level_rank(b) else b


@dataclass(frozen=True)
class ItemData:
    """An agenda item as live pages show it. No stored position: where an item stands is
    the order of the agenda a viewer reads (``selectors.agenda``), and its ``number`` there
    ("2.1") counts only the items that viewer sees, so no gap betrays a hidden item."""

    id: int
    parent: int | None
    kind: str
    title: str
    planned_minutes: int
    audience: str
    is_done: bool = False
    number: str = ""


@dataclass(frozen=True)
class SpeakerData:
    id: int
    item: int
    person: str
    point_of_order: bool
    position: int
    state: str
    started_at: str | None = None
    seconds: int = 0


@dataclass(frozen=True)
class Event:
    kind: ClassVar[str]
    # An event that only tells how something stands now (a count) names the fields that say
    # what it is the count of: a later event of its kind with the same values supersedes it,
    # and the live stream may skip it (live.policy). None: every event of the kind counts.
    supersedes: ClassVar[tuple[str, ...] | None] = None
    audience: str

    def for_level(self, level: str) -> Event | None:
        return self if level_rank(level) >= level_rank(self.audience) else None


@dataclass(frozen=True)
class ConferenceStateChanged(Event):
    kind: ClassVar[str] = "conference.state_changed"
    state: str


@dataclass(frozen=True)
class SessionOpened(Event):
    kind: ClassVar[str] = "session.opened"
    number: int


@dataclass(frozen=True)
class SessionClosed(Event):
    kind: ClassVar[str] = "session.closed"
    number: int


@dataclass(frozen=True)
class AttendanceCounted(Event):
    """Present and entitled counts after a check-in (one event for a bulk check-in)."""

    kind: ClassVar[str] = "attendance.counted"
    supersedes: ClassVar[tuple[str, ...] | None] = ()
    present: int
    entitled: int
    present_weight: str
    entitled_weight: str
    quorum_met: bool


@dataclass(frozen=True)
class ItemAdded(Event):
    kind: ClassVar[str] = "item.added"
    item: ItemData


@dataclass(frozen=True)
class ItemMoved(Event):
    """An item moved; its ``item.audience`` is who may see it now. The event's audience is
    also whoever saw it before, so that their agenda drops an item moved under a hidden one."""

    kind: ClassVar[str] = "item.moved"
    item: ItemData


@dataclass(frozen=True)
class ItemOpened(Event):
    """An item became current; ``speaker`` is who is speaking on it (usually nobody).
    A viewer who may not see the item learns only that no item it may see is current."""

    kind: ClassVar[str] = "item.opened"
    item: ItemData | None
    speaker: SpeakerData | None = None

    def for_level(self, level: str) -> Event | None:
        if level_rank(level) >= level_rank(self.audience):
            return self
        return ItemOpened(audience=level, item=None, speaker=None)


@dataclass(frozen=True)
class ItemDone(Event):
    kind: ClassVar[str] = "item.done"
    item: ItemData


@dataclass(frozen=True)
class SpeakerRequested(Event):
    kind: ClassVar[str] = "speaker.requested"
    speaker: SpeakerData


@dataclass(frozen=True)
class SpeakerWithdrawn(Event):
    kind: ClassVar[str] = "speaker.withdrawn"
    speaker: SpeakerData


@dataclass(frozen=True)
class SpeakersReordered(Event):
    kind: ClassVar[str] = "speakers.reordered"
    item: int
    order: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class SpeakerStarted(Event):
    kind: ClassVar[str] = "speaker.started"
    speaker: SpeakerData
    countdown_seconds: int


@dataclass(frozen=True)
class SpeakerStopped(Event):
    kind: ClassVar[str] = "speaker.stopped"
    speaker: SpeakerData


@dataclass(frozen=True)
class SpeechDelivered(Event):
    kind: ClassVar[str] = "speech.delivered"
    speech: int
    item: int | None
    speaker: str
    title: str


@dataclass(frozen=True)
class SpeechPublished(Event):
    kind: ClassVar[str] = "speech.published"
    speech: int
    title: str


@dataclass(frozen=True)
class LetterPresented(Event):
    kind: ClassVar[str] = "letter.presented"
    letter: str
    item: int
    subject: str
    correspondent: str


@dataclass(frozen=True)
class AppointmentMade(Event):
    """``responsibilities``: the duties it carries, each {"duty": its name, "branch": a branch's
    name or "", "country": a country's code or ""} (both empty: everywhere)."""

    kind: ClassVar[str] = "appointment.made"
    person: str
    position: str
    body: str
    starts_on: str
    responsibilities: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class MotionData:
    """A motion as live pages show it (no names: who submitted or supports it is on its page)."""

    number: int
    identifier: str
    title: str
    state: str
    supporters: int = 0


@dataclass(frozen=True)
class MotionSubmitted(Event):
    kind: ClassVar[str] = "motion.submitted"
    motion: MotionData


@dataclass(frozen=True)
class MotionSupported(Event):
    """A supporter joined (or, ``withdrawn``, left) the motion; ``motion.supporters`` counts."""

    kind: ClassVar[str] = "motion.supported"
    motion: MotionData
    withdrawn: bool = False


@dataclass(frozen=True)
class MotionAdmitted(Event):
    kind: ClassVar[str] = "motion.admitted"
    motion: MotionData
    lines: int


@dataclass(frozen=True)
class MotionStateChanged(Event):
    kind: ClassVar[str] = "motion.state_changed"
    motion: MotionData
    previous: str


@dataclass(frozen=True)
class MotionWithdrawn(Event):
    kind: ClassVar[str] = "motion.withdrawn"
    motion: MotionData


@dataclass(frozen=True)
class MotionRecommended(Event):
    kind: ClassVar[str] = "motion.recommended"
    motion: MotionData
    recommendation: str


@dataclass(frozen=True)
class MotionPutOnAgenda(Event):
    """The motion is on an agenda item; its audience is the item's (a hidden item's motion
    is announced to the chair only)."""

    kind: ClassVar[str] = "motion.put_on_agenda"
    motion: MotionData
    item: int


@dataclass(frozen=True)
class AmendmentSubmitted(Event):
    kind: ClassVar[str] = "amendment.submitted"
    motion: MotionData
    amendment: int
    line_from: int
    line_to: int


@dataclass(frozen=True)
class AmendmentStateChanged(Event):
    kind: ClassVar[str] = "amendment.state_changed"
    motion: MotionData
    amendment: int
    state: str
    previous: str


@dataclass(frozen=True)
class MotionWorkflowChanged(Event):
    kind: ClassVar[str] = "motion.workflow_changed"
    min_supporters: int


@dataclass(frozen=True)
class ProjectorShown(Event):
    """What the projector shows over the current item: the chair's ``message`` ("" for none),
    or (``result``) the last result of a vote the projector's audience may see; neither
    after a clear. Each one replaces the one before."""

    kind: ClassVar[str] = "projector.shown"
    message: str = ""
    result: bool = False


# The one registry of the conference journal's kinds (docs/conferences.md lists each).
EVENTS: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        ConferenceStateChanged,
        SessionOpened,
        SessionClosed,
        AttendanceCounted,
        ItemAdded,
        ItemMoved,
        ItemOpened,
        ItemDone,
        SpeakerRequested,
        SpeakerWithdrawn,
        SpeakersReordered,
        SpeakerStarted,
        SpeakerStopped,
        SpeechDelivered,
        SpeechPublished,
        LetterPresented,
        AppointmentMade,
        MotionSubmitted,
        MotionSupported,
        MotionAdmitted,
        MotionStateChanged,
        MotionWithdrawn,
        MotionRecommended,
        MotionPutOnAgenda,
        AmendmentSubmitted,
        AmendmentStateChanged,
        MotionWorkflowChanged,
        ProjectorShown,
    )
}

_NESTED: dict[str, type[Any]] = {"item": ItemData, "speaker": SpeakerData, "motion": MotionData}
E = TypeVar("E", bound=Event)


def payload_of(event: Event) -> dict[str, Any]:
    return dataclasses.asdict(event)


def event_of(kind: str, payload: dict[str, Any]) -> Event:
    """The typed event a journal entry holds. Raises KeyError for a kind not registered."""
    cls = EVENTS[kind]
    names = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for name, value in payload.items():
        if name not in names:
            continue
        nested = _NESTED.get(name)
        if nested is not None and isinstance(value, dict):
            value = nested(**value)
        values[name] = value
    return cls(**values)


def entry_event(entry: JournalEntry) -> Event:
    return event_of(entry.kind, entry.payload)


def journal_write(*, scope: str, event: Event, by: Actor) -> JournalEntry:
    """Append ``event`` to ``scope``'s journal (inside the caller's transaction)."""
    if EVENTS.get(event.kind) is not type(event):
        raise ValueError(f"{type(event).__name__} is not a registered journal kind.")
    return journal_append(scope=scope, kind=event.kind, payload=payload_of(event), by=by)


def register_event(cls: type[E]) -> type[E]:
    """Add a kind to the registry from a context above this one (the voting context's poll
    events, ``conferences.agenda_approval``): its events share the conference's live stream and
    replay. A kind registered twice by different classes is a programming error."""
    known = EVENTS.get(cls.kind)
    if known is not None and known is not cls:
        raise ValueError(f"The journal kind {cls.kind!r} is already registered.")
    EVENTS[cls.kind] = cls
    return cls
