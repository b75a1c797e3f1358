"""Every write to motions and amendments (see ``conferences.motions``).

Each is keyword-only with ``by=``, runs in one transaction, locks the conference row and then
the motion's (always in that order, so two writers never wait on each other crosswise), checks
under the locks, writes an audit row and appends a journal entry to the conference's scope.

Who may do what: the chair level (secretariat, presidium) runs everything; a participant
submits motions and amendments in their own name, supports and unsupports for themselves, and a
submitter withdraws their motion. A motion adopted or rejected by a vote goes through
``motion_decide`` with the poll's result, which the voting context supplies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import events as ev
from chapterhouse.conferences.access import actor_roles, require_chair
from chapterhouse.conferences.lines import line_range_text, paragraph_lines
from chapterhouse.conferences.models import AgendaItem, Conference, ItemKind
from chapterhouse.conferences.motions import (
    Amendment,
    Motion,
    MotionState,
    MotionSupporter,
    MotionWorkflow,
    line_width,
)
from chapterhouse.conferences.selectors import item_audience
from chapterhouse.conferences.states import ConferenceState
from chapterhouse.core.audit import audit_record, snapshot
from chapterhouse.core.errors import Errors, field_error, integrity_backstop
from chapterhouse.core.models import SMALL_INTEGER_MAX
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.models import Person

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor


def _conference(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().select_related("series").get(pk=conference.pk)


def _motion(motion: Motion) -> tuple[Conference, Motion]:
    """The motion's conference and the motion itself, both locked (in that order)."""
    conference = _conference(motion.conference)
    return conference, Motion.objects.select_for_update().get(pk=motion.pk)


def _not_closed(conference: Conference) -> None:
    if conference.state == ConferenceState.CLOSED:
        raise field_error("conference", msg.CLOSED)


def _audience(conference: Conference) -> str:
    return ev.PUBLIC if conference.visibility == "public" else ev.MEMBERS


def motion_data(motion: Motion) -> ev.MotionData:
    return ev.MotionData(
        number=motion.number,
        identifier=motion.identifier,
        title=motion.title,
        state=motion.state,
        supporters=motion.supporters.count(),
    )


def _state_label(state: str) -> str:
    return str(MotionState(state).label)


def workflow_for(conference: Conference) -> MotionWorkflow:
    """The conference's motion workflow, made with the default rules on first use."""
    workflow, _ = MotionWorkflow.objects.get_or_create(conference=conference)
    return workflow


def _participant_person_ids(conference: Conference) -> set[int]:
    return set(conference.participants.values_list("person_id", flat=True))


def _check_submitters(
    errors: Errors,
    conference: Conference,
    persons: Sequence[Person],
    branch: Branch | None,
    body: Body | None,
    by: Actor,
) -> None:
    """At least one submitter; persons take part in the conference; anyone below the chair
    level submits in their own name."""
    if not persons and branch is None and body is None:
        errors.add("submitters", msg.MOTION_NO_SUBMITTER)
    taking_part = _participant_person_ids(conference)
    for person in persons:
        if person.pk not in taking_part:
            errors.add(
                "submitters",
                msg.MOTION_SUBMITTER_NOT_PARTICIPANT.format(person=person.display_name),
            )
    roles = actor_roles(by)
    if roles is None:
        return
    try:
        require_chair(conference, by)
    except PermissionDenied:
        if roles.person_id is None or roles.person_id not in taking_part:
            raise
        if roles.person_id not in {p.pk for p in persons}:
            errors.add("submitters", msg.MOTION_SUBMIT_FOR_YOURSELF)


def _normalized(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- motions -------------------------------------------------------------------------------


@transaction.atomic
def motion_submit(
    *,
    conference: Conference,
    title: str,
    text: str,
    reason: str = "",
    submitter_persons: Sequence[Person] = (),
    submitter_branch: Branch | None = None,
    submitter_body: Body | None = None,
    by: Actor,
) -> Motion:
    """Submit a motion; it takes the next number of the conference ("M 3")."""
    conference = _conference(conference)
    _not_closed(conference)
    workflow_for(conference)
    errors = Errors()
    _check_submitters(errors, conference, submitter_persons, submitter_branch, submitter_body, by)
    top = conference.motions.aggregate(n=Max("number"))["n"] or 0
    motion = Motion(
        conference=conference,
        number=top + 1,
        title=title.strip(),
        text=_normalized(text).strip("\n"),
        reason=_normalized(reason).strip(),
        submitter_branch=submitter_branch,
        submitter_body=submitter_body,
    )
    if not motion.title or not motion.text.strip():
        errors.add("text", msg.MOTION_EMPTY)
    errors.check(motion)
    with integrity_backstop("number", msg.MOTION_NUMBER_TAKEN.format(number=motion.number)):
        motion.save()
    motion.submitter_persons.set(list(submitter_persons))
    after = snapshot(motion) | {"submitter_persons": sorted(p.pk for p in submitter_persons)}
    audit_record(by=by, action="motion.submitted", obj=motion, after=after)
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionSubmitted(audience=_audience(conference), motion=motion_data(motion)),
        by=by,
    )
    return motion


@transaction.atomic
def motion_update(*, motion: Motion, title: str, text: str, reason: str, by: Actor) -> Motion:
    """Change a motion's title, text and reason (the chair). Once the motion is admitted its
    text is fixed: a changed text is refused, so the line numbers stay what they were."""
    conference, motion = _motion(motion)
    require_chair(conference, by)
    _not_closed(conference)
    before = snapshot(motion)
    text = _normalized(text).strip("\n")
    if motion.line_width is not None and text != motion.text:
        raise field_error("text", msg.MOTION_TEXT_FROZEN.format(motion=motion.identifier))
    motion.title, motion.text, motion.reason = title.strip(), text, _normalized(reason).strip()
    errors = Errors()
    if not motion.title or not motion.text.strip():
        errors.add("text", msg.MOTION_EMPTY)
    errors.check(motion)
    motion.save()
    audit_record(by=by, action="motion.updated", obj=motion, before=before, after=snapshot(motion))
    return motion


def _supporter_person(conference: Conference, person: Person, by: Actor) -> None:
    """``person`` takes part in the conference; anyone below the chair acts for themselves."""
    if not conference.participants.filter(person=person).exists():
        raise field_error("person", msg.MOTION_SUPPORTER_NOT_PARTICIPANT)
    roles = actor_roles(by)
    if roles is None:
        return
    try:
        require_chair(conference, by)
    except PermissionDenied:
        if roles.person_id != person.pk:
            raise


def _require_submitted(motion: Motion) -> None:
    if motion.state != MotionState.SUBMITTED:
        raise field_error(
            "motion",
            msg.MOTION_NOT_SUBMITTED.format(
                motion=motion.identifier, state=_state_label(motion.state)
            ),
        )


@transaction.atomic
def motion_support(*, motion: Motion, person: Person, by: Actor) -> MotionSupporter:
    """``person`` (a participant) supports a submitted motion."""
    conference, motion = _motion(motion)
    _not_closed(conference)
    _supporter_person(conference, person, by)
    _require_submitted(motion)
    taken = msg.MOTION_ALREADY_SUPPORTED.format(
        person=person.display_name, motion=motion.identifier
    )
    if motion.supporters.filter(person=person).exists():
        raise field_error("person", taken)
    supporter = MotionSupporter(motion=motion, person=person)
    with integrity_backstop("person", taken):
        supporter.save()
    audit_record(by=by, action="motion.supported", obj=supporter, after=snapshot(supporter))
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionSupported(audience=_audience(conference), motion=motion_data(motion)),
        by=by,
    )
    return supporter


@transaction.atomic
def motion_unsupport(*, motion: Motion, person: Person, by: Actor) -> None:
    """``person`` withdraws their support of a submitted motion."""
    conference, motion = _motion(motion)
    _not_closed(conference)
    _supporter_person(conference, person, by)
    _require_submitted(motion)
    supporter = motion.supporters.filter(person=person).first()
    if supporter is None:
        raise field_error(
            "person",
            msg.MOTION_NOT_SUPPORTED.format(person=person.display_name, motion=motion.identifier),
        )
    before = snapshot(supporter)
    audit_record(by=by, action="motion.unsupported", obj=supporter, before=before)
    supporter.delete()
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionSupported(
            audience=_audience(conference), motion=motion_data(motion), withdrawn=True
        ),
        by=by,
    )


def _require_move(workflow: MotionWorkflow, motion: Motion | Amendment, target: str) -> None:
    if target not in MotionState.values:
        raise field_error("state", msg.MOTION_UNKNOWN_STATE.format(state=target))
    if not workflow.allows(motion.state, target):
        raise field_error(
            "state",
            msg.MOTION_BAD_TRANSITION.format(
                motion=motion.identifier,
                current=_state_label(motion.state),
                target=_state_label(target),
            ),
        )


def _move(conference: Conference, motion: Motion, target: str, by: Actor) -> tuple[Motion, str]:
    """Move the locked ``motion`` to ``target`` under the conference's workflow; admission
    also needs the minimum of supporters and fixes the line numbers. Returns the motion and
    the state it was in."""
    workflow = workflow_for(conference)
    _require_move(workflow, motion, target)
    before = snapshot(motion)
    previous = motion.state
    if target == MotionState.ADMITTED:
        count = motion.supporters.count()
        if count < workflow.min_supporters:
            raise field_error(
                "motion",
                msg.MOTION_TOO_FEW_SUPPORTERS.format(
                    motion=motion.identifier, count=count, minimum=workflow.min_supporters
                ),
            )
        if motion.line_width is None:  # the first admission fixes the numbers for good
            motion.line_width = line_width()
            motion.text_hash = hashlib.sha256(motion.text.encode()).hexdigest()
            motion.admitted_at = timezone.now()
    motion.state = target
    motion.save()
    audit_record(
        by=by, action=f"motion.{target}", obj=motion, before=before, after=snapshot(motion)
    )
    return motion, previous


@transaction.atomic
def motion_admit(*, motion: Motion, by: Actor) -> Motion:
    """Admit a motion (the chair): refused under the conference's minimum of supporters or
    where the workflow does not lead to "admitted". Its line numbers are fixed from now on."""
    conference, motion = _motion(motion)
    require_chair(conference, by)
    _not_closed(conference)
    motion, _ = _move(conference, motion, MotionState.ADMITTED, by)
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionAdmitted(
            audience=_audience(conference), motion=motion_data(motion), lines=len(motion.lines)
        ),
        by=by,
    )
    return motion


@transaction.atomic
def motion_state_change(*, motion: Motion, state: str, by: Actor) -> Motion:
    """Move a motion to ``state`` (the chair), if the conference's workflow allows it."""
    conference, motion = _motion(motion)
    require_chair(conference, by)
    _not_closed(conference)
    motion, previous = _move(conference, motion, state, by)
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionStateChanged(
            audience=_audience(conference), motion=motion_data(motion), previous=previous
        ),
        by=by,
    )
    return motion


def motion_decide(*, motion: Motion, adopted: bool, by: Actor) -> Motion:
    """The hook for a vote on the motion: the voting context calls it with its poll's result
    (adopted or not), and the motion moves as ``motion_state_change`` moves it. Nothing here
    makes up a result."""
    state = MotionState.ADOPTED if adopted else MotionState.REJECTED
    return motion_state_change(motion=motion, state=state, by=by)


@transaction.atomic
def motion_withdraw(*, motion: Motion, by: Actor) -> Motion:
    """A submitter (a person among the submitters, or the chair for the motion's branch or
    body) withdraws the motion, where the workflow allows it."""
    conference, motion = _motion(motion)
    _not_closed(conference)
    roles = actor_roles(by)
    if roles is not None:
        submitter = (
            roles.person_id is not None
            and motion.submitter_persons.filter(pk=roles.person_id).exists()
        )
        if not submitter:
            try:
                require_chair(conference, by)
            except PermissionDenied:
                raise field_error(
                    "motion", msg.MOTION_NOT_SUBMITTER.format(motion=motion.identifier)
                ) from None
    motion, _ = _move(conference, motion, MotionState.WITHDRAWN, by)
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionWithdrawn(audience=_audience(conference), motion=motion_data(motion)),
        by=by,
    )
    return motion


@transaction.atomic
def motion_recommend(*, motion: Motion, recommendation: str, by: Actor) -> Motion:
    """The presidium's recommendation on the motion (the chair level)."""
    conference, motion = _motion(motion)
    require_chair(conference, by)
    _not_closed(conference)
    before = snapshot(motion)
    motion.recommendation = _normalized(recommendation).strip()
    Errors().check(motion)
    motion.save()
    audit_record(
        by=by, action="motion.recommended", obj=motion, before=before, after=snapshot(motion)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionRecommended(
            audience=_audience(conference),
            motion=motion_data(motion),
            recommendation=motion.recommendation,
        ),
        by=by,
    )
    return motion


@transaction.atomic
def motion_put_on_agenda(
    *, motion: Motion, item: AgendaItem | None = None, by: Actor
) -> AgendaItem:
    """Put an admitted motion on the agenda: on ``item`` (of kind motion, at its conference)
    or on a new item of kind motion at the end of the agenda."""
    from chapterhouse.conferences.services import agenda_item_add

    conference, motion = _motion(motion)
    require_chair(conference, by)
    _not_closed(conference)
    if motion.state != MotionState.ADMITTED:
        raise field_error(
            "motion",
            msg.MOTION_BAD_TRANSITION.format(
                motion=motion.identifier,
                current=_state_label(motion.state),
                target=str(MotionState.ADMITTED.label),
            ),
        )
    if motion.agenda_item_id is not None:
        raise field_error("motion", msg.MOTION_ON_AGENDA.format(motion=motion.identifier))
    if item is None:
        item = agenda_item_add(
            conference=conference,
            title=f"{motion.identifier} {motion.title}"[:300],
            kind=ItemKind.MOTION,
            by=by,
        )
    else:
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.conference_id != conference.pk:
            raise field_error("item", msg.ITEM_OTHER_CONFERENCE)
        if item.kind != ItemKind.MOTION:
            raise field_error("item", msg.MOTION_ITEM_KIND)
    before = snapshot(motion)
    motion.agenda_item = item
    motion.save(update_fields=["agenda_item"])
    audit_record(
        by=by, action="motion.put_on_agenda", obj=motion, before=before, after=snapshot(motion)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionPutOnAgenda(
            audience=item_audience(conference, item), motion=motion_data(motion), item=item.pk
        ),
        by=by,
    )
    return item


# --- amendments ----------------------------------------------------------------------------


@transaction.atomic
def amendment_submit(
    *,
    motion: Motion,
    text: str,
    line_from: int | None = None,
    line_to: int | None = None,
    paragraph: int | None = None,
    reason: str = "",
    submitter_persons: Sequence[Person] = (),
    submitter_branch: Branch | None = None,
    submitter_body: Body | None = None,
    by: Actor,
) -> Amendment:
    """Propose ``text`` in place of lines ``line_from``..``line_to`` (or of a paragraph) of an
    admitted motion. The range is checked against the motion's numbered lines."""
    conference, motion = _motion(motion)
    _not_closed(conference)
    if motion.state != MotionState.ADMITTED:  # not yet, or no longer
        raise field_error(
            "motion",
            msg.AMENDMENT_MOTION_CLOSED.format(
                motion=motion.identifier, state=_state_label(motion.state)
            ),
        )
    errors = Errors()
    _check_submitters(errors, conference, submitter_persons, submitter_branch, submitter_body, by)
    lines = motion.lines
    if paragraph is not None:
        if line_from is not None or line_to is not None:
            raise field_error("line_from", msg.AMENDMENT_TARGET)
        found = paragraph_lines(lines, paragraph) if 0 < paragraph <= SMALL_INTEGER_MAX else None
        if found is None:
            raise field_error("paragraph", msg.AMENDMENT_PARAGRAPH.format(paragraph=paragraph))
        line_from, line_to = found
    elif line_from is None:
        raise field_error("line_from", msg.AMENDMENT_TARGET)
    if line_to is None:
        line_to = line_from
    if not 1 <= line_from <= line_to <= len(lines):
        raise field_error(
            "line_from",
            msg.AMENDMENT_RANGE.format(first=line_from, last=line_to, count=len(lines)),
        )
    original = line_range_text(motion.text, lines, line_from, line_to)
    proposed = _normalized(text)
    if proposed.strip() == original.strip():
        errors.add("text", msg.AMENDMENT_UNCHANGED)
    top = motion.amendments.aggregate(n=Max("number"))["n"] or 0
    amendment = Amendment(
        motion=motion,
        number=top + 1,
        line_from=line_from,
        line_to=line_to,
        paragraph=paragraph,
        original=original,
        text=proposed,
        reason=_normalized(reason).strip(),
        submitter_branch=submitter_branch,
        submitter_body=submitter_body,
    )
    errors.check(amendment)
    with integrity_backstop("number", msg.MOTION_NUMBER_TAKEN.format(number=amendment.number)):
        amendment.save()
    amendment.submitter_persons.set(list(submitter_persons))
    after = snapshot(amendment) | {"submitter_persons": sorted(p.pk for p in submitter_persons)}
    audit_record(by=by, action="amendment.submitted", obj=amendment, after=after)
    ev.journal_write(
        scope=conference.scope,
        event=ev.AmendmentSubmitted(
            audience=_audience(conference),
            motion=motion_data(motion),
            amendment=amendment.number,
            line_from=line_from,
            line_to=line_to,
        ),
        by=by,
    )
    return amendment


@transaction.atomic
def amendment_state_change(*, amendment: Amendment, state: str, by: Actor) -> Amendment:
    """Move an amendment to ``state`` (the chair), as the conference's workflow allows."""
    conference, motion = _motion(amendment.motion)
    require_chair(conference, by)
    _not_closed(conference)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    workflow = workflow_for(conference)
    _require_move(workflow, amendment, state)
    before = snapshot(amendment)
    previous = amendment.state
    amendment.state = state
    amendment.save(update_fields=["state"])
    audit_record(
        by=by,
        action="amendment.state_changed",
        obj=amendment,
        before=before,
        after=snapshot(amendment),
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.AmendmentStateChanged(
            audience=_audience(conference),
            motion=motion_data(motion),
            amendment=amendment.number,
            state=state,
            previous=previous,
        ),
        by=by,
    )
    return amendment


# --- the workflow --------------------------------------------------------------------------


@transaction.atomic
def motion_workflow_update(
    *,
    conference: Conference,
    transitions: Mapping[str, Sequence[str]] | None = None,
    min_supporters: int | None = None,
    by: Actor,
) -> MotionWorkflow:
    """The secretariat changes the conference's allowed moves (a map from each state to the
    states it may go to) and the minimum of supporters for admission."""
    roles = actor_roles(by)
    if roles is not None and not roles.secretariat:
        raise PermissionDenied
    conference = _conference(conference)
    _not_closed(conference)
    workflow = MotionWorkflow.objects.select_for_update().get(pk=workflow_for(conference).pk)
    before = snapshot(workflow)
    errors = Errors()
    if transitions is not None:
        known = set(MotionState.values)
        if not set(transitions) <= known or any(
            not set(targets) <= known or state in targets for state, targets in transitions.items()
        ):
            errors.add("transitions", msg.WORKFLOW_BAD)
        workflow.transitions = {
            state: sorted(set(transitions.get(state, ()))) for state in MotionState.values
        }
    if min_supporters is not None:
        if not 0 <= min_supporters <= SMALL_INTEGER_MAX:
            errors.add(
                "min_supporters", msg.WORKFLOW_MIN_SUPPORTERS.format(maximum=SMALL_INTEGER_MAX)
            )
        else:
            workflow.min_supporters = min_supporters
    errors.raise_any()
    workflow.save()
    audit_record(
        by=by,
        action="motion_workflow.updated",
        obj=workflow,
        before=before,
        after=snapshot(workflow),
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.MotionWorkflowChanged(audience=ev.CHAIR, min_supporters=workflow.min_supporters),
        by=by,
    )
    return workflow
