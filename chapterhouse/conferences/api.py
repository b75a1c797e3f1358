"""The conferences context over HTTP: conferences, their agenda, projector state, participants
and speakers, and the chair's actions. Who may act is the services' rule (the chair level:
the secretariat and the presidium; a delegate asks to speak for themselves); whoever may not
is told 404, as for anything they may not see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from chapterhouse.access.selectors import roles_for
from chapterhouse.api.auth import AUTH, ApiTokenAuth, SessionAuth, nobody, roles, viewer
from chapterhouse.api.pagination import Page, PageQuery, paginate
from chapterhouse.api.schemas import Payload, Ref, answers, named
from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import events as ev
from chapterhouse.conferences import selectors, services
from chapterhouse.conferences.models import (
    AgendaItem,
    Conference,
    Participant,
    SpeakerRequest,
)
from chapterhouse.conferences.states import ConferenceState
from chapterhouse.people.models import Person

router = Router(tags=["conferences"], auth=AUTH)
T = TypeVar("T")

PARTICIPANT = "participant"


def _gate(request: HttpRequest, user: Any, need: str) -> Any:
    """Let ``user`` through to a write on the conference of the path if they are at the chair
    level (``need`` CHAIR), or also a participant of it (``need`` PARTICIPANT); 404 for anyone
    else, before the request body is read (as ``api.auth.WRITE_AUTH`` does for the
    secretariat's writes)."""
    match = request.resolver_match
    key = match.kwargs.get("key") if match is not None else None
    conference = Conference.objects.filter(key=key).first() if isinstance(key, str) else None
    if conference is None:
        raise Http404
    viewer_roles = roles_for(user)
    level = selectors.viewer_level_for(conference, viewer_roles)
    if level == ev.CHAIR:
        return user
    if (
        need == PARTICIPANT
        and viewer_roles.person_id is not None
        and conference.participants.filter(person_id=viewer_roles.person_id).exists()
    ):
        return user
    raise Http404


class _GateToken(ApiTokenAuth):
    def __init__(self, need: str) -> None:
        self.need = need
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        user = super().__call__(request)
        return None if user is None else _gate(request, user, self.need)


class _GateSession(SessionAuth):
    def __init__(self, need: str) -> None:
        self.need = need
        super().__init__()

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return None if user is None else _gate(request, user, self.need)


# The chair's writes, and the writes a participant makes for themselves.
CHAIR_AUTH = [_GateToken(ev.CHAIR), _GateSession(ev.CHAIR), nobody]
PARTICIPANT_AUTH = [_GateToken(PARTICIPANT), _GateSession(PARTICIPANT), nobody]


@contextmanager
def _refused_as_404() -> Iterator[None]:
    """A service's refusal of who acts (PermissionDenied) is a 404, as every access helper's."""
    try:
        yield
    except PermissionDenied:
        raise Http404 from None


# --- schemas -------------------------------------------------------------------------------


class ConferenceOut(Schema):
    key: str
    title: str = Field(description="Numbered in its series, in the request's language.")
    series: Ref
    number: int
    kind: str
    format: str
    venue: str
    meeting_link: str
    occasion: str
    state: ConferenceState
    starts_on: dt.date
    ends_on: dt.date | None
    viewer_level: str = Field(description="public, members or chair: what the viewer sees.")


class ItemOut(Schema):
    id: int
    parent: int | None
    kind: str
    title: str
    planned_minutes: int
    audience: str
    is_done: bool
    number: str = Field(description='"2.1": its place among the items the viewer sees.')


class SpeakerOut(Schema):
    id: int
    item: int
    person: str
    point_of_order: bool
    position: int
    state: str
    started_at: str | None
    seconds: int


class ProjectorOut(Schema):
    state: str
    session: int | None
    item: ItemOut | None
    speaker: SpeakerOut | None
    countdown_seconds: int | None
    waiting: list[SpeakerOut]
    present: int
    entitled: int
    quorum_met: bool


class ParticipantOut(Schema):
    id: int
    person: Ref
    roles: list[str]
    voting_right: bool
    weight: Decimal
    represents: Ref | None
    checked_in_at: dt.datetime | None


class SpeakingTimeRow(Schema):
    name: str
    seconds: int


class SpeakingTimeOut(Schema):
    by_person: list[SpeakingTimeRow]
    by_delegation: list[SpeakingTimeRow]


class StateIn(Payload):
    state: ConferenceState


class SpeakIn(Payload):
    participant: int | None = Field(
        None, description="The participant's id; left out: the viewer's own participation."
    )
    point_of_order: bool = False


class StartIn(Payload):
    seconds: int | None = Field(None, ge=10, le=services.MAX_SPEAKING_SECONDS)


class CheckInIn(Payload):
    persons: list[str] = Field(default_factory=list, max_length=10_000)
    branch: str | None = Field(None, description="Check in the whole delegation of a branch.")


class CheckedInOut(Schema):
    checked_in: int


# --- rendering -----------------------------------------------------------------------------


def _conference_out(conference: Conference, level: str) -> ConferenceOut:
    from django.utils.translation import get_language

    return ConferenceOut(
        key=conference.key,
        title=conference.title(get_language() or "en"),
        series=Ref(key=conference.series.key, name=named(conference.series)),
        number=conference.number,
        kind=conference.kind,
        format=conference.format,
        venue=conference.venue,
        meeting_link=conference.meeting_link,
        occasion=conference.occasion,
        state=ConferenceState(conference.state),
        starts_on=conference.starts_on,
        ends_on=conference.ends_on,
        viewer_level=level,
    )


def _item_out(item: ev.ItemData) -> ItemOut:
    return ItemOut(**item.__dict__)


def _speaker_out(speaker: ev.SpeakerData) -> SpeakerOut:
    return SpeakerOut(**speaker.__dict__)


def _participant_out(p: Participant) -> ParticipantOut:
    represents = p.represents_branch or p.represents_partner
    return ParticipantOut(
        id=p.pk,
        person=Ref(key=p.person.key, name=p.person.display_name),
        roles=p.roles,
        voting_right=p.voting_right,
        weight=p.weight,
        represents=Ref(key=represents.key, name=named(represents)) if represents else None,
        checked_in_at=p.checked_in_at,
    )


def _access(request: HttpRequest, key: str) -> tuple[Conference, str]:
    conference = selectors.conference_access(key=key, roles=roles(request))
    return conference, selectors.viewer_level_for(conference, roles(request))


def _chair_access(request: HttpRequest, key: str) -> Conference:
    conference, level = _access(request, key)
    if level != ev.CHAIR:
        raise Http404
    return conference


def _item(conference: Conference, level: str, item_id: int) -> AgendaItem:
    item = selectors.visible_items(conference, level).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def _call(action: Callable[[], T]) -> T:
    with _refused_as_404():
        return action()


# --- reads ---------------------------------------------------------------------------------


@router.get("/conferences", response=answers({200: Page[ConferenceOut]}))
def conference_list(request: HttpRequest, page: Query[PageQuery]) -> Page[ConferenceOut]:
    """The conferences the viewer may see, the latest first."""
    viewer_roles = roles(request)
    return paginate(
        selectors.conference_list(roles=viewer_roles),
        key=lambda c: (-c.starts_on.toordinal(), c.key),
        query=page,
        render=lambda rows: [
            _conference_out(c, selectors.viewer_level_for(c, viewer_roles)) for c in rows
        ],
    )


@router.get("/conferences/{key}", response=answers({200: ConferenceOut}))
def conference_get(request: HttpRequest, key: str) -> ConferenceOut:
    conference, level = _access(request, key)
    return _conference_out(conference, level)


@router.get("/conferences/{key}/agenda", response=answers({200: list[ItemOut]}))
def conference_agenda(request: HttpRequest, key: str) -> list[ItemOut]:
    """The agenda as the viewer may see it: hidden items for the chair only, internal items
    for members; depth first."""
    conference, level = _access(request, key)
    return [_item_out(i) for i in selectors.agenda(conference=conference, level=level)]


@router.get("/conferences/{key}/projector", response=answers({200: ProjectorOut}))
def conference_projector(request: HttpRequest, key: str) -> ProjectorOut:
    """Current item, current speaker and countdown, the waiting speakers, attendance."""
    conference, level = _access(request, key)
    state = selectors.projector_state(conference=conference, level=level)
    return ProjectorOut(
        state=state.state,
        session=state.session,
        item=_item_out(state.item) if state.item else None,
        speaker=_speaker_out(state.speaker) if state.speaker else None,
        countdown_seconds=state.countdown_seconds,
        waiting=[_speaker_out(s) for s in state.waiting],
        present=state.present,
        entitled=state.entitled,
        quorum_met=state.quorum_met,
    )


@router.get("/conferences/{key}/participants", response=answers({200: Page[ParticipantOut]}))
def conference_participants(
    request: HttpRequest, key: str, page: Query[PageQuery]
) -> Page[ParticipantOut]:
    """Who takes part, by name (those who run the conference only)."""
    conference = _chair_access(request, key)
    return paginate(
        selectors.participant_list(conference=conference),
        key=lambda p: (p.person.display_name, p.pk),
        query=page,
        render=lambda rows: [_participant_out(p) for p in rows],
    )


@router.get("/conferences/{key}/speaking-time", response=answers({200: SpeakingTimeOut}))
def conference_speaking_time(request: HttpRequest, key: str) -> SpeakingTimeOut:
    """Cumulative speaking time per person and per delegation (for the chair)."""
    conference = _chair_access(request, key)
    times = selectors.speaking_time(conference=conference, level=ev.CHAIR)
    return SpeakingTimeOut(
        by_person=[SpeakingTimeRow(name=n, seconds=s) for n, s in times.by_person],
        by_delegation=[SpeakingTimeRow(name=n, seconds=s) for n, s in times.by_delegation],
    )


# --- the chair's actions -------------------------------------------------------------------


@router.post(
    "/conferences/{key}/state", response=answers({200: ConferenceOut}, write=True), auth=CHAIR_AUTH
)
def conference_state_change(request: HttpRequest, key: str, payload: StateIn) -> ConferenceOut:
    conference = _chair_access(request, key)
    changed = _call(
        lambda: services.conference_state_change(
            conference=conference, state=payload.state, by=viewer(request)
        )
    )
    return _conference_out(changed, ev.CHAIR)


@router.post(
    "/conferences/{key}/agenda/{item_id}/current",
    response=answers({200: ItemOut}, write=True),
    auth=CHAIR_AUTH,
)
def agenda_item_set_current(request: HttpRequest, key: str, item_id: int) -> ItemOut:
    conference = _chair_access(request, key)
    item = _item(conference, ev.CHAIR, item_id)
    done = _call(lambda: services.agenda_item_set_current(item=item, by=viewer(request)))
    return _item_out(selectors.item_data(done))


@router.post(
    "/conferences/{key}/agenda/{item_id}/done",
    response=answers({200: ItemOut}, write=True),
    auth=CHAIR_AUTH,
)
def agenda_item_mark_done(request: HttpRequest, key: str, item_id: int) -> ItemOut:
    conference = _chair_access(request, key)
    item = _item(conference, ev.CHAIR, item_id)
    done = _call(lambda: services.agenda_item_mark_done(item=item, by=viewer(request)))
    return _item_out(selectors.item_data(done))


@router.post(
    "/conferences/{key}/agenda/{item_id}/speakers",
    response=answers({201: SpeakerOut}, write=True),
    auth=PARTICIPANT_AUTH,
)
def speaker_request(
    request: HttpRequest, key: str, item_id: int, payload: SpeakIn
) -> Status[SpeakerOut]:
    """Ask to speak on an item: a delegate for themselves (leave `participant` out); the chair
    for anyone."""
    conference, level = _access(request, key)
    item = _item(conference, level, item_id)
    viewer_roles = roles(request)
    rows = conference.participants.all()
    if payload.participant is not None:
        participant = rows.filter(pk=payload.participant).first()
    elif viewer_roles.person_id is not None:
        participant = rows.filter(person_id=viewer_roles.person_id).first()
    else:
        participant = None
    if participant is None or (viewer_roles.person_id is None and level != ev.CHAIR):
        raise Http404
    made = _call(
        lambda: services.speaker_request(
            item=item,
            participant=participant,
            point_of_order=payload.point_of_order,
            by=viewer(request),
        )
    )
    made = SpeakerRequest.objects.select_related("participant__person").get(pk=made.pk)
    return Status(201, _speaker_out(selectors.speaker_data(made)))


def _request(conference: Conference, request_id: int) -> SpeakerRequest:
    found = (
        SpeakerRequest.objects.filter(pk=request_id, item__conference=conference)
        .select_related("item__conference", "participant__person")
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.post(
    "/conferences/{key}/speakers/{request_id}/start",
    response=answers({200: SpeakerOut}, write=True),
    auth=CHAIR_AUTH,
)
def speaker_start(request: HttpRequest, key: str, request_id: int, payload: StartIn) -> SpeakerOut:
    conference = _chair_access(request, key)
    found = _request(conference, request_id)
    done = _call(
        lambda: services.speaker_start(request=found, seconds=payload.seconds, by=viewer(request))
    )
    return _speaker_out(selectors.speaker_data(done))


@router.post(
    "/conferences/{key}/speakers/{request_id}/stop",
    response=answers({200: SpeakerOut}, write=True),
    auth=CHAIR_AUTH,
)
def speaker_stop(request: HttpRequest, key: str, request_id: int) -> SpeakerOut:
    conference = _chair_access(request, key)
    found = _request(conference, request_id)
    done = _call(lambda: services.speaker_stop(request=found, by=viewer(request)))
    return _speaker_out(selectors.speaker_data(done))


@router.post(
    "/conferences/{key}/speakers/{request_id}/withdraw",
    response=answers({200: SpeakerOut}, write=True),
    auth=PARTICIPANT_AUTH,
)
def speaker_withdraw(request: HttpRequest, key: str, request_id: int) -> SpeakerOut:
    """Withdraw a request to speak: one's own, or (the chair) anyone's."""
    conference, _level = _access(request, key)
    found = _request(conference, request_id)
    done = _call(lambda: services.speaker_withdraw(request=found, by=viewer(request)))
    return _speaker_out(selectors.speaker_data(done))


@router.post(
    "/conferences/{key}/check-in",
    response=answers({200: CheckedInOut}, write=True),
    auth=CHAIR_AUTH,
)
def participants_check_in(request: HttpRequest, key: str, payload: CheckInIn) -> CheckedInOut:
    """Check in participants by person key, or a branch's whole delegation."""
    conference = _chair_access(request, key)
    from chapterhouse.core.errors import field_error
    from chapterhouse.organizations.models import Branch

    branch = None
    if payload.branch is not None:
        branch = Branch.objects.filter(key=payload.branch).first()
        if branch is None:
            raise field_error("branch", msg.CSV_UNKNOWN_BRANCH.format(key=payload.branch))
    found = {p.key: p for p in Person.objects.filter(key__in=payload.persons)}
    persons = [found.get(k) or Person(key=k, display_name=k) for k in payload.persons]
    count = _call(
        lambda: services.participants_check_in(
            conference=conference, persons=persons, branch=branch, by=viewer(request)
        )
    )
    return CheckedInOut(checked_in=count)
