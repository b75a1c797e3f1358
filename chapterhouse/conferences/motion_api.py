"""Motions over HTTP: read a conference's motions (with numbered lines and amendments as
diffs), submit one, support or unsupport it, and the chair's moves between states. Who may do
what is the services' rule; whoever may not is told 404, as for anything they may not see."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from chapterhouse.api.auth import AUTH, roles, viewer
from chapterhouse.api.schemas import Payload, answers
from chapterhouse.conferences import events as ev
from chapterhouse.conferences import motion_services as ms
from chapterhouse.conferences import selectors
from chapterhouse.conferences.api import CHAIR_AUTH, PARTICIPANT_AUTH
from chapterhouse.conferences.models import Conference
from chapterhouse.conferences.motion_views import MotionView, motion_rows, motion_view
from chapterhouse.conferences.motions import (
    MOTION_TEXT_MAX_LENGTH,
    MOTION_TITLE_MAX_LENGTH,
    MotionState,
)
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.models import Person

router = Router(tags=["motions"], auth=AUTH)
T = TypeVar("T")
MAX_SUBMITTERS = 50


class LineOut(Schema):
    number: int
    paragraph: int
    text: str


class RunOut(Schema):
    op: str = Field(description="equal, delete or insert.")
    text: str


class AmendmentOut(Schema):
    number: int
    identifier: str
    line_from: int
    line_to: int
    paragraph: int | None
    state: MotionState
    original: str
    text: str
    reason: str
    submitters: list[str]
    diff: list[RunOut] = Field(description="The proposed text against the original, by word.")


class MotionOut(Schema):
    number: int
    identifier: str = Field(description='"M 3".')
    title: str
    state: MotionState
    text: str
    reason: str
    recommendation: str = Field(description="The presidium's recommendation.")
    submitters: list[str]
    supporters: list[str]
    line_width: int | None = Field(description="Set at admission: the lines no longer change.")
    lines: list[LineOut]
    amendments: list[AmendmentOut]


class MotionIn(Payload):
    title: str = Field(max_length=MOTION_TITLE_MAX_LENGTH)
    text: str = Field(max_length=MOTION_TEXT_MAX_LENGTH)
    reason: str = Field("", max_length=MOTION_TEXT_MAX_LENGTH)
    submitters: list[str] = Field(
        default_factory=list,
        max_length=MAX_SUBMITTERS,
        description="Persons' keys; left out: the viewer alone.",
    )
    branch: str | None = Field(None, max_length=80, description="A submitting branch's key.")
    body: str | None = Field(None, max_length=80, description="A submitting body's key.")


class AmendmentIn(Payload):
    line_from: int | None = Field(None, description="The first line it replaces (from 1).")
    line_to: int | None = Field(None, description="The last line; left out: `line_from`.")
    paragraph: int | None = Field(None, description="Or a whole paragraph (from 1).")
    text: str = Field(max_length=MOTION_TEXT_MAX_LENGTH, description="The proposed text.")
    reason: str = Field("", max_length=MOTION_TEXT_MAX_LENGTH)
    submitters: list[str] = Field(
        default_factory=list,
        max_length=MAX_SUBMITTERS,
        description="Persons' keys; left out: the viewer alone.",
    )
    branch: str | None = Field(None, max_length=80, description="A submitting branch's key.")
    body: str | None = Field(None, max_length=80, description="A submitting body's key.")


class SupportIn(Payload):
    person: str | None = Field(
        None, max_length=80, description="A person's key (the chair); left out: the viewer."
    )


class MotionStateIn(Payload):
    state: MotionState


def _out(view: MotionView) -> MotionOut:
    m = view.motion
    return MotionOut(
        number=m.number,
        identifier=m.identifier,
        title=m.title,
        state=MotionState(m.state),
        text=m.text,
        reason=m.reason,
        recommendation=m.recommendation,
        submitters=view.submitters,
        supporters=view.supporters,
        line_width=m.line_width,
        lines=[LineOut(number=x.number, paragraph=x.paragraph, text=x.text) for x in view.lines],
        amendments=[
            AmendmentOut(
                number=a.amendment.number,
                identifier=a.amendment.identifier,
                line_from=a.amendment.line_from,
                line_to=a.amendment.line_to,
                paragraph=a.amendment.paragraph,
                state=MotionState(a.amendment.state),
                original=a.amendment.original,
                text=a.amendment.text,
                reason=a.amendment.reason,
                submitters=a.submitters,
                diff=[RunOut(op=op, text=text) for op, text in a.runs],
            )
            for a in view.amendments
        ],
    )


def _access(request: HttpRequest, key: str) -> tuple[Conference, str]:
    conference = selectors.conference_access(key=key, roles=roles(request))
    return conference, selectors.viewer_level_for(conference, roles(request))


def _one(request: HttpRequest, conference: Conference, level: str, number: int) -> MotionOut:
    motion = motion_rows(conference).filter(number=number).first()
    if motion is None:
        raise Http404
    return _out(motion_view(motion, level=level, roles=roles(request)))


def _call(action: Callable[[], T]) -> T:
    try:
        return action()
    except PermissionDenied:
        raise Http404 from None


def _person(key: str) -> Person:
    person = Person.objects.filter(key=key).first()
    if person is None:
        raise Http404
    return person


def _viewer_person(request: HttpRequest) -> Person:
    person_id = roles(request).person_id
    person = Person.objects.filter(pk=person_id).first() if person_id is not None else None
    if person is None:
        raise Http404
    return person


@router.get("/conferences/{key}/motions", response=answers({200: list[MotionOut]}))
def motion_list(request: HttpRequest, key: str) -> list[MotionOut]:
    """The conference's motions in their order, each with its numbered lines and amendments."""
    conference, level = _access(request, key)
    viewer_roles = roles(request)
    return [
        _out(motion_view(m, level=level, roles=viewer_roles))
        for m in motion_rows(conference).order_by("number")
    ]


def _submitters(
    request: HttpRequest, keys: list[str], branch_key: str | None, body_key: str | None
) -> tuple[list[Person], Branch | None, Body | None]:
    """The submitters named by key; none named: the viewer alone. 404 for a key that names
    nothing (or a body the viewer may not see)."""
    if keys:
        persons = [_person(k) for k in keys]
    elif branch_key is None and body_key is None:
        persons = [_viewer_person(request)]
    else:
        persons = []
    branch = Branch.objects.filter(key=branch_key).first() if branch_key else None
    body = Body.objects.filter(key=body_key).first() if body_key else None
    if (branch_key and branch is None) or (body_key and body is None):
        raise Http404
    if body is not None and not roles(request).can_see_body(body):
        raise Http404
    return persons, branch, body


@router.post(
    "/conferences/{key}/motions",
    response=answers({201: MotionOut}, write=True),
    auth=PARTICIPANT_AUTH,
)
def motion_submit(request: HttpRequest, key: str, payload: MotionIn) -> Status[MotionOut]:
    """Submit a motion: a participant in their own name (among `submitters`), the chair for
    anyone, a branch or a body."""
    conference, level = _access(request, key)
    persons, branch, body = _submitters(request, payload.submitters, payload.branch, payload.body)
    made = _call(
        lambda: ms.motion_submit(
            conference=conference,
            title=payload.title,
            text=payload.text,
            reason=payload.reason,
            submitter_persons=persons,
            submitter_branch=branch,
            submitter_body=body,
            by=viewer(request),
        )
    )
    return Status(201, _one(request, conference, level, made.number))


@router.post(
    "/conferences/{key}/motions/{number}/amendments",
    response=answers({201: MotionOut}, write=True),
    auth=PARTICIPANT_AUTH,
)
def amendment_submit(
    request: HttpRequest, key: str, number: int, payload: AmendmentIn
) -> Status[MotionOut]:
    """Propose `text` in place of lines `line_from`..`line_to` (or of a `paragraph`) of an
    admitted motion; answers the motion with its amendments."""
    conference, level = _access(request, key)
    motion = conference.motions.filter(number=number).first()
    if motion is None:
        raise Http404
    persons, branch, body = _submitters(request, payload.submitters, payload.branch, payload.body)
    _call(
        lambda: ms.amendment_submit(
            motion=motion,
            text=payload.text,
            line_from=payload.line_from,
            line_to=payload.line_to,
            paragraph=payload.paragraph,
            reason=payload.reason,
            submitter_persons=persons,
            submitter_branch=branch,
            submitter_body=body,
            by=viewer(request),
        )
    )
    return Status(201, _one(request, conference, level, number))


def _support(
    request: HttpRequest, key: str, number: int, payload: SupportIn, on: bool
) -> MotionOut:
    conference, level = _access(request, key)
    motion = conference.motions.filter(number=number).first()
    if motion is None:
        raise Http404
    person = _person(payload.person) if payload.person else _viewer_person(request)
    if on:
        _call(lambda: ms.motion_support(motion=motion, person=person, by=viewer(request)))
    else:
        _call(lambda: ms.motion_unsupport(motion=motion, person=person, by=viewer(request)))
    return _one(request, conference, level, number)


@router.post(
    "/conferences/{key}/motions/{number}/support",
    response=answers({200: MotionOut}, write=True),
    auth=PARTICIPANT_AUTH,
)
def motion_support(request: HttpRequest, key: str, number: int, payload: SupportIn) -> MotionOut:
    """Support a submitted motion: a participant for themselves, the chair for anyone."""
    return _support(request, key, number, payload, True)


@router.post(
    "/conferences/{key}/motions/{number}/unsupport",
    response=answers({200: MotionOut}, write=True),
    auth=PARTICIPANT_AUTH,
)
def motion_unsupport(request: HttpRequest, key: str, number: int, payload: SupportIn) -> MotionOut:
    """Withdraw support from a submitted motion."""
    return _support(request, key, number, payload, False)


@router.post(
    "/conferences/{key}/motions/{number}/state",
    response=answers({200: MotionOut}, write=True),
    auth=CHAIR_AUTH,
)
def motion_state_change(
    request: HttpRequest, key: str, number: int, payload: MotionStateIn
) -> MotionOut:
    """The chair moves a motion as the conference's workflow allows; to "admitted" only with
    the minimum of supporters (its lines are then fixed)."""
    conference, level = _access(request, key)
    if level != ev.CHAIR:
        raise Http404
    motion = conference.motions.filter(number=number).first()
    if motion is None:
        raise Http404
    target = str(payload.state)
    if target == MotionState.ADMITTED:
        _call(lambda: ms.motion_admit(motion=motion, by=viewer(request)))
    else:
        _call(lambda: ms.motion_state_change(motion=motion, state=target, by=viewer(request)))
    return _one(request, conference, level, number)
