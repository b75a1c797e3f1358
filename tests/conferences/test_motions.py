"""Motions and amendments: the services' rules, the journal, and bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import motion_services as ms
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.events import EVENTS, MotionData, event_of
from chapterhouse.conferences.models import Amendment, Motion, MotionSupporter
from chapterhouse.core.models import AuditEntry, JournalEntry
from tests.conferences.conftest import World

TEXT = (
    "The congress resolves that every branch holds a general meeting once a year, elects its "
    "committee there, and reports to the coordinating committee within a month.\n\n"
    "The coordinating committee publishes the reports of all branches."
)


def submit(w: World, **kwargs: object) -> Motion:
    values: dict[str, object] = {
        "conference": w.conference,
        "title": "Annual meetings",
        "text": TEXT,
        "reason": "Branches should meet.",
        "submitter_persons": [w.persons["rivera"]],
        "by": w.sec,
    }
    values.update(kwargs)
    return ms.motion_submit(**values)  # type: ignore[arg-type]  # the test's keyword values


def kinds(w: World) -> list[str]:
    return list(
        JournalEntry.objects.filter(scope=w.conference.scope)
        .filter(kind__startswith="motion")
        .values_list("kind", flat=True)
    )


def test_submit_numbers_motions_and_journals(world: World) -> None:
    first = submit(world)
    second = submit(world, submitter_persons=[], submitter_branch=world.chile)
    assert (first.identifier, second.identifier) == ("M 1", "M 2")
    assert first.state == "submitted" and first.line_width is None
    assert kinds(world) == ["motion.submitted", "motion.submitted"]
    assert AuditEntry.objects.filter(action="motion.submitted").count() == 2


def test_a_participant_submits_in_their_own_name_only(world: World) -> None:
    okafor = world.users["okafor"]
    submit(world, submitter_persons=[world.persons["okafor"]], by=okafor)
    with pytest.raises(ValidationError) as error:
        submit(world, submitter_persons=[world.persons["rivera"]], by=okafor)
    assert msg.MOTION_SUBMIT_FOR_YOURSELF in error.value.messages


def test_bad_submissions_write_nothing(world: World) -> None:
    outsider = world.persons["outsider"]
    with pytest.raises(ValidationError) as error:
        submit(world, submitter_persons=[outsider])
    assert msg.MOTION_SUBMITTER_NOT_PARTICIPANT.format(person="Not Invited") in error.value.messages
    with pytest.raises(ValidationError) as error:
        submit(world, submitter_persons=[])
    assert msg.MOTION_NO_SUBMITTER in error.value.messages
    with pytest.raises(ValidationError):
        submit(world, text="with \x00 NUL")
    with pytest.raises(ValidationError):
        submit(world, title="x" * 301)
    with pytest.raises(ValidationError):
        submit(world, text="  \n ")
    assert Motion.objects.count() == 0
    assert kinds(world) == []


def test_supporters_must_take_part_and_count_toward_admission(world: World) -> None:
    motion = submit(world)
    ms.motion_workflow_update(conference=world.conference, min_supporters=2, by=world.sec)
    with pytest.raises(ValidationError) as error:
        ms.motion_support(motion=motion, person=world.persons["outsider"], by=world.sec)
    assert msg.MOTION_SUPPORTER_NOT_PARTICIPANT in error.value.messages
    ms.motion_support(motion=motion, person=world.persons["tanaka"], by=world.users["tanaka"])
    with pytest.raises(PermissionDenied):  # a delegate supports for themselves only
        ms.motion_support(motion=motion, person=world.persons["lee"], by=world.users["tanaka"])
    with pytest.raises(ValidationError):  # twice
        ms.motion_support(motion=motion, person=world.persons["tanaka"], by=world.sec)
    with pytest.raises(ValidationError) as error:
        ms.motion_admit(motion=motion, by=world.sec)
    assert msg.MOTION_TOO_FEW_SUPPORTERS.format(motion="M 1", count=1, minimum=2) in (
        error.value.messages
    )
    ms.motion_support(motion=motion, person=world.persons["lee"], by=world.sec)
    ms.motion_unsupport(motion=motion, person=world.persons["lee"], by=world.users["lee"])
    with pytest.raises(ValidationError):
        ms.motion_admit(motion=motion, by=world.sec)
    ms.motion_support(motion=motion, person=world.persons["lee"], by=world.sec)
    admitted = ms.motion_admit(motion=motion, by=world.sec)
    assert admitted.state == "admitted" and admitted.line_width == 80
    assert len(admitted.text_hash) == 64
    with pytest.raises(ValidationError):  # support closes at admission
        ms.motion_support(motion=motion, person=world.persons["okafor"], by=world.sec)
    assert MotionSupporter.objects.filter(motion=motion).count() == 2


def test_only_the_chair_admits(world: World) -> None:
    motion = submit(world)
    with pytest.raises(PermissionDenied):
        ms.motion_admit(motion=motion, by=world.users["rivera"])


def test_admission_fixes_the_text_and_its_numbers(world: World, settings: object) -> None:
    motion = ms.motion_admit(motion=submit(world), by=world.sec)
    before = [(line.number, line.text) for line in motion.lines]
    settings.CHAPTERHOUSE_MOTION_LINE_WIDTH = 30  # type: ignore[attr-defined]  # pytest-django
    motion.refresh_from_db()
    assert [(line.number, line.text) for line in motion.lines] == before
    with pytest.raises(ValidationError) as error:
        ms.motion_update(motion=motion, title="T", text=TEXT + " More.", reason="", by=world.sec)
    assert msg.MOTION_TEXT_FROZEN.format(motion="M 1") in error.value.messages
    ms.motion_update(motion=motion, title="New title", text=TEXT, reason="r", by=world.sec)
    # Before admission the text may change, and the numbering follows the setting.
    other = submit(world)
    ms.motion_update(motion=other, title="T", text=TEXT + " More.", reason="", by=world.sec)
    assert max(len(line.text) for line in Motion.objects.get(pk=other.pk).lines) <= 30


def test_transitions_follow_the_conference_workflow(world: World) -> None:
    motion = ms.motion_admit(motion=submit(world), by=world.sec)
    with pytest.raises(ValidationError):
        ms.motion_state_change(motion=motion, state="submitted", by=world.sec)
    with pytest.raises(ValidationError):
        ms.motion_state_change(motion=motion, state="nonsense", by=world.sec)
    ms.motion_state_change(motion=motion, state="referred", by=world.sec)
    ms.motion_state_change(motion=motion, state="admitted", by=world.sec)
    decided = ms.motion_decide(motion=motion, adopted=True, by=world.sec)
    assert decided.state == "adopted"
    with pytest.raises(ValidationError):  # adopted is final by default
        ms.motion_state_change(motion=motion, state="rejected", by=world.sec)
    # The secretariat lets adopted motions be referred at this conference.
    transitions = {"submitted": ["admitted"], "admitted": ["adopted"], "adopted": ["referred"]}
    ms.motion_workflow_update(conference=world.conference, transitions=transitions, by=world.sec)
    assert ms.motion_state_change(motion=motion, state="referred", by=world.sec).state == (
        "referred"
    )
    with pytest.raises(ValidationError):
        ms.motion_workflow_update(
            conference=world.conference, transitions={"adopted": ["voted"]}, by=world.sec
        )
    with pytest.raises(PermissionDenied):
        ms.motion_workflow_update(
            conference=world.conference, min_supporters=1, by=world.users["rivera"]
        )
    assert "motion.state_changed" in kinds(world)


def test_a_submitter_withdraws(world: World) -> None:
    motion = submit(world)
    with pytest.raises(ValidationError) as error:
        ms.motion_withdraw(motion=motion, by=world.users["tanaka"])
    assert msg.MOTION_NOT_SUBMITTER.format(motion="M 1") in error.value.messages
    assert ms.motion_withdraw(motion=motion, by=world.users["rivera"]).state == "withdrawn"
    with pytest.raises(ValidationError):  # withdrawn is final
        ms.motion_withdraw(motion=motion, by=world.users["rivera"])


def test_recommendation_and_agenda(world: World) -> None:
    motion = submit(world)
    with pytest.raises(ValidationError):  # only an admitted motion goes on the agenda
        ms.motion_put_on_agenda(motion=motion, by=world.sec)
    ms.motion_admit(motion=motion, by=world.sec)
    ms.motion_recommend(motion=motion, recommendation="Adopt.", by=world.sec)
    with pytest.raises(PermissionDenied):
        ms.motion_recommend(motion=motion, recommendation="No.", by=world.users["rivera"])
    topic = cs.agenda_item_add(
        conference=world.conference, title="Topic", kind="topic", by=world.sec
    )
    with pytest.raises(ValidationError):
        ms.motion_put_on_agenda(motion=motion, item=topic, by=world.sec)
    item = ms.motion_put_on_agenda(motion=motion, by=world.sec)
    assert item.kind == "motion" and item.title == "M 1 Annual meetings"
    with pytest.raises(ValidationError):
        ms.motion_put_on_agenda(motion=motion, by=world.sec)
    motion.refresh_from_db()
    assert motion.agenda_item == item and motion.recommendation == "Adopt."
    assert kinds(world)[-2:] == ["motion.recommended", "motion.put_on_agenda"]


def test_amendments_target_lines_or_a_paragraph(world: World) -> None:
    motion = ms.motion_admit(motion=submit(world), by=world.sec)
    lines = motion.lines
    assert lines[0].text.startswith("The congress resolves")
    amendment = ms.amendment_submit(
        motion=motion,
        line_from=1,
        line_to=1,
        text=lines[0].text.replace("once a year", "twice a year") + " ",
        submitter_persons=[world.persons["tanaka"]],
        by=world.users["tanaka"],
    )
    assert amendment.identifier == "A 1" and amendment.original == TEXT[: lines[0].end]
    by_paragraph = ms.amendment_submit(
        motion=motion,
        paragraph=2,
        text="The coordinating committee publishes a summary.",
        submitter_branch=world.japan,
        by=world.sec,
    )
    assert (by_paragraph.line_from, by_paragraph.line_to) == (len(lines), len(lines))
    for bad in (
        {"line_from": 0, "line_to": 1},
        {"line_from": 2, "line_to": 1},
        {"line_from": 1, "line_to": len(lines) + 1},
        {"line_from": 10**9},
        {"paragraph": 3},
        {"paragraph": -1},
        {},
    ):
        with pytest.raises(ValidationError):
            ms.amendment_submit(
                motion=motion,
                text="x",
                submitter_branch=world.japan,
                by=world.sec,
                **bad,  # type: ignore[arg-type]  # the bad keyword values
            )
    assert Amendment.objects.count() == 2
    with pytest.raises(ValidationError):  # the workflow admits before it adopts
        ms.amendment_state_change(amendment=amendment, state="adopted", by=world.sec)
    ms.amendment_state_change(amendment=amendment, state="admitted", by=world.sec)
    ms.amendment_state_change(amendment=amendment, state="adopted", by=world.sec)
    with pytest.raises(PermissionDenied):
        ms.amendment_state_change(
            amendment=by_paragraph, state="admitted", by=world.users["tanaka"]
        )
    assert JournalEntry.objects.filter(kind="amendment.state_changed").count() == 2


def test_no_amendment_to_a_withdrawn_or_unadmitted_motion(world: World) -> None:
    motion = submit(world)
    with pytest.raises(ValidationError):
        ms.amendment_submit(
            motion=motion, line_from=1, text="x", submitter_branch=world.japan, by=world.sec
        )
    ms.motion_withdraw(motion=motion, by=world.sec)
    with pytest.raises(ValidationError) as error:
        ms.amendment_submit(
            motion=motion, line_from=1, text="x", submitter_branch=world.japan, by=world.sec
        )
    assert msg.AMENDMENT_MOTION_CLOSED.format(motion="M 1", state="withdrawn") in (
        error.value.messages
    )
    assert Amendment.objects.count() == 0


def test_a_closed_conference_takes_no_motions(world: World) -> None:
    motion = submit(world)
    cs.conference_state_change(conference=world.conference, state="closed", by=world.sec)
    with pytest.raises(ValidationError):
        submit(world)
    with pytest.raises(ValidationError):
        ms.motion_admit(motion=motion, by=world.sec)


def test_motion_events_read_back(world: World) -> None:
    motion = ms.motion_admit(motion=submit(world), by=world.sec)
    entry = JournalEntry.objects.filter(kind="motion.admitted").get()
    event = event_of(entry.kind, entry.payload)
    assert isinstance(event.motion, MotionData)  # type: ignore[attr-defined]  # a motion event
    assert event.lines == len(motion.lines)  # type: ignore[attr-defined]  # MotionAdmitted
    assert event.audience == "public"
    assert {k for k in EVENTS if k.startswith(("motion.", "amendment."))} >= set(kinds(world))
