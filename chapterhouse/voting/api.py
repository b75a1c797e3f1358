"""The voting context over HTTP: a conference's polls, casting a ballot, and the chair's actions.

Who may act is the services' rule (the chair: the secretariat and the presidium; a participant
casts the votes they carry). Whoever may not see a poll is told 404. A participant who may see the
poll but is not entitled to vote, or who delegated their vote, is told 403 with the reason; a
second, different ballot is 409. A secret poll never answers who voted what: while it is open
everyone sees how many votes were cast and the chair the counts per choice; once closed everyone
sees the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from chapterhouse.api.auth import AUTH, roles, viewer
from chapterhouse.api.schemas import ErrorOut, Payload, answers
from chapterhouse.conferences import events as cev
from chapterhouse.conferences.api import CHAIR_AUTH, PARTICIPANT_AUTH
from chapterhouse.conferences.models import AgendaItem, Conference, Participant
from chapterhouse.conferences.selectors import conference_access, viewer_level_for
from chapterhouse.voting import errors as msg
from chapterhouse.voting import selectors, services
from chapterhouse.voting.models import Poll, PollState, Secrecy

router = Router(tags=["voting"], auth=AUTH)
T = TypeVar("T")


# --- schemas -------------------------------------------------------------------------------


class PollOut(Schema):
    id: int
    title: str
    subject: str
    method: str
    item: int | None
    options: list[str]
    seats: int
    min_choices: int
    max_choices: int | None
    allow_abstain: bool
    thresholds: list[dict[str, Any]]
    quorum: dict[str, Any] | None
    next_ballot: str
    secrecy: str
    secrecy_note: str = Field(description="What the poll's secrecy does and does not promise.")
    require_presence: bool
    allow_delegation: bool
    forbid_delegator: bool
    paper_allowed: bool
    publish_receipts: bool
    publish_receipts_note: str
    allow_vote_change: bool = Field(
        description="Voters may change their vote until the poll closes (the last one counts)."
    )
    state: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    cast: int = Field(description="Votes cast so far (never who voted what).")
    entitled: int = Field(description="Votes that may be cast (frozen when the poll opened).")
    counts: dict[str, str] | None = Field(
        description="Electronic votes per choice while open: the chair only."
    )
    result: dict[str, Any] | None = Field(description="The official result, once closed.")


class PollIn(Payload):
    title: str = Field(min_length=1, max_length=300)
    subject: str = "motion"
    method: str = "yes_no_abstain"
    item: int | None = None
    options: list[str] = Field(default_factory=list, max_length=100)
    seats: int = Field(1, ge=1, le=99)
    min_choices: int = Field(1, ge=1, le=100)
    max_choices: int | None = Field(None, ge=1, le=100)
    allow_abstain: bool = True
    thresholds: list[dict[str, Any]] = Field(default_factory=list, max_length=10)
    quorum: dict[str, Any] | None = None
    next_ballot: str = "repeat"
    secrecy: str = Secrecy.SECRET
    require_presence: bool = True
    allow_delegation: bool = False
    forbid_delegator: bool = False
    paper_allowed: bool = False
    publish_receipts: bool = False
    allow_vote_change: bool = False


class PollPatch(Payload):
    title: str | None = Field(None, min_length=1, max_length=300)
    options: list[str] | None = Field(None, max_length=100)
    seats: int | None = Field(None, ge=1, le=99)
    min_choices: int | None = Field(None, ge=1, le=100)
    max_choices: int | None = Field(None, ge=1, le=100)
    allow_abstain: bool | None = None
    thresholds: list[dict[str, Any]] | None = Field(None, max_length=10)
    secrecy: str | None = None
    require_presence: bool | None = None
    allow_delegation: bool | None = None
    forbid_delegator: bool | None = None
    paper_allowed: bool | None = None
    publish_receipts: bool | None = None
    allow_vote_change: bool | None = None


class BallotIn(Payload):
    choice: Any = Field(
        None,
        description='"yes"/"no"/"abstain", an option, a list of options or a ranking; the same '
        "for every vote carried.",
    )
    split: dict[int, Any] | None = Field(
        None, description="A choice per vote carried, by whose vote it is (participant id)."
    )
    client_key: str | None = Field(
        None,
        description="A random key (16-128 letters, digits, - or _) of this submission; sent "
        "again with the same ballot it returns the same receipts. The Idempotency-Key header "
        "may carry it instead.",
    )
    replaces: str | None = Field(
        None,
        description="Changing one's vote (polls that allow it): the key of the ballot this one "
        "replaces, the latest one cast. Without it a second ballot is refused (409).",
    )


class ReceiptOut(Schema):
    voter: int = Field(description="Whose vote (participant id): the caller's own or delegated.")
    receipt: str


class CastOut(Schema):
    receipts: list[ReceiptOut]
    repeated: bool = Field(description="True when this repeats a submission already recorded.")


class PublishedReceipt(Schema):
    receipt: str
    choice: Any


class PaperIn(Payload):
    counts: dict[str, int] = Field(description='Paper votes per choice ("yes", "no" or options).')
    handed_in: int = Field(ge=0)
    abstain: int = Field(0, ge=0)
    invalid: int = Field(0, ge=0)


class DelegationIn(Payload):
    delegator: int = Field(description="The participant who gives their vote.")
    delegate: int = Field(description="The participant who carries it.")


class DelegationOut(Schema):
    id: int
    delegator: int
    delegate: int


# --- helpers -------------------------------------------------------------------------------


def _access(request: HttpRequest, key: str) -> tuple[Conference, str]:
    conference = conference_access(key=key, roles=roles(request))
    return conference, viewer_level_for(conference, roles(request))


def _poll(conference: Conference, level: str, poll_id: int) -> Poll:
    poll = selectors.visible_polls(conference, level).filter(pk=poll_id).first()
    if poll is None:
        raise Http404
    return poll


def _chair(request: HttpRequest, key: str) -> Conference:
    conference, level = _access(request, key)
    if level != cev.CHAIR:
        raise Http404
    return conference


def _call(action: Callable[[], T]) -> T:
    try:
        return action()
    except PermissionDenied:
        raise Http404 from None


def _poll_out(poll: Poll, level: str) -> PollOut:
    open_chair = poll.state == PollState.OPEN and level == cev.CHAIR
    return PollOut(
        id=poll.pk,
        title=poll.title,
        subject=poll.subject,
        method=poll.method,
        item=poll.item_id,
        options=list(poll.options),
        seats=poll.seats,
        min_choices=poll.min_choices,
        max_choices=poll.max_choices,
        allow_abstain=poll.allow_abstain,
        thresholds=list(poll.thresholds),
        quorum=poll.quorum,
        next_ballot=poll.next_ballot,
        secrecy=poll.secrecy,
        secrecy_note=str(selectors.SECRECY_NOTES[Secrecy(poll.secrecy)]),
        require_presence=poll.require_presence,
        allow_delegation=poll.allow_delegation,
        forbid_delegator=poll.forbid_delegator,
        paper_allowed=poll.paper_allowed,
        publish_receipts=poll.publish_receipts,
        publish_receipts_note=str(selectors.RECEIPTS_NOTE),
        allow_vote_change=poll.allow_vote_change,
        state=poll.state,
        opened_at=poll.opened_at,
        closed_at=poll.closed_at,
        cast=selectors.cast_count(poll),
        entitled=poll.entitlements.count(),
        counts=selectors.live_counts(poll) if open_chair else None,
        result=poll.result if poll.state == PollState.CLOSED else None,
    )


def _item(conference: Conference, item_id: int | None) -> AgendaItem | None:
    if item_id is None:
        return None
    item = conference.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


# --- reads ---------------------------------------------------------------------------------


@router.get("/conferences/{key}/polls", response=answers({200: list[PollOut]}))
def poll_list(request: HttpRequest, key: str) -> list[PollOut]:
    """The conference's polls the viewer may see (drafts for the chair only)."""
    conference, level = _access(request, key)
    return [_poll_out(p, level) for p in selectors.visible_polls(conference, level)]


@router.get("/conferences/{key}/polls/{poll_id}", response=answers({200: PollOut}))
def poll_get(request: HttpRequest, key: str, poll_id: int) -> PollOut:
    conference, level = _access(request, key)
    return _poll_out(_poll(conference, level, poll_id), level)


@router.get(
    "/conferences/{key}/polls/{poll_id}/receipts",
    response=answers({200: list[PublishedReceipt]}),
)
def poll_receipts(request: HttpRequest, key: str, poll_id: int) -> list[PublishedReceipt]:
    """Every receipt code with its choice and no voter, once the poll is closed, if the poll
    publishes them (off by default: the list lets a voter prove a vote to a buyer)."""
    conference, level = _access(request, key)
    poll = _poll(conference, level, poll_id)
    if poll.state != PollState.CLOSED or not poll.publish_receipts:
        raise Http404
    return [PublishedReceipt(receipt=r, choice=c) for r, c in selectors.receipts(poll)]


# --- a participant's ballot ----------------------------------------------------------------


@router.post(
    "/conferences/{key}/polls/{poll_id}/ballots",
    response=answers({200: CastOut, 201: CastOut, 409: ErrorOut}, write=True),
    auth=PARTICIPANT_AUTH,
)
def ballot_cast(
    request: HttpRequest,
    key: str,
    poll_id: int,
    payload: BallotIn,
) -> Status[CastOut]:
    """Cast every vote the caller carries (their own and any delegated to them) in one action;
    201 with one receipt per vote, or 200 with the same receipts when the same submission is
    sent again (same key and ballot). Another ballot after voting is 409, unless the poll allows
    changing one's vote and it names the key of the ballot it replaces (201, new receipts)."""
    conference, level = _access(request, key)
    poll = _poll(conference, level, poll_id)
    person_id = roles(request).person_id
    participant = (
        None
        if person_id is None
        else Participant.objects.filter(conference=conference, person_id=person_id).first()
    )
    if participant is None:
        raise HttpError(403, str(msg.NOT_ENTITLED))
    client_key = payload.client_key or request.headers.get("Idempotency-Key") or ""
    try:
        cast = services.ballot_cast(
            poll=poll,
            participant=participant,
            client_key=client_key,
            choice=payload.choice,
            split=payload.split,
            replaces=payload.replaces,
            by=viewer(request),
        )
    except msg.AlreadyVotedError as error:
        raise HttpError(409, " ".join(error.messages)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error) or str(msg.NOT_ENTITLED)) from None
    out = CastOut(
        receipts=[ReceiptOut(voter=v, receipt=r) for v, r in cast.receipts],
        repeated=cast.repeated,
    )
    return Status(200 if cast.repeated else 201, out)


@router.post(
    "/conferences/{key}/delegations",
    response=answers({201: DelegationOut}, write=True),
    auth=PARTICIPANT_AUTH,
)
def delegation_set(request: HttpRequest, key: str, payload: DelegationIn) -> Status[DelegationOut]:
    """Give a participant's vote to another (the delegator for themselves, or the chair). No
    chains; polls already open keep what they froze."""
    conference, _level = _access(request, key)
    rows = conference.participants.all()
    delegator = rows.filter(pk=payload.delegator).first()
    delegate = rows.filter(pk=payload.delegate).first()
    if delegator is None or delegate is None:
        raise Http404
    made = _call(
        lambda: services.delegation_set(delegator=delegator, delegate=delegate, by=viewer(request))
    )
    return Status(
        201, DelegationOut(id=made.pk, delegator=made.delegator_id, delegate=made.delegate_id)
    )


# --- the chair's actions -------------------------------------------------------------------


@router.post(
    "/conferences/{key}/polls", response=answers({201: PollOut}, write=True), auth=CHAIR_AUTH
)
def poll_create(request: HttpRequest, key: str, payload: PollIn) -> Status[PollOut]:
    """A draft poll. Its settings are checked now (options, limits, thresholds, quorum)."""
    conference = _chair(request, key)
    data = payload.dict()
    item = _item(conference, data.pop("item"))
    poll = _call(
        lambda: services.poll_create(conference=conference, item=item, by=viewer(request), **data)
    )
    return Status(201, _poll_out(poll, cev.CHAIR))


@router.patch(
    "/conferences/{key}/polls/{poll_id}",
    response=answers({200: PollOut}, write=True),
    auth=CHAIR_AUTH,
)
def poll_update(request: HttpRequest, key: str, poll_id: int, payload: PollPatch) -> PollOut:
    """Change a draft poll; an open, closed or cancelled poll is not changed."""
    conference = _chair(request, key)
    poll = _poll(conference, cev.CHAIR, poll_id)
    changes = {name: getattr(payload, name) for name in payload.model_fields_set}
    if any(value is None for name, value in changes.items() if name != "max_choices"):
        raise HttpError(422, "null is not a value here; leave the field out instead.")
    done = _call(lambda: services.poll_update(poll=poll, by=viewer(request), **changes))
    return _poll_out(done, cev.CHAIR)


def _chair_action(
    request: HttpRequest, key: str, poll_id: int, action: Callable[[Poll], Poll]
) -> PollOut:
    conference = _chair(request, key)
    poll = _poll(conference, cev.CHAIR, poll_id)
    return _poll_out(_call(lambda: action(poll)), cev.CHAIR)


@router.post(
    "/conferences/{key}/polls/{poll_id}/open",
    response=answers({200: PollOut}, write=True),
    auth=CHAIR_AUTH,
)
def poll_open(request: HttpRequest, key: str, poll_id: int) -> PollOut:
    """Open a draft poll; who may vote, with which weight and for whom is frozen now."""
    return _chair_action(
        request, key, poll_id, lambda p: services.poll_open(poll=p, by=viewer(request))
    )


@router.post(
    "/conferences/{key}/polls/{poll_id}/close",
    response=answers({200: PollOut}, write=True),
    auth=CHAIR_AUTH,
)
def poll_close(request: HttpRequest, key: str, poll_id: int) -> PollOut:
    """Close and count; closing again returns the same result."""
    return _chair_action(
        request, key, poll_id, lambda p: services.poll_close(poll=p, by=viewer(request))
    )


@router.post(
    "/conferences/{key}/polls/{poll_id}/cancel",
    response=answers({200: PollOut}, write=True),
    auth=CHAIR_AUTH,
)
def poll_cancel(request: HttpRequest, key: str, poll_id: int) -> PollOut:
    return _chair_action(
        request, key, poll_id, lambda p: services.poll_cancel(poll=p, by=viewer(request))
    )


@router.post(
    "/conferences/{key}/polls/{poll_id}/paper",
    response=answers({200: PollOut}, write=True),
    auth=CHAIR_AUTH,
)
def paper_count_enter(request: HttpRequest, key: str, poll_id: int, payload: PaperIn) -> PollOut:
    """The tellers' count of the paper ballots (must add up); entered again, it replaces it."""
    conference = _chair(request, key)
    poll = _poll(conference, cev.CHAIR, poll_id)
    _call(
        lambda: services.paper_count_enter(
            poll=poll,
            counts=payload.counts,
            handed_in=payload.handed_in,
            abstain=payload.abstain,
            invalid=payload.invalid,
            by=viewer(request),
        )
    )
    poll.refresh_from_db()
    return _poll_out(poll, cev.CHAIR)
