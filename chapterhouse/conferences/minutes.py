"""A conference's minutes, built from its journal as a viewer of one level may read it.

``minutes_build`` is pure: it takes the journal's entries (already cut to the viewer's level by
``selectors.journal_entries_for``: hidden items, voided speeches and letters are not in them),
the agenda that viewer sees, and what the journal does not hold (the full texts of published
speeches, who is present, the audit log's head), and gives a ``Minutes`` for the templates.
``minutes_for`` reads those and calls it. Nothing is stored: the minutes are built on request,
so they grow with the journal.

What happened on an item is what the journal recorded while that item was current (an
appointment, a vote) or what names the item (a letter, a speech, a speaker, a poll's item).
Votes are read from the journal's ``poll.closed`` payloads (the voting context registers that
kind; this module never imports it): the poll's title and item, and its result as counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from chapterhouse.conferences import events as ev
from chapterhouse.conferences import selectors
from chapterhouse.conferences.models import Participant, Speech
from chapterhouse.core.audit import audit_head

if TYPE_CHECKING:
    from chapterhouse.conferences.models import Conference
    from chapterhouse.core.models import JournalEntry

POLL_CLOSED = "poll.closed"
POLL_CANCELLED = "poll.cancelled"
AGENDA_APPROVED = "agenda.approved"


@dataclass(frozen=True)
class ResultView:
    """A poll's result as the minutes print it: the counts in order, and the outcome."""

    counts: tuple[tuple[str, str], ...]
    abstain: str
    adopted: bool | None  # a motion vote: adopted or not; None for an election
    elected: tuple[str, ...]
    tied: tuple[str, ...]
    is_tied: bool
    status: str


@dataclass
class Record:
    """One thing the minutes record, in journal order. ``kind`` says which fields matter:
    opened/done (an item's state), speaker (``person``, ``seconds``, ``point_of_order``),
    speech (``person``, ``title``, ``text_html`` if published), letter (``title`` the subject,
    ``person`` whom it is from), appointment (``person``, ``position``, ``body``,
    ``responsibilities``), vote (``title``, ``result``), vote_cancelled (``title``),
    agenda_approved (``title``), session_opened/session_closed (``number``), state (``state``)."""

    at: dt.datetime
    kind: str
    person: str = ""
    title: str = ""
    text_html: str = ""
    position: str = ""
    body: str = ""
    responsibilities: tuple[dict[str, str], ...] = ()
    seconds: int = 0
    point_of_order: bool = False
    result: ResultView | None = None
    number: int = 0
    state: str = ""
    speaker_id: int = 0

    @property
    def duration(self) -> str:
        """The time spoken as minutes and seconds: "4:05"."""
        return f"{self.seconds // 60}:{self.seconds % 60:02d}"


@dataclass
class ItemMinutes:
    id: int
    number: str
    title: str
    depth: int
    records: list[Record] = field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        """Who spoke on the item, in the order they first did."""
        names: list[str] = []
        for record in self.records:
            if record.kind in ("speaker", "speech") and record.person not in names:
                names.append(record.person)
        return names


@dataclass(frozen=True)
class Delegation:
    name: str  # the branch or partner organization represented; "" for none
    count: int
    persons: tuple[str, ...]  # by name: for the members and the chair levels only


@dataclass(frozen=True)
class RoleGroup:
    role: str  # one of Participant.ROLES
    delegations: tuple[Delegation, ...]


@dataclass(frozen=True)
class Attendance:
    present: int
    entitled: int
    quorum_met: bool
    groups: tuple[RoleGroup, ...]


@dataclass
class Minutes:
    level: str
    last_id: int  # the journal's last entry the minutes were built from (0: none)
    proceedings: list[Record]  # the conference's own course: its states and sessions
    items: list[ItemMinutes]
    other: list[Record]  # what was recorded while no item the viewer sees was current
    attendance: Attendance
    audit_rows: int
    audit_head: str
    audit_read_at: dt.datetime


def _number(value: object) -> str:
    """A count as stored (a weighted one is a decimal string: "2.000") without its zeros."""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except InvalidOperation:
        return str(value)


def result_view(result: dict[str, Any]) -> ResultView:
    """A poll's stored result (``voting.counting.result_of``'s JSON), read for printing."""
    if "yes" in result:
        counts: tuple[tuple[str, str], ...] = (
            ("yes", _number(result.get("yes", 0))),
            ("no", _number(result.get("no", 0))),
        )
        adopted: bool | None = bool(result.get("adopted"))
    else:
        counts = tuple((str(o), _number(c)) for o, c in result.get("counts") or [])
        adopted = None
    return ResultView(
        counts=counts,
        abstain=_number(result.get("abstain", 0)),
        adopted=adopted,
        elected=tuple(str(x) for x in result.get("elected") or []),
        # A motion vote's "tied" is true or false; an election's, the options tied.
        tied=tuple(str(x) for x in tied) if isinstance(tied := result.get("tied"), list) else (),
        is_tied=tied is True or (isinstance(tied, list) and bool(tied)),
        status=str(result.get("status", "")),
    )


def _item_of(event: ev.Event, payload: dict[str, Any]) -> int | None:
    """The agenda item an event names, if it names one."""
    match event:
        case ev.SpeakerStarted() | ev.SpeakerStopped():
            return event.speaker.item
        case ev.SpeechDelivered():
            return event.item
        case ev.LetterPresented():
            return event.item
        case ev.ItemOpened():
            return event.item.id if event.item is not None else None
        case ev.ItemDone():
            return event.item.id
    poll = payload.get("poll")
    if isinstance(poll, dict) and isinstance(poll.get("item"), int):
        return int(poll["item"])
    return None


def _record(
    entry: JournalEntry, event: ev.Event, payload: dict[str, Any], texts: dict[int, str]
) -> Record | None:
    """The record of one event, or None for what the minutes do not print (the list of
    speakers asked for, reordered or withdrawn, motions' paperwork, a poll's running count)."""
    at = entry.created_at
    match event:
        case ev.ConferenceStateChanged():
            return Record(at, "state", state=event.state)
        case ev.SessionOpened():
            return Record(at, "session_opened", number=event.number)
        case ev.SessionClosed():
            return Record(at, "session_closed", number=event.number)
        case ev.ItemOpened():
            return Record(at, "opened") if event.item is not None else None
        case ev.ItemDone():
            return Record(at, "done")
        case ev.SpeakerStarted():
            return Record(
                at,
                "speaker",
                person=event.speaker.person,
                point_of_order=event.speaker.point_of_order,
                speaker_id=event.speaker.id,
            )
        case ev.SpeechDelivered():
            return Record(
                at,
                "speech",
                person=event.speaker,
                title=event.title,
                text_html=texts.get(event.speech, ""),
            )
        case ev.LetterPresented():
            return Record(at, "letter", title=event.subject, person=event.correspondent)
        case ev.AppointmentMade():
            return Record(
                at,
                "appointment",
                person=event.person,
                position=event.position,
                body=event.body,
                responsibilities=tuple(event.responsibilities),
            )
    poll = payload.get("poll")
    title = str(poll.get("title", "")) if isinstance(poll, dict) else ""
    if entry.kind == POLL_CLOSED and isinstance(payload.get("result"), dict):
        return Record(at, "vote", title=title, result=result_view(payload["result"]))
    if entry.kind == POLL_CANCELLED:
        return Record(at, "vote_cancelled", title=title)
    if entry.kind == AGENDA_APPROVED:
        return Record(at, "agenda_approved", title=str(payload.get("title", "")))
    return None


def _attendance(
    counted: ev.AttendanceCounted | None,
    fallback: selectors.Attendance,
    present: Iterable[Participant],
    names: bool,
) -> Attendance:
    groups: dict[str, dict[str, list[str]]] = {role: {} for role in Participant.ROLES}
    for participant in present:
        roles = participant.roles
        if not roles:
            continue
        delegation = ""
        if participant.represents_branch is not None:
            delegation = participant.represents_branch.name
        elif participant.represents_partner is not None:
            delegation = participant.represents_partner.name
        groups[roles[0]].setdefault(delegation, []).append(participant.person.display_name)
    role_groups = tuple(
        RoleGroup(
            role=role,
            delegations=tuple(
                Delegation(name, len(persons), tuple(persons) if names else ())
                for name, persons in sorted(by.items(), key=lambda kv: (kv[0] == "", kv[0]))
            ),
        )
        for role, by in groups.items()
        if by
    )
    if counted is not None:
        return Attendance(counted.present, counted.entitled, counted.quorum_met, role_groups)
    return Attendance(fallback.present, fallback.entitled, fallback.quorum_met, role_groups)


def minutes_build(
    *,
    level: str,
    entries: Sequence[tuple[JournalEntry, ev.Event]],
    agenda: Sequence[ev.ItemData],
    texts: dict[int, str],
    attendance: selectors.Attendance,
    present: Iterable[Participant],
    head: tuple[int, str],
    read_at: dt.datetime,
) -> Minutes:
    """The minutes from the journal ``entries`` a viewer of ``level`` may see, in order.

    ``agenda``: the items that viewer sees, in order (an event naming any other item is left
    out); ``texts``: the full text (HTML) of each published speech by id; ``attendance``: the
    counts to print if the journal holds none; ``present``: the participants checked in;
    ``head``: the audit log's row count and head hash, read at ``read_at``."""
    items = {
        row.id: ItemMinutes(row.id, row.number, row.title, row.number.count(".")) for row in agenda
    }
    proceedings: list[Record] = []
    other: list[Record] = []
    speakers: dict[int, Record] = {}
    current: int | None = None
    counted: ev.AttendanceCounted | None = None
    for entry, event in entries:
        payload = ev.payload_of(event)
        if isinstance(event, ev.AttendanceCounted):
            counted = event
            continue
        named = _item_of(event, payload)
        if isinstance(event, ev.ItemOpened):
            current = named  # None: an item this viewer may not see (redacted)
        if isinstance(event, ev.SpeakerStopped):
            started = speakers.get(event.speaker.id)
            if started is not None:
                started.seconds = event.speaker.seconds
            continue
        record = _record(entry, event, payload, texts)
        if isinstance(event, ev.ItemDone) and current == named:
            current = None
        if record is None:
            continue
        if record.kind == "speaker":
            speakers[record.speaker_id] = record
        if record.kind in ("state", "session_opened", "session_closed"):
            proceedings.append(record)
            continue
        where = named if named is not None else current
        if where is None:
            if named is None and record.kind not in ("opened", "done"):
                other.append(record)
            continue
        if where in items:
            items[where].records.append(record)
        # an item the viewer does not see: its records are not theirs to read
    return Minutes(
        level=level,
        last_id=entries[-1][0].pk if entries else 0,
        proceedings=proceedings,
        items=[items[row.id] for row in agenda],
        other=other,
        # Who took part, by name, is for the members and those who run the conference (as
        # the participants' list is); the public reads how many, by role and delegation.
        attendance=_attendance(
            counted, attendance, present, names=ev.level_rank(level) >= ev.level_rank(ev.MEMBERS)
        ),
        audit_rows=head[0],
        audit_head=head[1],
        audit_read_at=read_at,
    )


def minutes_for(*, conference: Conference, level: str) -> Minutes:
    """Read what the minutes of ``conference`` need for a viewer of ``level``, and build them.
    A fixed number of queries, whatever the journal's length."""
    entries = selectors.journal_entries_for(conference=conference, level=level)
    published = {e.speech for _entry, e in entries if isinstance(e, ev.SpeechPublished)}
    texts = {
        s.pk: s.html
        for s in Speech.objects.filter(conference=conference, pk__in=published, published=True)
    }
    present = (
        selectors.participant_list(conference=conference)
        .filter(checked_in_at__isnull=False)
        .order_by("person__display_name", "id")
    )
    return minutes_build(
        level=level,
        entries=entries,
        agenda=selectors.agenda(conference=conference, level=level),
        texts=texts,
        attendance=selectors.attendance(conference=conference),
        present=list(present),
        head=audit_head(),
        read_at=timezone.now(),
    )
