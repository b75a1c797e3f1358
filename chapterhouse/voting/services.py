"""Every write to polls: keyword-only, ``by=``, one transaction, an audit row and a journal entry.

The poll row is locked (``select_for_update``) by every write that depends on its state, so a
ballot and a close never interleave: a ballot either commits before the close counts it or finds
the poll closed and is refused. One vote per voter is a UNIQUE (poll, voter) constraint, checked
first and backed by the database in the same transaction as the ballot's insert."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, Unpack, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from chapterhouse.conferences.access import actor_roles, require_chair
from chapterhouse.conferences.agenda_approval import agenda_approve
from chapterhouse.conferences.events import CHAIR, MEMBERS, PUBLIC, journal_write
from chapterhouse.conferences.models import AgendaItem, Conference, Participant
from chapterhouse.conferences.selectors import item_audience
from chapterhouse.conferences.states import ConferenceState
from chapterhouse.core.audit import audit_record, snapshot
from chapterhouse.core.errors import field_error
from chapterhouse.voting import counting, tally
from chapterhouse.voting import errors as msg
from chapterhouse.voting import events as ev
from chapterhouse.voting.models import (
    MOTION_METHODS,
    RANKED_METHODS,
    RECEIPT_LENGTH,
    SELECTION_METHODS,
    TITLE_MAX_LENGTH,
    Ballot,
    Delegation,
    Entitlement,
    Method,
    PaperCount,
    Poll,
    PollState,
    Secrecy,
    SubjectKind,
    VoterMark,
)
from chapterhouse.voting.numbers import TallyError

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor

# "abstain" names the abstentions in a result's per-choice sums; no option may take it.
RESERVED_OPTION = "abstain"
MAX_THRESHOLDS = 10
CLIENT_KEY = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_RECEIPT_BYTES = RECEIPT_LENGTH * 5 // 8  # 16 base32 characters = 80 bits


def _tally_error(field: str, error: TallyError) -> ValidationError:
    return field_error(field, str(error))


def _audience(poll: Poll) -> str:
    """Who may follow the poll live: the conference's audience, or its agenda item's when the
    item is internal or hidden (a poll on a hidden item is the chair's alone)."""
    conference = poll.conference
    if poll.item is not None:
        return item_audience(conference, poll.item)
    return PUBLIC if conference.visibility == "public" else MEMBERS


def poll_data(poll: Poll) -> dict[str, Any]:
    """What live pages show of a poll (never a ballot)."""
    return {
        "id": poll.pk,
        "title": poll.title,
        "subject": poll.subject,
        "method": poll.method,
        "secrecy": poll.secrecy,
        "state": poll.state,
        "options": list(poll.options),
        "item": poll.item_id,
    }


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().select_related("conference").get(pk=poll.pk)


def _require_draft(poll: Poll) -> None:
    if poll.state != PollState.DRAFT:
        raise field_error("poll", msg.NOT_DRAFT.format(state=PollState(poll.state).label))


def _check_poll(poll: Poll) -> None:
    title = poll.title
    if not isinstance(title, str) or not title.strip() or len(title) > TITLE_MAX_LENGTH:
        raise field_error("title", msg.BAD_TITLE.format(limit=TITLE_MAX_LENGTH))
    if "\x00" in title:
        raise field_error("title", msg.BAD_TITLE.format(limit=TITLE_MAX_LENGTH))
    for name, enum in (
        ("method", Method),
        ("secrecy", Secrecy),
        ("subject", SubjectKind),
    ):
        if getattr(poll, name) not in enum.values:
            raise field_error(name, f"{getattr(poll, name)!r}: " + ", ".join(enum.values))
    if poll.item_id is not None:
        item = AgendaItem.objects.filter(pk=poll.item_id).first()
        if item is None or item.conference_id != poll.conference_id:
            raise field_error("item", msg.ITEM_OTHER_CONFERENCE)
    if poll.subject == SubjectKind.AGENDA_APPROVAL and poll.method not in MOTION_METHODS:
        raise field_error("method", msg.APPROVAL_IS_A_MOTION)
    if poll.paper_allowed and poll.method in RANKED_METHODS:
        raise field_error("paper_allowed", msg.NO_PAPER_FOR_RANKED)
    if poll.method in MOTION_METHODS:
        poll.options = []
    if not isinstance(poll.options, list) or RESERVED_OPTION in poll.options:
        raise field_error("options", msg.RESERVED_OPTION.format(option=RESERVED_OPTION))
    if not isinstance(poll.thresholds, list) or len(poll.thresholds) > MAX_THRESHOLDS:
        raise field_error("thresholds", msg.TOO_MANY_THRESHOLDS.format(limit=MAX_THRESHOLDS))
    try:
        counting.check_settings(poll)
    except TallyError as error:
        raise _tally_error("options", error) from error
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        # A threshold or quorum that is not the shape majority.py takes.
        raise field_error("thresholds", msg.BAD_RULE) from error


class PollSettings(TypedDict, total=False):
    item: AgendaItem | None
    title: str
    subject: str
    method: str
    options: Sequence[str]
    seats: int
    min_choices: int
    max_choices: int | None
    allow_abstain: bool
    thresholds: Sequence[Mapping[str, Any]]
    quorum: Mapping[str, Any] | None
    next_ballot: str
    secrecy: str
    require_presence: bool
    allow_delegation: bool
    forbid_delegator: bool
    paper_allowed: bool
    publish_receipts: bool
    allow_vote_change: bool


def _apply(poll: Poll, settings: PollSettings) -> None:
    for name, value in settings.items():
        if name in ("options", "thresholds"):
            value = [dict(v) if isinstance(v, Mapping) else v for v in cast(Sequence[Any], value)]
        elif name == "quorum" and value is not None:
            value = dict(cast(Mapping[str, Any], value))
        setattr(poll, name, value)


@transaction.atomic
def poll_create(*, conference: Conference, by: Actor, **settings: Unpack[PollSettings]) -> Poll:
    """A draft poll at ``conference`` (the chair's). Its settings are checked now: options,
    seats, limits, thresholds and quorum must be countable by ``tally.py``."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require_chair(conference, by)
    poll = Poll(conference=conference, secrecy=Secrecy.SECRET, subject=SubjectKind.MOTION)
    poll.method = Method.YES_NO_ABSTAIN
    _apply(poll, settings)
    _check_poll(poll)
    poll.save()
    audit_record(by=by, action="poll.created", obj=poll, after=snapshot(poll))
    journal_write(
        scope=conference.scope, event=ev.PollCreated(audience=CHAIR, poll=poll_data(poll)), by=by
    )
    return poll


@transaction.atomic
def poll_update(*, poll: Poll, by: Actor, **changes: Unpack[PollSettings]) -> Poll:
    """Change a draft poll's settings; an open, closed or cancelled poll does not change."""
    poll = _locked(poll)
    require_chair(poll.conference, by)
    _require_draft(poll)
    before = snapshot(poll)
    _apply(poll, changes)
    _check_poll(poll)
    poll.save()
    after = snapshot(poll)
    if after != before:
        audit_record(by=by, action="poll.updated", obj=poll, before=before, after=after)
        journal_write(
            scope=poll.conference.scope,
            event=ev.PollUpdated(audience=CHAIR, poll=poll_data(poll)),
            by=by,
        )
    return poll


# --- delegations ------------------------------------------------------------------------------


@transaction.atomic
def delegation_set(*, delegator: Participant, delegate: Participant, by: Actor) -> Delegation:
    """``delegator`` gives their vote to ``delegate`` (the chair records it, or the delegator
    does). Both need a voting right at the same conference; no chains."""
    conference = Conference.objects.select_for_update().get(pk=delegator.conference_id)
    roles = actor_roles(by)
    if roles is not None and roles.person_id != delegator.person_id:
        require_chair(conference, by)
    if delegate.conference_id != conference.pk:
        raise field_error("delegate", msg.DELEGATION_OTHER_CONFERENCE)
    pair = Participant.objects.filter(pk__in=[delegator.pk, delegate.pk], voting_right=True)
    if pair.count() != 2:
        raise field_error("delegate", msg.DELEGATION_NO_RIGHT)
    if delegator.pk == delegate.pk:
        raise field_error("delegate", msg.DELEGATION_CHAIN)
    links = Delegation.objects.filter(conference=conference)
    if links.filter(delegator=delegator).exists():
        name = delegator.person.display_name
        raise field_error("delegator", msg.DELEGATION_TWICE.format(person=name))
    if links.filter(delegator=delegate).exists() or links.filter(delegate=delegator).exists():
        raise field_error("delegate", msg.DELEGATION_CHAIN)
    try:
        with transaction.atomic():
            delegation = Delegation.objects.create(
                conference=conference, delegator=delegator, delegate=delegate
            )
    except IntegrityError as error:
        name = delegator.person.display_name
        raise field_error("delegator", msg.DELEGATION_TWICE.format(person=name)) from error
    audit_record(by=by, action="delegation.made", obj=delegation, after=snapshot(delegation))
    return delegation


@transaction.atomic
def delegation_end(*, delegation: Delegation, by: Actor) -> None:
    """End a delegation (polls already open keep the entitlement they froze)."""
    conference = Conference.objects.select_for_update().get(pk=delegation.conference_id)
    roles = actor_roles(by)
    if roles is not None and roles.person_id != delegation.delegator.person_id:
        require_chair(conference, by)
    before = snapshot(delegation)
    audit_record(by=by, action="delegation.ended", obj=delegation, before=before)
    delegation.delete()


# --- open ---------------------------------------------------------------------------------------


def _freeze(poll: Poll) -> list[Entitlement]:
    """Who may vote, with which weight and for whom, from the conference as it is now."""
    voters = {
        p.pk: p
        for p in poll.conference.participants.filter(voting_right=True, weight__gt=0).order_by("id")
    }

    def present(p: Participant) -> bool:
        return not poll.require_presence or p.checked_in_at is not None

    carried: dict[int, int] = {}
    if poll.allow_delegation:
        for d in Delegation.objects.filter(conference=poll.conference_id):
            carried[d.delegator_id] = d.delegate_id
    rows: list[Entitlement] = []
    for p in voters.values():
        carrier_id = carried.get(p.pk)
        carrier = voters.get(carrier_id) if carrier_id is not None else None
        if carrier is not None and (poll.forbid_delegator or not present(p)):
            # No chains: a carrier who delegated their own vote carries nothing.
            if present(carrier) and carrier.pk not in carried:
                rows.append(
                    Entitlement(poll=poll, participant=carrier, delegated_from=p, weight=p.weight)
                )
            continue
        if present(p):
            rows.append(Entitlement(poll=poll, participant=p, weight=p.weight))
    poll.entitled_weight = sum((p.weight for p in voters.values()), Decimal(0))
    poll.present_weight = sum((r.weight for r in rows), Decimal(0))
    return rows


@transaction.atomic
def poll_open(*, poll: Poll, by: Actor) -> Poll:
    """Open a draft poll: its entitlement (who, presence, weights, delegations) is frozen now
    and later changes to the conference leave it as it is."""
    poll = _locked(poll)
    conference = poll.conference
    require_chair(conference, by)
    _require_draft(poll)
    if conference.state != ConferenceState.OPEN:
        raise field_error("poll", msg.CONFERENCE_NOT_OPEN)
    rows = _freeze(poll)
    if not rows:
        raise field_error("poll", msg.NOBODY_ENTITLED)
    Entitlement.objects.bulk_create(rows)
    before = snapshot(poll)
    poll.state, poll.opened_at = PollState.OPEN, timezone.now()
    poll.save()
    audit_record(
        by=by,
        action="poll.opened",
        obj=poll,
        before=before,
        after={**snapshot(poll), "entitlements": len(rows)},
    )
    journal_write(
        scope=conference.scope,
        event=ev.PollOpened(audience=_audience(poll), poll=poll_data(poll), entitled=len(rows)),
        by=by,
    )
    return poll


# --- ballots ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    """What a voter is told: one receipt per vote cast (``voter`` is whose vote it is), and
    whether this was a retry of a submission already recorded."""

    receipts: tuple[tuple[int, str], ...]
    repeated: bool


def _digest(poll: Poll, client_key: str) -> str:
    return hashlib.sha256(f"idempotency:{poll.pk}:{client_key}".encode()).hexdigest()


def _mac(client_key: str, text: str) -> bytes:
    return hmac.new(client_key.encode(), text.encode(), hashlib.sha256).digest()


def _seal(poll: Poll, client_key: str, voter: int, receipt: str) -> str:
    """The receipt sealed under the client's key: without the key (which is not stored) the
    sealed value says nothing about the receipt, so a mark does not point at its ballot."""
    raw = base64.b32decode(receipt)
    pad = _mac(client_key, f"seal:{poll.pk}:{voter}")[: len(raw)]
    return bytes(a ^ b for a, b in zip(raw, pad, strict=True)).hex()


def _unseal(poll: Poll, client_key: str, voter: int, sealed: str) -> str:
    raw = bytes.fromhex(sealed)
    pad = _mac(client_key, f"seal:{poll.pk}:{voter}")[: len(raw)]
    return base64.b32encode(bytes(a ^ b for a, b in zip(raw, pad, strict=True))).decode()


def new_receipt() -> str:
    """80 random bits (``secrets``), as 16 base32 characters."""
    return base64.b32encode(secrets.token_bytes(_RECEIPT_BYTES)).decode()


def _votes(
    poll: Poll, mine: list[Entitlement], choice: object, split: Mapping[int, object] | None
) -> list[tuple[Entitlement, Any]]:
    if split is not None and choice is not None:
        raise field_error("choice", msg.CHOICE_OR_SPLIT)
    by_owner = {e.owner_id: e for e in mine}
    if split is None:
        wanted: dict[int, object] = dict.fromkeys(by_owner, choice)
    else:
        if set(split) != set(by_owner):
            raise field_error("split", msg.SPLIT_MISMATCH)
        wanted = dict(split)
    votes: list[tuple[Entitlement, Any]] = []
    for owner in sorted(wanted):
        try:
            votes.append((by_owner[owner], counting.validate_choice(poll, wanted[owner])))
        except TallyError as error:
            raise _tally_error("choice", error) from error
    return votes


@transaction.atomic
def ballot_cast(
    *,
    poll: Poll,
    participant: Participant,
    client_key: str,
    choice: object = None,
    split: Mapping[int, object] | None = None,
    replaces: str | None = None,
    by: Actor,
) -> Cast:
    """Cast every vote ``participant`` carries in ``poll`` in one action: the same ``choice``
    for all, or a choice per vote (``split``: whose vote → choice).

    ``client_key`` makes the submission idempotent: sent again with the same ballot, it returns
    the same receipts and counts once; with another ballot, or any second ballot without the
    key, it is refused (``AlreadyVotedError``). A poll that is not open refuses, and nothing is
    written.

    In a poll that allows changing one's vote, a second ballot under a new key replaces the
    first when it names the key of the ballot it replaces (``replaces``): the earlier ballots
    are found by their receipts, unsealed with that key, and deleted; the last ballot counts.
    Without the earlier key (a stale retry of an older submission, someone else's device) it is
    refused like any second ballot."""
    if not isinstance(client_key, str) or not CLIENT_KEY.match(client_key):
        raise field_error("client_key", msg.BAD_CLIENT_KEY.format(minimum=16, maximum=128))
    if replaces is not None and (not isinstance(replaces, str) or not CLIENT_KEY.match(replaces)):
        raise field_error("replaces", msg.BAD_CLIENT_KEY.format(minimum=16, maximum=128))
    poll = _locked(poll)
    roles = actor_roles(by)
    if participant.conference_id != poll.conference_id:
        raise PermissionDenied(msg.NOT_ENTITLED)
    if roles is not None and roles.person_id != participant.person_id:
        raise PermissionDenied(msg.NOT_ENTITLED)
    if poll.state != PollState.OPEN:
        raise field_error("poll", msg.NOT_OPEN.format(state=PollState(poll.state).label))
    mine = list(poll.entitlements.filter(participant=participant).order_by("id"))
    if not mine:
        if poll.entitlements.filter(delegated_from=participant).exists():
            raise PermissionDenied(msg.DELEGATED_AWAY)
        raise PermissionDenied(msg.NOT_ENTITLED)
    votes = _votes(poll, mine, choice, split)
    canonical = json.dumps([[e.owner_id, c] for e, c in votes], sort_keys=True)
    digest = _digest(poll, client_key)
    body_mac = _mac(client_key, f"body:{poll.pk}:{canonical}").hex()
    owners = [e.owner_id for e, _ in votes]
    earlier = list(VoterMark.objects.filter(poll=poll, voter_id__in=owners).order_by("voter_id"))
    if earlier:
        if len(earlier) == len(owners) and all(m.key_digest == digest for m in earlier):
            if all(hmac.compare_digest(m.body_mac, body_mac) for m in earlier):
                return Cast(
                    receipts=tuple(
                        (m.voter_id, _unseal(poll, client_key, m.voter_id, m.sealed_receipt))
                        for m in earlier
                    ),
                    repeated=True,
                )
            raise msg.AlreadyVotedError(msg.KEY_REUSED)
        if not poll.allow_vote_change:
            raise msg.AlreadyVotedError()
        _withdraw(poll, earlier, owners, replaces)
    named = poll.secrecy == Secrecy.NAMED
    receipts: list[tuple[int, str]] = []
    marks: list[VoterMark] = []
    ballots: list[Ballot] = []
    for entitlement, checked in votes:
        receipt = new_receipt()
        owner = entitlement.owner_id
        receipts.append((owner, receipt))
        marks.append(
            VoterMark(
                poll=poll,
                voter_id=owner,
                cast_by=participant,
                key_digest=digest,
                body_mac=body_mac,
                sealed_receipt=_seal(poll, client_key, owner, receipt),
            )
        )
        ballots.append(
            Ballot(
                poll=poll,
                choice=checked,
                weight=entitlement.weight,
                receipt=receipt,
                voter_id=owner if named else None,
                delegated=named and entitlement.delegated_from_id is not None,
            )
        )
    try:
        with transaction.atomic():
            if earlier:
                # A change: the voter's marks stay; they now hold the new key's seal.
                sealed = {m.voter_id: m for m in marks}
                for mark in earlier:
                    new = sealed[mark.voter_id]
                    mark.key_digest, mark.body_mac = new.key_digest, new.body_mac
                    mark.sealed_receipt = new.sealed_receipt
                VoterMark.objects.bulk_update(earlier, ["key_digest", "body_mac", "sealed_receipt"])
            else:
                VoterMark.objects.bulk_create(marks)
            # A secret poll's ballots go in an order of their own: sorted by their random key.
            Ballot.objects.bulk_create(sorted(ballots, key=lambda b: b.receipt))
    except IntegrityError as error:
        raise msg.AlreadyVotedError() from error
    audit_record(
        by=by,
        action="ballot.changed" if earlier else "ballot.cast",
        obj=poll,
        after={"cast_by": participant.pk, "votes": owners},
    )
    cast_count = VoterMark.objects.filter(poll=poll).count()
    journal_write(
        scope=poll.conference.scope,
        event=ev.PollVoted(
            audience=_audience(poll),
            poll=poll.pk,
            cast=cast_count,
            entitled=poll.entitlements.count(),
        ),
        by=by,
    )
    return Cast(receipts=tuple(receipts), repeated=False)


def _withdraw(
    poll: Poll, earlier: list[VoterMark], owners: list[int], replaces: str | None
) -> None:
    """Delete the ballots that ``earlier`` marks stand for, when ``replaces`` is the key they
    were cast under. Each is found by its receipt, unsealed from its mark with that key: nothing
    stored links a mark to its ballot, and the key is not stored, so only the device holding it
    can find (and replace) the ballot."""
    if replaces is None:
        raise msg.AlreadyVotedError(msg.CHANGE_NEEDS_KEY)
    old = _digest(poll, replaces)
    if len(earlier) != len(owners) or not all(
        hmac.compare_digest(m.key_digest, old) for m in earlier
    ):
        raise msg.AlreadyVotedError(msg.CHANGE_WRONG_KEY)
    receipts = [_unseal(poll, replaces, m.voter_id, m.sealed_receipt) for m in earlier]
    deleted, _ = Ballot.objects.filter(poll=poll, receipt__in=receipts).delete()
    if deleted != len(receipts):
        # The marks and the ballots disagree: never replace what cannot be found.
        raise RuntimeError(f"poll {poll.pk}: a mark's ballot is missing")


# --- paper --------------------------------------------------------------------------------------


def _paper_choices(poll: Poll) -> list[str]:
    return ["yes", "no"] if poll.method in MOTION_METHODS else list(poll.options)


def _marks_per_ballot(poll: Poll) -> int:
    return counting.maximum_of(poll) if poll.method in SELECTION_METHODS else 1


@transaction.atomic
def paper_count_enter(
    *,
    poll: Poll,
    counts: Mapping[str, object],
    handed_in: object,
    abstain: object = 0,
    invalid: object = 0,
    by: Actor,
) -> PaperCount:
    """The tellers' count of the paper ballots, while the poll is open: whole numbers, known
    choices, totals that add up (``tally.check_paper_count``), and no more paper ballots than
    the present weight left after the electronic votes. Entered again, it replaces the count."""
    poll = _locked(poll)
    require_chair(poll.conference, by)
    if not poll.paper_allowed:
        raise field_error("poll", msg.PAPER_NOT_ALLOWED)
    if poll.state != PollState.OPEN:
        raise field_error("poll", msg.NOT_OPEN.format(state=PollState(poll.state).label))
    if not isinstance(counts, Mapping):
        raise field_error("counts", msg.PAPER_NOT_ALLOWED)
    try:
        checked = tally.check_paper_count(
            choices=_paper_choices(poll),
            counts=counts,  # type: ignore[arg-type]  # check_paper_count refuses what is not a number
            handed_in=handed_in,  # type: ignore[arg-type]  # as above
            abstain=abstain,  # type: ignore[arg-type]  # as above
            invalid=invalid,  # type: ignore[arg-type]  # as above
            marks_per_ballot=_marks_per_ballot(poll),
        )
    except TallyError as error:
        raise _tally_error("counts", error) from error
    if checked.abstain and not (poll.allow_abstain and poll.method != Method.YES_NO):
        raise field_error("abstain", str(tally.MESSAGES[tally.ABSTENTION_NOT_ALLOWED]))
    electronic = sum(poll.ballots.values_list("weight", flat=True), Decimal(0))
    present = Decimal(poll.present_weight or 0)
    if electronic + checked.handed_in > present:
        raise field_error(
            "handed_in",
            msg.PAPER_TOO_MANY.format(
                paper=checked.handed_in, electronic=electronic, present=present
            ),
        )
    paper, _ = PaperCount.objects.select_for_update().get_or_create(poll=poll)
    before = snapshot(paper)
    paper.counts = {choice: int(count) for choice, count in checked.counts}
    paper.abstain, paper.invalid = int(checked.abstain), int(checked.invalid)
    paper.handed_in = int(checked.handed_in)
    paper.save()
    audit_record(
        by=by, action="paper_count.entered", obj=paper, before=before, after=snapshot(paper)
    )
    journal_write(
        scope=poll.conference.scope,
        event=ev.PaperCounted(audience=_audience(poll), poll=poll.pk, handed_in=paper.handed_in),
        by=by,
    )
    return paper


# --- close and cancel ---------------------------------------------------------------------------


def stored_ballots(poll: Poll) -> list[tuple[Any, Decimal]]:
    return [(b.choice, b.weight) for b in poll.ballots.order_by("receipt")]


def _shuffle(poll: Poll) -> None:
    """Re-insert a secret poll's ballots in a random order under new random keys, so that not
    even the rows' physical order follows the order of voting."""
    rows = list(poll.ballots.all())
    secrets.SystemRandom().shuffle(rows)
    poll.ballots.all().delete()
    Ballot.objects.bulk_create(
        Ballot(poll=poll, choice=b.choice, weight=b.weight, receipt=b.receipt) for b in rows
    )


@transaction.atomic
def poll_close(*, poll: Poll, by: Actor) -> Poll:
    """Close an open poll and store its result, counted with ``tally.py`` from every ballot
    committed before the close (the poll row's lock keeps later ones out). Closing a closed
    poll changes nothing and returns the same result. An adopted agenda approval marks the
    conference's agenda approved."""
    poll = _locked(poll)
    require_chair(poll.conference, by)
    if poll.state == PollState.CLOSED:
        return poll
    if poll.state != PollState.OPEN:
        raise field_error("poll", msg.NOT_OPEN.format(state=PollState(poll.state).label))
    paper = PaperCount.objects.filter(poll=poll).first()
    if poll.paper_allowed and paper is None:
        raise field_error("poll", msg.PAPER_MISSING)
    try:
        result = counting.result_of(poll, stored_ballots(poll), paper)
    except TallyError as error:
        raise _tally_error("poll", error) from error
    if poll.secrecy == Secrecy.SECRET:
        _shuffle(poll)
    before = snapshot(poll)
    poll.state, poll.closed_at, poll.result = PollState.CLOSED, timezone.now(), result
    poll.save()
    audit_record(by=by, action="poll.closed", obj=poll, before=before, after=snapshot(poll))
    conference = poll.conference
    journal_write(
        scope=conference.scope,
        event=ev.PollClosed(audience=_audience(poll), poll=poll_data(poll), result=result),
        by=by,
    )
    if poll.subject == SubjectKind.AGENDA_APPROVAL and counting.adopted(result):
        agenda_approve(conference=conference, poll=poll.pk, title=poll.title, by=by)
    return poll


@transaction.atomic
def poll_cancel(*, poll: Poll, by: Actor) -> Poll:
    """Cancel a draft or open poll: no result; its ballots are kept for the record but never
    counted. A closed poll stays closed."""
    poll = _locked(poll)
    require_chair(poll.conference, by)
    if poll.state == PollState.CANCELLED:
        return poll
    if poll.state == PollState.CLOSED:
        raise field_error("poll", msg.CANNOT_CANCEL)
    before = snapshot(poll)
    poll.state = PollState.CANCELLED
    poll.save()
    audit_record(by=by, action="poll.cancelled", obj=poll, before=before, after=snapshot(poll))
    journal_write(
        scope=poll.conference.scope,
        event=ev.PollCancelled(audience=_audience(poll), poll=poll_data(poll)),
        by=by,
    )
    return poll


def verify(poll: Poll) -> tuple[bool, dict[str, Any]]:
    """Recount a closed poll from its stored ballots: whether the recount equals the stored
    result, and the recount."""
    paper = PaperCount.objects.filter(poll=poll).first()
    recount = counting.result_of(poll, stored_ballots(poll), paper)
    return recount == poll.result, recount
