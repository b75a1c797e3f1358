"""Reads of conferences that pages, the API and the live endpoint share.

``projector_state`` and ``agenda`` are what the live pages show; ``projector_apply`` moves a
projector state on by one journal event, so that a page that has a state and follows the
journal stays equal to a fresh read (tests/conferences/test_replay.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from chapterhouse.conferences import events as ev
from chapterhouse.conferences.access import may_see_conference, viewer_level
from chapterhouse.conferences.models import (
    AgendaItem,
    Conference,
    Letter,
    Participant,
    SpeakerRequest,
    Speech,
)
from chapterhouse.core.journal import journal_since

if TYPE_CHECKING:
    from chapterhouse.access.selectors import Roles
    from chapterhouse.core.models import JournalEntry


def conference_access(*, key: str, roles: Roles) -> Conference:
    """The conference ``key`` if the viewer may see it; 404 for missing and hidden alike."""
    conference = (
        Conference.objects.select_related("series", "convening_body", "preparatory_body")
        .filter(key=key)
        .first()
    )
    if conference is None or not may_see_conference(conference, roles):
        raise Http404
    return conference


def conference_list(*, roles: Roles) -> list[Conference]:
    rows = Conference.objects.select_related("series").order_by("-starts_on", "key")
    return [c for c in rows if may_see_conference(c, roles)]


def item_audience(conference: Conference, item: AgendaItem) -> str:
    base = ev.PUBLIC if conference.visibility == "public" else ev.MEMBERS
    return ev.narrower(base, item.audience)


def item_level(item: ev.ItemData) -> str:
    """The least level that sees the item (its own flags; a conference's visibility is
    checked before any of its items is read)."""
    return item.audience


def item_data(item: AgendaItem) -> ev.ItemData:
    return ev.ItemData(
        id=item.pk,
        parent=item.parent_id,
        kind=item.kind,
        title=item.title,
        planned_minutes=item.planned_minutes,
        audience=item.audience,
        is_done=item.is_done,
    )


def speaker_data(request: SpeakerRequest) -> ev.SpeakerData:
    return ev.SpeakerData(
        id=request.pk,
        item=request.item_id,
        person=request.participant.person.display_name,
        point_of_order=request.point_of_order,
        position=request.position,
        state=request.state,
        started_at=request.started_at.isoformat() if request.started_at else None,
        seconds=request.speaking_seconds,
    )


def visible_items(conference: Conference, level: str) -> QuerySet[AgendaItem]:
    """The agenda items a viewer of ``level`` may see; an item under one they may not see is
    left out with it."""
    items = conference.agenda_items.all()
    if ev.level_rank(level) < ev.level_rank(ev.CHAIR):
        items = items.filter(is_hidden=False)
    if ev.level_rank(level) < ev.level_rank(ev.MEMBERS):
        items = items.filter(is_internal=False)
    return items


def agenda(*, conference: Conference, level: str) -> list[ev.ItemData]:
    """The agenda as a viewer of ``level`` sees it, in order: depth first, each item's
    children after it, numbered "1", "1.1", ... among the items the viewer sees. An item
    under one the viewer may not see is not reached either. One query."""
    rows = list(visible_items(conference, level).order_by("position", "id"))
    by_parent: dict[int | None, list[AgendaItem]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    ordered: list[ev.ItemData] = []

    def walk(parent: int | None, prefix: str) -> None:
        for index, row in enumerate(by_parent.get(parent, []), start=1):
            number = f"{prefix}{index}"
            ordered.append(dataclasses.replace(item_data(row), number=number))
            walk(row.pk, f"{number}.")

    walk(None, "")
    return ordered


@dataclass(frozen=True)
class Attendance:
    present: int
    entitled: int
    present_weight: Decimal
    entitled_weight: Decimal
    quorum_met: bool


def attendance(*, conference: Conference) -> Attendance:
    """Who is entitled to vote, who of them is present, their weights, and whether the
    present weight reaches the quorum (a percentage of the entitled weight). One query."""
    counts = conference.participants.filter(voting_right=True).aggregate(
        entitled=Count("id"),
        present=Count("id", filter=Q(checked_in_at__isnull=False)),
        entitled_weight=Sum("weight"),
        present_weight=Sum("weight", filter=Q(checked_in_at__isnull=False)),
    )
    entitled_weight = counts["entitled_weight"] or Decimal(0)
    present_weight = counts["present_weight"] or Decimal(0)
    quorum = entitled_weight > 0 and present_weight * 100 >= entitled_weight * Decimal(
        conference.quorum_percent
    )
    return Attendance(
        present=counts["present"],
        entitled=counts["entitled"],
        present_weight=present_weight.normalize(),
        entitled_weight=entitled_weight.normalize(),
        quorum_met=bool(quorum),
    )


@dataclass(frozen=True)
class ProjectorState:
    """What the projector (and the head of every live page) shows to a viewer of ``level``."""

    level: str
    state: str
    session: int | None
    item: ev.ItemData | None
    speaker: ev.SpeakerData | None
    countdown_seconds: int | None
    waiting: tuple[ev.SpeakerData, ...] = field(default_factory=tuple)
    present: int = 0
    entitled: int = 0
    quorum_met: bool = False


def projector_state(*, conference: Conference, level: str) -> ProjectorState:
    """A fresh read of the projector for a viewer of ``level``: 4 queries (see
    tests/conferences/test_query_budget.py)."""
    item = visible_items(conference, level).filter(is_current=True).first()
    speaker = None
    countdown: int | None = None
    waiting: tuple[ev.SpeakerData, ...] = ()
    if item is not None:
        rows = list(
            item.speakers.filter(state__in=["requested", "speaking"])
            .select_related("participant__person")
            .order_by("position", "id")
        )
        speaking = [r for r in rows if r.state == "speaking"]
        speaker = speaker_data(speaking[0]) if speaking else None
        countdown = speaking[0].granted_seconds if speaking else None
        waiting = tuple(speaker_data(r) for r in rows if r.state == "requested")
    session = conference.sessions.filter(state="open").values_list("number", flat=True).first()
    counts = attendance(conference=conference)
    return ProjectorState(
        level=level,
        state=conference.state,
        session=session,
        item=item_data(item) if item is not None else None,
        speaker=speaker,
        countdown_seconds=countdown,
        waiting=waiting,
        present=counts.present,
        entitled=counts.entitled,
        quorum_met=counts.quorum_met,
    )


def _same_view(a: ProjectorState, b: ProjectorState) -> bool:
    return a == b


def projector_apply(state: ProjectorState, event: ev.Event) -> ProjectorState:
    """``state`` after ``event`` (already cut to the viewer's level by ``for_level``)."""
    replace = dataclasses.replace
    match event:
        case ev.ConferenceStateChanged():
            return replace(state, state=event.state)
        case ev.SessionOpened():
            return replace(state, session=event.number)
        case ev.SessionClosed():
            return replace(state, session=None if state.session == event.number else state.session)
        case ev.AttendanceCounted():
            return replace(
                state, present=event.present, entitled=event.entitled, quorum_met=event.quorum_met
            )
        case ev.ItemOpened():
            return replace(
                state, item=event.item, speaker=event.speaker, waiting=(), countdown_seconds=None
            )
        case ev.ItemDone():
            if state.item is not None and state.item.id == event.item.id:
                return replace(state, item=None, speaker=None, waiting=(), countdown_seconds=None)
            return state
        case ev.ItemMoved():
            if state.item is None or state.item.id != event.item.id:
                return state
            if ev.level_rank(item_level(event.item)) > ev.level_rank(state.level):
                return replace(state, item=None, speaker=None, waiting=(), countdown_seconds=None)
            return replace(state, item=event.item)
        case (
            ev.SpeakerRequested()
            | ev.SpeakerWithdrawn()
            | ev.SpeakersReordered()
            | (ev.SpeakerStarted())
            | ev.SpeakerStopped()
        ):
            return _apply_speakers(state, event)
    return state


def _apply_speakers(state: ProjectorState, event: ev.Event) -> ProjectorState:
    replace = dataclasses.replace
    if state.item is None:
        return state
    item_id = event.item if isinstance(event, ev.SpeakersReordered) else event.speaker.item  # type: ignore[attr-defined]  # every other speaker event carries .speaker
    if item_id != state.item.id:
        return state
    waiting = list(state.waiting)
    match event:
        case ev.SpeakerRequested():
            waiting.insert(event.speaker.position, event.speaker)
            return replace(state, waiting=_renumbered(waiting))
        case ev.SpeakerWithdrawn():
            return replace(
                state, waiting=_renumbered([w for w in waiting if w.id != event.speaker.id])
            )
        case ev.SpeakersReordered():
            by_id = {w.id: w for w in waiting}
            return replace(
                state, waiting=_renumbered([by_id[i] for i in event.order if i in by_id])
            )
        case ev.SpeakerStarted():
            return replace(
                state,
                speaker=event.speaker,
                countdown_seconds=event.countdown_seconds,
                waiting=_renumbered([w for w in waiting if w.id != event.speaker.id]),
            )
        case ev.SpeakerStopped():
            if state.speaker is not None and state.speaker.id == event.speaker.id:
                return replace(state, speaker=None, countdown_seconds=None)
    return state


def _renumbered(rows: list[ev.SpeakerData]) -> tuple[ev.SpeakerData, ...]:
    return tuple(dataclasses.replace(row, position=index) for index, row in enumerate(rows))


def journal_for(*, conference: Conference, level: str, after_id: int = 0) -> list[ev.Event]:
    """The conference's journal after ``after_id`` as a viewer of ``level`` may see it."""
    return [
        event
        for _entry, event in journal_entries_for(
            conference=conference, level=level, after_id=after_id
        )
    ]


def journal_entries_for(
    *, conference: Conference, level: str, after_id: int = 0
) -> list[tuple[JournalEntry, ev.Event]]:
    """As ``journal_for``, each event beside its entry (its id and time: the minutes')."""
    shown: list[tuple[JournalEntry, ev.Event]] = []
    voided_speeches: set[int] = set()
    voided_letters: set[str] = set()
    if level != ev.CHAIR:
        # Speeches and letters voided as entered in error leave the journal as everyone but
        # the chair level sees it (two queries, whatever the journal's length).
        voided_speeches = set(
            Speech.all_objects.filter(conference=conference, voided_at__isnull=False).values_list(
                "pk", flat=True
            )
        )
        voided_letters = set(
            Letter.all_objects.filter(
                voided_at__isnull=False, presentations__item__conference=conference
            ).values_list("key", flat=True)
        )
    for entry in journal_since(scope=conference.scope, after_id=after_id):
        event = ev.entry_event(entry).for_level(level)
        if event is None:
            continue
        if (
            isinstance(event, ev.SpeechDelivered | ev.SpeechPublished)
            and event.speech in voided_speeches
        ):
            continue
        if isinstance(event, ev.LetterPresented) and event.letter in voided_letters:
            continue
        shown.append((entry, event))
    return shown


@dataclass(frozen=True)
class SpeakingTime:
    """Cumulative speaking time at a conference, per person and per delegation (the branch
    or partner organization represented), in seconds, most first."""

    by_person: list[tuple[str, int]]
    by_delegation: list[tuple[str, int]]


def speaking_time(*, conference: Conference, level: str) -> SpeakingTime:
    """Speaking time on the items a viewer of ``level`` may see (the chair: all). Two queries."""
    done = SpeakerRequest.objects.filter(item__in=visible_items(conference, level), state="done")
    persons = (
        done.values("participant__person__display_name")
        .annotate(total=Sum("speaking_seconds"))
        .order_by("-total", "participant__person__display_name")
    )
    delegations = (
        done.filter(
            Q(participant__represents_branch__isnull=False)
            | Q(participant__represents_partner__isnull=False)
        )
        .values("participant__represents_branch__name", "participant__represents_partner__name")
        .annotate(total=Sum("speaking_seconds"))
        .order_by("-total")
    )
    return SpeakingTime(
        by_person=[(r["participant__person__display_name"], r["total"] or 0) for r in persons],
        by_delegation=[
            (
                r["participant__represents_branch__name"]
                or r["participant__represents_partner__name"],
                r["total"] or 0,
            )
            for r in delegations
        ],
    )


def participant_list(*, conference: Conference) -> QuerySet[Participant]:
    return conference.participants.select_related(
        "person", "represents_branch", "represents_partner"
    ).order_by("person__display_name", "id")


def speech_list(*, conference: Conference, level: str) -> list[Speech]:
    """Speeches on items the viewer may see (or on none); their full text only if published
    or for the chair (the API leaves it out otherwise)."""
    items = visible_items(conference, level)
    return list(
        Speech.objects.filter(conference=conference)
        .filter(Q(item__isnull=True) | Q(item__in=items))
        .select_related("speaker", "item")
        .order_by("delivered_at", "id")
    )


def viewer_level_for(conference: Conference, roles: Roles) -> str:
    return viewer_level(conference, roles)
