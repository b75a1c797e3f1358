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
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from chapterhouse.access.selectors import roles_for
from chapterhouse.api.auth import (
    AUTH,
    WRITE_AUTH,
    ApiTokenAuth,
    SessionAuth,
    nobody,
    roles,
    secretariat,
    viewer,
)
from chapterhouse.api.base import field_errors
from chapterhouse.api.pagination import Page, PageQuery, paginate
from chapterhouse.api.refs import Refs
from chapterhouse.api.schemas import Payload, Ref, VoidedOut, VoidIn, answers, named, voided_out
from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import events as ev
from chapterhouse.conferences import projector, selectors, services
from chapterhouse.conferences.models import (
    LETTER_MAX_LENGTH,
    MAX_BULK,
    SPEECH_MAX_LENGTH,
    AgendaItem,
    Conference,
    ConferenceKind,
    ConferenceSeries,
    Format,
    ItemKind,
    Letter,
    LetterDirection,
    Participant,
    ProjectorToken,
    SpeakerRequest,
    Speech,
)
from chapterhouse.conferences.states import ConferenceState
from chapterhouse.organizations.models import Observance, Visibility
from chapterhouse.people.api import PeopleRefs
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


# --- preparing a conference (the secretariat; the chair for its own conference) -------------


class ConferenceRefs(PeopleRefs):
    """Keys of conferences' objects in a request, and the lower contexts'."""

    def series(self, field: str, key: str | None) -> ConferenceSeries | None:
        def get(k: str) -> ConferenceSeries:
            found = ConferenceSeries.objects.filter(key=k).first()
            if found is None:
                raise Http404
            return found

        return self.find(field, key, get, msg.UNKNOWN_SERIES)

    def observance(self, field: str, key: str | None) -> Observance | None:
        def get(k: str) -> Observance:
            found = Observance.objects.filter(key=k).first()
            if found is None:
                raise Http404
            return found

        return self.find(field, key, get, msg.UNKNOWN_OBSERVANCE)


class ConferenceIn(Payload):
    key: str = Field(max_length=80)
    series: str
    number: int = Field(ge=1, le=32767)
    kind: ConferenceKind
    convening_body: str
    preparatory_body: str | None = None
    presidium: str | None = None
    format: Format
    venue: str = Field("", max_length=300)
    meeting_link: str = Field("", max_length=500)
    occasion: str = Field("", max_length=300)
    occasion_observance: str | None = None
    occasion_event: str | None = None
    starts_on: dt.date
    ends_on: dt.date | None = None
    visibility: Visibility = Visibility.PUBLIC
    quorum_percent: int = Field(50, ge=1, le=100)
    first_contributions_first: bool = False
    default_speaking_seconds: int = Field(300, ge=10, le=7200)


class ConferencePatch(Payload):
    """Fields left out are left alone; a reference sent as null is cleared."""

    kind: ConferenceKind | None = None
    convening_body: str | None = None
    preparatory_body: str | None = None
    presidium: str | None = None
    format: Format | None = None
    venue: str | None = Field(None, max_length=300)
    meeting_link: str | None = Field(None, max_length=500)
    occasion: str | None = Field(None, max_length=300)
    occasion_observance: str | None = None
    occasion_event: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    visibility: Visibility | None = None
    quorum_percent: int | None = Field(None, ge=1, le=100)
    first_contributions_first: bool | None = None
    default_speaking_seconds: int | None = Field(None, ge=10, le=7200)


@router.post("/conferences", response=answers({201: ConferenceOut}, write=True), auth=WRITE_AUTH)
def conference_create(request: HttpRequest, payload: ConferenceIn) -> Status[ConferenceOut]:
    by = secretariat(request)
    refs = ConferenceRefs(roles=roles(request))
    series = refs.series("series", payload.series)
    convening = refs.body("convening_body", payload.convening_body)
    preparatory = refs.body("preparatory_body", payload.preparatory_body)
    presidium = refs.body("presidium", payload.presidium)
    observance = refs.observance("occasion_observance", payload.occasion_observance)
    event = refs.event("occasion_event", payload.occasion_event)
    refs.check()
    conference = services.conference_create(
        key=payload.key,
        series=Refs.found(series),
        number=payload.number,
        kind=payload.kind,
        convening_body=Refs.found(convening),
        preparatory_body=preparatory,
        presidium=presidium,
        format=payload.format,
        venue=payload.venue,
        meeting_link=payload.meeting_link,
        occasion=payload.occasion,
        occasion_observance=observance,
        occasion_event=event,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        visibility=payload.visibility,
        quorum_percent=payload.quorum_percent,
        first_contributions_first=payload.first_contributions_first,
        default_speaking_seconds=payload.default_speaking_seconds,
        by=by,
    )
    return Status(201, _conference_out(conference, ev.CHAIR))


_REFERENCES = ("convening_body", "preparatory_body", "presidium")


@router.patch(
    "/conferences/{key}", response=answers({200: ConferenceOut}, write=True), auth=CHAIR_AUTH
)
def conference_update(request: HttpRequest, key: str, payload: ConferencePatch) -> ConferenceOut:
    """Correct a conference's settings (its state changes through `/state`)."""
    conference = _chair_access(request, key)
    sent = payload.model_dump(exclude_unset=True)
    refs = ConferenceRefs(roles=roles(request))
    changes: dict[str, Any] = {}
    for name, value in sent.items():
        if name in _REFERENCES:
            changes[name] = refs.body(name, value)
        elif name == "occasion_observance":
            changes[name] = refs.observance(name, value)
        elif name == "occasion_event":
            changes[name] = refs.event(name, value)
        elif value is None and name not in ("ends_on",):
            continue
        else:
            changes[name] = value
    refs.check()
    if changes.get("convening_body", conference.convening_body) is None:
        raise field_errors("body", {"convening_body": [msg.CONVENING_BODY_REQUIRED]})
    changed = _call(
        lambda: services.conference_update(conference=conference, by=viewer(request), **changes)
    )
    return _conference_out(changed, ev.CHAIR)


class SessionIn(Payload):
    starts_at: dt.datetime
    number: int | None = Field(None, ge=1, le=32767)


class SessionOut(Schema):
    number: int
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    state: str


@router.post(
    "/conferences/{key}/sessions",
    response=answers({201: SessionOut}, write=True),
    auth=CHAIR_AUTH,
)
def session_add(request: HttpRequest, key: str, payload: SessionIn) -> Status[SessionOut]:
    conference = _chair_access(request, key)
    session = _call(
        lambda: services.session_add(
            conference=conference,
            starts_at=payload.starts_at,
            number=payload.number,
            by=viewer(request),
        )
    )
    return Status(
        201,
        SessionOut(
            number=session.number,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            state=session.state,
        ),
    )


# --- participants --------------------------------------------------------------------------


class ParticipantIn(Payload):
    person: str
    roles: list[str] = Field(min_length=1, max_length=4)
    voting_right: bool = False
    weight: Decimal = Field(Decimal(1), ge=0, max_digits=8, decimal_places=3)
    branch: str | None = Field(None, description="The branch represented.")
    partner: str | None = Field(None, description="The partner organization represented.")


class ParticipantsIn(Payload):
    participants: list[ParticipantIn] = Field(min_length=1, max_length=MAX_BULK)


class ParticipantPatch(Payload):
    roles: list[str] | None = Field(None, min_length=1, max_length=4)
    voting_right: bool | None = None
    weight: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=3)
    branch: str | None = None
    partner: str | None = None


def _participants_of(conference: Conference) -> Any:
    return selectors.participant_list(conference=conference)


@router.post(
    "/conferences/{key}/participants",
    response=answers({201: list[ParticipantOut]}, write=True),
    auth=CHAIR_AUTH,
)
def participants_add(
    request: HttpRequest, key: str, payload: ParticipantsIn
) -> Status[list[ParticipantOut]]:
    """Add participants: all or none (each person once per conference)."""
    conference = _chair_access(request, key)
    refs = ConferenceRefs(roles=roles(request))
    found = []
    for index, row in enumerate(payload.participants):
        found.append(
            (
                refs.person(f"participants[{index}].person", row.person),
                refs.branch(f"participants[{index}].branch", row.branch),
                refs.partner(f"participants[{index}].partner", row.partner),
            )
        )
    refs.check()
    specs = [
        services.ParticipantSpec(
            person=Refs.found(person),
            roles=row.roles,
            voting_right=row.voting_right,
            weight=row.weight,
            represents_branch=branch,
            represents_partner=partner,
        )
        for row, (person, branch, partner) in zip(payload.participants, found, strict=True)
    ]
    made = _call(
        lambda: services.participants_add(
            conference=conference, participants=specs, by=viewer(request)
        )
    )
    rows = _participants_of(conference).filter(pk__in=[p.pk for p in made])
    return Status(201, [_participant_out(p) for p in rows])


@router.post(
    "/conferences/{key}/participants/{participant_id}",
    response=answers({200: ParticipantOut}, write=True),
    auth=CHAIR_AUTH,
)
def participant_update(
    request: HttpRequest, key: str, participant_id: int, payload: ParticipantPatch
) -> ParticipantOut:
    """Correct a participant's roles, voting right, weight or whom they represent."""
    conference = _chair_access(request, key)
    participant = _participants_of(conference).filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    sent = payload.model_dump(exclude_unset=True)
    refs = ConferenceRefs(roles=roles(request))
    changes: dict[str, Any] = {}
    if "branch" in sent:
        changes["represents_branch"] = refs.branch("branch", sent["branch"])
    if "partner" in sent:
        changes["represents_partner"] = refs.partner("partner", sent["partner"])
    refs.check()
    if sent.get("voting_right") is not None:
        changes["voting_right"] = sent["voting_right"]
    if sent.get("weight") is not None:
        changes["weight"] = sent["weight"]
    _call(
        lambda: services.participant_update(
            participant=participant, roles=sent.get("roles"), by=viewer(request), **changes
        )
    )
    return _participant_out(_participants_of(conference).get(pk=participant_id))


class CsvIn(Payload):
    text: str = Field(
        max_length=5_000_000, description="The CSV file: a header row, then a row each."
    )


class RowErrorOut(Schema):
    line: int
    field: str
    message: str


class ImportOut(Schema):
    ok: bool = Field(description="True if no row is bad (and, on import, all were added).")
    participants: int = Field(description="How many participants the file adds.")
    errors: list[RowErrorOut]


def _import_out(preview: services.ImportPreview) -> ImportOut:
    return ImportOut(
        ok=not preview.errors,
        participants=len(preview.participants),
        errors=[RowErrorOut(line=e.line, field=e.field, message=e.message) for e in preview.errors],
    )


@router.post(
    "/conferences/{key}/participant-import/preview",
    response=answers({200: ImportOut}),
    auth=CHAIR_AUTH,
)
def participants_import_preview(request: HttpRequest, key: str, payload: CsvIn) -> ImportOut:
    """Read a CSV of participants and return every bad row; writes nothing."""
    conference = _chair_access(request, key)
    return _import_out(
        services.participants_import_preview(conference=conference, text=payload.text)
    )


@router.post(
    "/conferences/{key}/participant-import",
    response=answers({200: ImportOut}, write=True),
    auth=CHAIR_AUTH,
)
def participants_import(request: HttpRequest, key: str, payload: CsvIn) -> ImportOut:
    """Add the participants of a CSV file if no row is bad; otherwise write nothing and
    return every bad row (`ok` false)."""
    conference = _chair_access(request, key)
    return _import_out(
        _call(
            lambda: services.participants_import(
                conference=conference, text=payload.text, by=viewer(request)
            )
        )
    )


# --- agenda --------------------------------------------------------------------------------


class ItemIn(Payload):
    title: str = Field(max_length=300)
    kind: ItemKind
    parent: int | None = None
    planned_minutes: int = Field(0, ge=0, le=24 * 60)
    is_internal: bool = False
    is_hidden: bool = False


class MoveIn(Payload):
    parent: int | None = Field(None, description="The new parent item; null: the top level.")
    position: int = Field(ge=0, le=100_000)


@router.post(
    "/conferences/{key}/agenda", response=answers({201: ItemOut}, write=True), auth=CHAIR_AUTH
)
def agenda_item_add(request: HttpRequest, key: str, payload: ItemIn) -> Status[ItemOut]:
    conference = _chair_access(request, key)
    parent = _item(conference, ev.CHAIR, payload.parent) if payload.parent is not None else None
    item = _call(
        lambda: services.agenda_item_add(
            conference=conference,
            title=payload.title,
            kind=payload.kind,
            parent=parent,
            planned_minutes=payload.planned_minutes,
            is_internal=payload.is_internal,
            is_hidden=payload.is_hidden,
            by=viewer(request),
        )
    )
    return Status(201, _item_out(selectors.item_data(item)))


@router.post(
    "/conferences/{key}/agenda/{item_id}/move",
    response=answers({200: ItemOut}, write=True),
    auth=CHAIR_AUTH,
)
def agenda_item_move(request: HttpRequest, key: str, item_id: int, payload: MoveIn) -> ItemOut:
    """Put an item under another (or at the top level) at a position among its siblings."""
    conference = _chair_access(request, key)
    item = _item(conference, ev.CHAIR, item_id)
    parent = _item(conference, ev.CHAIR, payload.parent) if payload.parent is not None else None
    moved = _call(
        lambda: services.agenda_item_move(
            item=item, parent=parent, position=payload.position, by=viewer(request)
        )
    )
    return _item_out(selectors.item_data(moved))


# --- speeches ------------------------------------------------------------------------------


class SpeechIn(Payload):
    speaker: str = Field(description="The speaker's person key.")
    title: str = Field(max_length=300)
    text: str = Field("", max_length=SPEECH_MAX_LENGTH, description="Markdown.")
    item: int | None = None
    published: bool = False


class SpeechOut(Schema):
    id: int
    item: int | None
    speaker: Ref
    title: str
    published: bool
    delivered_at: dt.datetime


def _speech_out(speech: Speech) -> SpeechOut:
    return SpeechOut(
        id=speech.pk,
        item=speech.item_id,
        speaker=Ref(key=speech.speaker.key, name=speech.speaker.display_name),
        title=speech.title,
        published=speech.published,
        delivered_at=speech.delivered_at,
    )


def _speech(conference: Conference, speech_id: int) -> Speech:
    found = (
        Speech.objects.filter(pk=speech_id, conference=conference)
        .select_related("speaker", "conference")
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.post(
    "/conferences/{key}/speeches", response=answers({201: SpeechOut}, write=True), auth=CHAIR_AUTH
)
def speech_record(request: HttpRequest, key: str, payload: SpeechIn) -> Status[SpeechOut]:
    """Record a speech delivered (its full text as Markdown)."""
    conference = _chair_access(request, key)
    refs = ConferenceRefs(roles=roles(request))
    speaker = refs.person("speaker", payload.speaker)
    refs.check()
    item = _item(conference, ev.CHAIR, payload.item) if payload.item is not None else None
    speech = _call(
        lambda: services.speech_record(
            conference=conference,
            speaker=Refs.found(speaker),
            title=payload.title,
            text=payload.text,
            item=item,
            published=payload.published,
            by=viewer(request),
        )
    )
    return Status(201, _speech_out(speech))


@router.post(
    "/conferences/{key}/speeches/{speech_id}/publish",
    response=answers({200: SpeechOut}, write=True),
    auth=CHAIR_AUTH,
)
def speech_publish(request: HttpRequest, key: str, speech_id: int) -> SpeechOut:
    conference = _chair_access(request, key)
    speech = _speech(conference, speech_id)
    done = _call(lambda: services.speech_publish(speech=speech, by=viewer(request)))
    return _speech_out(_speech(conference, done.pk))


@router.post(
    "/conferences/{key}/speeches/{speech_id}/void",
    response=answers({200: VoidedOut}, write=True),
    auth=WRITE_AUTH,
)
def speech_void(request: HttpRequest, key: str, speech_id: int, payload: VoidIn) -> VoidedOut:
    """Void a speech entered in error: it leaves every answer but the secretariat's."""
    by = secretariat(request)
    conference = _chair_access(request, key)
    speech = _speech(conference, speech_id)
    return voided_out(
        _call(lambda: services.speech_void(speech=speech, reason=payload.reason, by=by))
    )


@router.post(
    "/conferences/{key}/speeches/{speech_id}/restore",
    response=answers({200: SpeechOut}, write=True),
    auth=WRITE_AUTH,
)
def speech_restore(request: HttpRequest, key: str, speech_id: int) -> SpeechOut:
    by = secretariat(request)
    conference = _chair_access(request, key)
    speech = Speech.all_objects.filter(
        pk=speech_id, conference=conference, voided_at__isnull=False
    ).first()
    if speech is None:
        raise Http404
    _call(lambda: services.speech_restore(speech=speech, by=by))
    return _speech_out(_speech(conference, speech_id))


# --- letters -------------------------------------------------------------------------------


class LetterIn(Payload):
    key: str = Field(max_length=80)
    direction: LetterDirection
    subject: str = Field(max_length=300)
    dated_on: dt.date
    partner: str | None = None
    person: str | None = None
    body: str | None = None
    occasion: str = Field("", max_length=300)
    text: str = Field("", max_length=LETTER_MAX_LENGTH)


class LetterOut(Schema):
    key: str
    direction: str
    subject: str
    dated_on: dt.date
    correspondent: Ref
    body: Ref | None
    occasion: str


def _letter_out(letter: Letter) -> LetterOut:
    other = letter.partner or letter.person
    name = letter.person.display_name if letter.person else named(letter.partner)
    return LetterOut(
        key=letter.key,
        direction=letter.direction,
        subject=letter.subject,
        dated_on=letter.dated_on,
        correspondent=Ref(key=other.key if other else "", name=name),
        body=Ref(key=letter.body.key, name=named(letter.body)) if letter.body else None,
        occasion=letter.occasion,
    )


class PresentIn(Payload):
    letter: str = Field(description="The letter's key.")


class PresentationOut(Schema):
    letter: str
    item: int
    presented_at: dt.datetime


@router.post("/letters", response=answers({201: LetterOut}, write=True), auth=WRITE_AUTH)
def letter_register(request: HttpRequest, payload: LetterIn) -> Status[LetterOut]:
    """Enter a letter in the register (in or out; a partner organization or a person)."""
    by = secretariat(request)
    refs = ConferenceRefs(roles=roles(request))
    partner = refs.partner("partner", payload.partner)
    person = refs.person("person", payload.person)
    body = refs.body("body", payload.body)
    refs.check()
    letter = services.letter_register(
        key=payload.key,
        direction=payload.direction,
        subject=payload.subject,
        dated_on=payload.dated_on,
        partner=partner,
        person=person,
        body=body,
        occasion=payload.occasion,
        text=payload.text,
        by=by,
    )
    return Status(201, _letter_out(letter))


@router.post(
    "/conferences/{key}/agenda/{item_id}/letters",
    response=answers({201: PresentationOut}, write=True),
    auth=CHAIR_AUTH,
)
def letter_present(
    request: HttpRequest, key: str, item_id: int, payload: PresentIn
) -> Status[PresentationOut]:
    """Present a letter (a greeting read out) at an item; journaled."""
    conference = _chair_access(request, key)
    item = _item(conference, ev.CHAIR, item_id)
    letter = Letter.objects.filter(key=payload.letter).first()
    if letter is None:
        raise field_errors("body", {"letter": [msg.UNKNOWN_LETTER.format(key=payload.letter)]})
    made = _call(lambda: services.letter_present(letter=letter, item=item, by=viewer(request)))
    return Status(
        201, PresentationOut(letter=letter.key, item=item.pk, presented_at=made.presented_at)
    )


@router.post("/letters/{key}/void", response=answers({200: VoidedOut}, write=True), auth=WRITE_AUTH)
def letter_void(request: HttpRequest, key: str, payload: VoidIn) -> VoidedOut:
    """Void a letter entered in error: it leaves the register and the conferences' journal
    as everyone but the secretariat sees them."""
    by = secretariat(request)
    letter = Letter.objects.filter(key=key).first()
    if letter is None:
        raise Http404
    return voided_out(services.letter_void(letter=letter, reason=payload.reason, by=by))


@router.post(
    "/letters/{key}/restore", response=answers({200: LetterOut}, write=True), auth=WRITE_AUTH
)
def letter_restore(request: HttpRequest, key: str) -> LetterOut:
    by = secretariat(request)
    letter = Letter.all_objects.filter(key=key, voided_at__isnull=False).first()
    if letter is None:
        raise Http404
    services.letter_restore(letter=letter, by=by)
    return _letter_out(Letter.objects.select_related("partner", "person", "body").get(pk=letter.pk))


# --- the projector's controls (the hall's AV desk) -----------------------------------------


class ProjectorTokenAuth(HttpBearer):
    """``Authorization: Bearer <projector token>``: the token of the conference in the path
    (``conferences.projector``), never a user's API token. No token, a wrong one, a revoked or
    rotated one, or another conference's: 401. It authenticates as the token's row; the routes
    act in the name of whoever issued it."""

    def authenticate(self, request: HttpRequest, token: str) -> ProjectorToken | None:
        match = request.resolver_match
        key = match.kwargs.get("key") if match is not None else None
        found = projector.projector_token_find(key=key, token=token) if key else None
        if found is None:
            raise AuthenticationError
        return found


PROJECTOR_AUTH = [ProjectorTokenAuth()]


class MessageIn(Payload):
    message: str = Field(min_length=1, max_length=projector.MESSAGE_MAX_LENGTH)


class ProjectorShownOut(Schema):
    message: str = Field(description="The message the projector shows; empty for none.")
    result: bool = Field(description="Whether it shows the last result of a vote.")


def _desk(request: HttpRequest) -> tuple[Conference, Any]:
    """The conference of the desk's token, and whom it acts for (the token's issuer)."""
    token = request.auth  # type: ignore[attr-defined]  # set by ninja from ProjectorTokenAuth
    assert isinstance(token, ProjectorToken)  # noqa: S101  -- PROJECTOR_AUTH is the only auth
    return token.conference, token.issued_by


def _shown_out(event: ev.ProjectorShown) -> ProjectorShownOut:
    return ProjectorShownOut(message=event.message, result=event.result)


@router.post(
    "/conferences/{key}/projector/next-item",
    response=answers({200: ItemOut}, write=True),
    auth=PROJECTOR_AUTH,
)
def projector_next_item(request: HttpRequest, key: str) -> ItemOut:
    """Make the next item that is not done the current one (projector token)."""
    conference, by = _desk(request)
    item = _call(lambda: projector.projector_next_item(conference=conference, by=by))
    return _item_out(selectors.item_data(item))


@router.post(
    "/conferences/{key}/projector/speaker/start",
    response=answers({200: SpeakerOut}, write=True),
    auth=PROJECTOR_AUTH,
)
def projector_speaker_start(request: HttpRequest, key: str) -> SpeakerOut:
    """Give the floor to the first speaker waiting on the current item (projector token)."""
    conference, by = _desk(request)
    done = _call(lambda: projector.projector_speaker_start(conference=conference, by=by))
    done = SpeakerRequest.objects.select_related("participant__person").get(pk=done.pk)
    return _speaker_out(selectors.speaker_data(done))


@router.post(
    "/conferences/{key}/projector/speaker/stop",
    response=answers({200: SpeakerOut}, write=True),
    auth=PROJECTOR_AUTH,
)
def projector_speaker_stop(request: HttpRequest, key: str) -> SpeakerOut:
    """Stop the speaker who has the floor on the current item (projector token)."""
    conference, by = _desk(request)
    done = _call(lambda: projector.projector_speaker_stop(conference=conference, by=by))
    done = SpeakerRequest.objects.select_related("participant__person").get(pk=done.pk)
    return _speaker_out(selectors.speaker_data(done))


@router.post(
    "/conferences/{key}/projector/result",
    response=answers({200: ProjectorShownOut}, write=True),
    auth=PROJECTOR_AUTH,
)
def projector_show_result(request: HttpRequest, key: str) -> ProjectorShownOut:
    """Show the last result of a vote on the projector (projector token)."""
    conference, by = _desk(request)
    return _shown_out(
        _call(lambda: projector.projector_show(conference=conference, result=True, by=by))
    )


@router.post(
    "/conferences/{key}/projector/message",
    response=answers({200: ProjectorShownOut}, write=True),
    auth=PROJECTOR_AUTH,
)
def projector_show_message(request: HttpRequest, key: str, payload: MessageIn) -> ProjectorShownOut:
    """Show a message on the projector (projector token)."""
    conference, by = _desk(request)
    return _shown_out(
        _call(
            lambda: projector.projector_show(conference=conference, message=payload.message, by=by)
        )
    )


@router.post(
    "/conferences/{key}/projector/clear",
    response=answers({200: ProjectorShownOut}, write=True),
    auth=PROJECTOR_AUTH,
)
def projector_clear(request: HttpRequest, key: str) -> ProjectorShownOut:
    """Clear the message or result the projector shows (projector token)."""
    conference, by = _desk(request)
    return _shown_out(_call(lambda: projector.projector_show(conference=conference, by=by)))
