"""The conferences' sections of the dossier: series, conferences with their sessions, participants,
agendas, letters, speeches, motions and the journal round-trip through an empty database; bad
input is refused at its row with nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from chapterhouse.api.schemas import limits
from chapterhouse.conferences import dossier as conferences_dossier
from chapterhouse.conferences import services
from chapterhouse.conferences.factories import make_item, make_letter, make_series
from chapterhouse.conferences.models import (
    AgendaItem,
    Conference,
    ConferenceKind,
    ItemKind,
    Letter,
    Motion,
    MotionState,
    Participant,
    Speech,
)
from chapterhouse.conferences.motion_services import (
    amendment_state_change,
    amendment_submit,
    motion_admit,
    motion_put_on_agenda,
    motion_recommend,
    motion_state_change,
    motion_submit,
    motion_support,
    motion_workflow_update,
)
from chapterhouse.core.models import AuditEntry, JournalEntry
from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.schema import SECTIONS, schema
from chapterhouse.dossier.yamlio import MAX_DEPTH, dump, load
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.models import PartnerOrganization, Person
from chapterhouse.publishing.models import Category, Comment, Post, Report, Tag
from tests.dossier.helpers import export_text, run_import, table_counts, wipe_records

WriteFile = Callable[[str], Path]
HEADER = "format: chapterhouse-dossier\nversion: 1\n"

CONFERENCE_SECTIONS = [section.name for section in conferences_dossier.SECTIONS]

pytestmark = [pytest.mark.django_db]


def wipe_everything() -> None:
    """Every table a dossier covers emptied, the conferences' journals and posts included."""
    Report.objects.all().delete()
    Comment.objects.update(parent=None)
    Comment.objects.all().delete()
    Post.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    scopes = [c.scope for c in Conference.objects.all()]
    for motion in Motion.objects.all():
        motion.amendments.all().delete()
    Motion.objects.all().delete()
    wipe_records()
    JournalEntry.objects.filter(scope__in=scopes).delete()


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 6, day, hour, 30, tzinfo=dt.UTC)


def build_closed_conference() -> None:
    """A second conference of the demo organization, held and closed: two sessions closed,
    nested and hidden agenda items, a letter presented, a speech, motions with supporters,
    amendments and states, and its own motion rules."""
    by = None
    bodies = {b.key: b for b in Body.objects.all()}
    branches = {b.key: b for b in Branch.objects.all()}
    persons = {p.key: p for p in Person.objects.all()}
    nordic = PartnerOrganization.objects.get(key="nordic-port-workers")
    series = make_series(key="organizing-conference", name="Organizing Conference", by=by)
    conference = services.conference_create(
        key="first-organizing-conference",
        series=series,
        number=1,
        kind=ConferenceKind.CONFERENCE,
        convening_body=bodies["coordinating-committee"],
        format="online",
        meeting_link="https://meet.hwi.example/first",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 2),
        visibility="internal",
        quorum_percent=60,
        first_contributions_first=True,
        default_speaking_seconds=240,
        by=by,
    )
    spec = services.ParticipantSpec
    services.participants_add(
        conference=conference,
        participants=[
            spec(person=persons["mira-okafor"], roles=["official", "delegate"], voting_right=True,
                 weight=Decimal("2.5")),
            spec(person=persons["tomas-rivera"], roles=["delegate"], voting_right=True,
                 represents_branch=branches["chile"]),
            spec(person=persons["aiko-tanaka"], roles=["observer"]),
            spec(person=persons["lars-nilsson"], roles=["guest"], represents_partner=nordic),
        ],
        by=by,
    )  # fmt: skip
    services.session_add(conference=conference, starts_at=_at(1, 9), by=by)
    services.session_add(conference=conference, starts_at=_at(2, 9), by=by)
    opening = make_item(conference=conference, title="Opening", kind="procedural", by=by)
    greetings = make_item(conference=conference, title="Greetings", kind=ItemKind.LETTERS, by=by)
    programme = services.agenda_item_add(
        conference=conference,
        title="Programme",
        kind=ItemKind.TOPIC,
        title_translations={"ja": "綱領"},
        planned_minutes=90,
        by=by,
    )
    make_item(conference=conference, title="Chapter one", kind="topic", parent=programme, by=by)
    make_item(
        conference=conference,
        title="Staffing",
        kind="procedural",
        parent=programme,
        is_hidden=True,
        by=by,
    )
    make_item(conference=conference, title="Internal matters", kind="topic", is_internal=True,
              by=by)  # fmt: skip
    motion_item = make_item(conference=conference, title="Motions", kind=ItemKind.MOTION, by=by)
    letter = make_letter(
        key="npwu-greeting-first-conference",
        partner=nordic,
        subject="Greetings to the first conference",
        dated_on=dt.date(2026, 5, 28),
        text="Solidarity from the north.",
        by=by,
    )
    voided = make_letter(key="entered-in-error", partner=nordic, subject="Wrong", by=by)
    services.letter_void(letter=voided, reason="entered twice", by=by)
    motion_workflow_update(conference=conference, min_supporters=1, by=by)
    first = motion_submit(
        conference=conference,
        title="On organizing the ports",
        text="The conference resolves\nto organize every port.\n\nAnd to meet again.",
        reason="We are too few.",
        submitter_persons=[persons["tomas-rivera"]],
        by=by,
    )
    second = motion_submit(
        conference=conference,
        title="On the newsletter",
        text="A monthly newsletter.",
        submitter_branch=branches["chile"],
        by=by,
    )
    third = motion_submit(
        conference=conference,
        title="On a referred matter",
        text="To be looked at later.",
        submitter_body=bodies["coordinating-committee"],
        by=by,
    )
    motion_support(motion=first, person=persons["mira-okafor"], by=by)
    motion_support(motion=first, person=persons["aiko-tanaka"], by=by)
    motion_support(motion=second, person=persons["mira-okafor"], by=by)
    motion_support(motion=third, person=persons["aiko-tanaka"], by=by)
    first = motion_admit(motion=first, by=by)
    amendment = amendment_submit(
        motion=first,
        line_from=2,
        line_to=2,
        text="to organize every port and every ship.",
        reason="Ships too.",
        submitter_persons=[persons["mira-okafor"]],
        by=by,
    )
    amendment_submit(
        motion=first,
        paragraph=2,
        text="And to meet every year.",
        submitter_body=bodies["coordinating-committee"],
        by=by,
    )
    amendment_state_change(amendment=amendment, state=MotionState.ADMITTED, by=by)
    amendment_state_change(amendment=amendment, state=MotionState.ADOPTED, by=by)
    motion_recommend(motion=first, recommendation="Adopt, as amended.", by=by)
    motion_put_on_agenda(motion=first, item=motion_item, by=by)
    second = motion_admit(motion=second, by=by)
    motion_state_change(motion=second, state=MotionState.REJECTED, by=by)
    third = motion_admit(motion=third, by=by)
    motion_state_change(motion=third, state=MotionState.REFERRED, by=by)

    services.conference_state_change(conference=conference, state="in_preparation", by=by)
    conference = services.conference_state_change(conference=conference, state="open", by=by)
    one, two = conference.sessions.order_by("number")
    services.session_open(session=one, by=by)
    services.participants_check_in(
        conference=conference, persons=[persons["mira-okafor"], persons["tomas-rivera"]], by=by
    )
    services.agenda_item_set_current(item=opening, by=by)
    services.agenda_item_mark_done(item=opening, by=by)
    services.agenda_item_set_current(item=greetings, by=by)
    services.letter_present(letter=letter, item=greetings, by=by)
    services.agenda_item_mark_done(item=greetings, by=by)
    services.agenda_item_set_current(item=programme, by=by)
    services.speech_record(
        conference=conference,
        speaker=persons["tomas-rivera"],
        title="Introducing the programme",
        text="Comrades, **the programme**.",
        item=programme,
        published=True,
        by=by,
    )
    services.speech_record(
        conference=conference, speaker=persons["aiko-tanaka"], title="A remark", by=by
    )
    wrong = services.speech_record(
        conference=conference,
        speaker=persons["aiko-tanaka"],
        title="Entered in error",
        item=programme,
        published=True,
        by=by,
    )
    services.speech_void(speech=wrong, reason="the wrong speaker", by=by)
    motion_state_change(motion=first, state=MotionState.ADOPTED, by=by)
    services.session_close(session=one, by=by)
    services.session_open(session=two, by=by)
    services.session_close(session=two, by=by)
    services.conference_state_change(conference=conference, state="closed", by=by)


@pytest.fixture
def record(demo: None) -> None:
    """The demo organization with its Third Congress, and a closed first conference."""
    build_closed_conference()


def _data(text: str) -> dict[str, Any]:
    data: dict[str, Any] = load(text).data
    return data


# ---- round trips ------------------------------------------------------------------------------


@pytest.mark.usefixtures("record")
def test_conferences_round_trip_into_an_empty_database(write_file: WriteFile) -> None:
    first = export_text()
    data = _data(first)
    # Voided records leave the dossier, and their journal entries with them.
    assert "Entered in error" not in first and "entered-in-error" not in first
    assert [c["key"] for c in data["conferences"]] == [
        "first-organizing-conference",
        "third-congress",
    ]
    assert data["conferences"][0]["state"] == "closed"
    assert [len(j["entries"]) for j in data["conference_journal"]] == [
        JournalEntry.objects.filter(scope=f"conference:{key}").count() - voided
        for key, voided in (("first-organizing-conference", 2), ("third-congress", 0))
    ]
    wipe_everything()
    assert Conference.objects.count() == Motion.objects.count() == 0

    run = run_import(write_file(first))

    assert run.error is None, run.stderr
    assert "conferences: 2 created, 0 updated, 0 unchanged" in run.stdout
    assert "motions: 5 created, 0 updated, 0 unchanged" in run.stdout  # the demo has two
    assert "conference_journal: 2 created, 0 updated, 0 unchanged" in run.stdout
    assert export_text() == first
    closed = Conference.objects.get(key="first-organizing-conference")
    assert closed.state == "closed"
    assert set(closed.sessions.values_list("state", flat=True)) == {"closed"}
    motion = closed.motions.get(number=1)
    assert motion.state == MotionState.ADOPTED
    assert motion.line_width is not None
    assert [a.state for a in motion.amendments.order_by("number")] == ["adopted", "submitted"]
    assert not Letter.all_objects.filter(key="entered-in-error").exists()  # voided: not exported


@pytest.mark.usefixtures("record")
def test_importing_the_conferences_again_changes_nothing(write_file: WriteFile) -> None:
    text = export_text()
    counts = table_counts()
    audit = AuditEntry.objects.count()
    journal = list(JournalEntry.objects.values_list("id", flat=True))

    run = run_import(write_file(text))

    assert run.error is None, run.stderr
    for section in CONFERENCE_SECTIONS:
        line = next(line for line in run.stdout.splitlines() if line.strip().startswith(section))
        assert ": 0 created, 0 updated, " in line, line
    assert table_counts() == counts
    assert AuditEntry.objects.count() == audit
    assert list(JournalEntry.objects.values_list("id", flat=True)) == journal


@pytest.mark.usefixtures("record")
def test_new_items_rows_and_moves_go_through_the_services(write_file: WriteFile) -> None:
    data = _data(export_text())
    agenda = next(a for a in data["agenda"] if a["conference"] == "third-congress")
    agenda["items"].append({"kind": "topic", "title": "Any other business"})
    approval = next(i for i in agenda["items"] if i["title"] == "Approval of the agenda")
    approval["done"] = True
    speech = next(s for s in data["speeches"] if s["title"] == "Opening remarks")
    data["speeches"].append({**speech, "title": "Closing remarks", "published": False})
    motions = data.setdefault("motions", [])
    motions.append(
        {
            "conference": "third-congress",
            "number": 3,  # after the demo's two
            "title": "On the ports",
            "text": "Organize them.",
            "submitter_persons": ["tomas-rivera"],
            "supporters": ["aiko-tanaka", "mira-okafor"],  # the demo's Congress needs two
            "state": "admitted",
        }
    )
    audit = AuditEntry.objects.count()

    run = run_import(write_file(dump(data)))

    assert run.error is None, run.stderr
    assert "agenda: 1 created, 1 updated, " in run.stdout
    assert "speeches: 1 created, 0 updated, 3 unchanged" in run.stdout
    assert "motions: 1 created, 0 updated, 5 unchanged" in run.stdout
    actions = set(AuditEntry.objects.filter(id__gt=audit).values_list("action", flat=True))
    assert {
        "agenda_item.added",
        "agenda_item.done",
        "speech.delivered",
        "motion.submitted",
        "motion.supported",
        "motion.admitted",
    } <= actions
    motion = Motion.objects.get(conference__key="third-congress", number=3)
    assert motion.state == MotionState.ADMITTED
    assert sorted(motion.supporters.values_list("person__key", flat=True)) == [
        "aiko-tanaka",
        "mira-okafor",
    ]


@pytest.mark.usefixtures("record")
def test_a_closed_conference_is_not_changed_by_an_import(write_file: WriteFile) -> None:
    text = export_text()
    changed = text.replace("title: A remark\n", "title: A later remark\n")
    lines = _refused(write_file, changed)
    assert any("The conference is closed" in line for line in lines), lines


# ---- bad input --------------------------------------------------------------------------------


def _refused(write_file: WriteFile, text: str) -> list[str]:
    """Import ``text``: it fails, writes nothing; the error lines."""
    counts, before = table_counts(), export_text()
    run = run_import(write_file(text))
    assert run.error is not None
    assert table_counts() == counts
    assert export_text() == before
    return run.stderr.splitlines()


CONFERENCE = """\
conference_series:
  - {key: assembly, name: Assembly}
conferences:
  - key: first-assembly
    series: assembly
    number: 1
    kind: assembly
    convening_body: coordinating-committee
    format: in_person
    venue: Harbor Hall
    starts_on: 2026-10-01
"""


@pytest.mark.usefixtures("demo")
def test_a_hand_written_conference_imports(write_file: WriteFile) -> None:
    text = (
        HEADER
        + CONFERENCE
        + (
            "participants:\n"
            "  - {conference: first-assembly, person: mira-okafor, roles: [delegate], weight: 2}\n"
            "agenda:\n"
            "  - conference: first-assembly\n"
            "    items:\n"
            "      - {kind: procedural, title: Opening, items: [{kind: topic, title: Sub}]}\n"
            "      - {kind: topic, title: Reports}\n"
            "speeches:\n"
            "  - {conference: first-assembly, item: '1.1', speaker: mira-okafor, title: Hello}\n"
        )
    )
    run = run_import(write_file(text))
    assert run.error is None, run.stderr
    conference = Conference.objects.get(key="first-assembly")
    assert conference.state == "planned"
    assert Participant.objects.get(conference=conference).weight == 2
    sub = AgendaItem.objects.get(conference=conference, title="Sub")
    assert sub.parent is not None and sub.parent.title == "Opening"
    assert Speech.objects.get(conference=conference).item == sub
    assert AuditEntry.objects.filter(action="conference.created").exists()


@pytest.mark.usefixtures("demo")
def test_an_unknown_reference_is_an_error_at_its_row(write_file: WriteFile) -> None:
    text = (
        HEADER
        + CONFERENCE.replace(
            "convening_body: coordinating-committee", "convening_body: no-such-body"
        )
        + (
            "participants:\n"
            "  - {conference: third-congress, person: nobody-here, roles: [guest]}\n"
            "speeches:\n"
            "  - {conference: third-congress, item: '42', speaker: mira-okafor, title: Lost}\n"
        )
    )
    lines = _refused(write_file, text)
    joined = "\n".join(lines)
    assert "conferences[0].convening_body: There is no body with the key 'no-such-body'." in joined
    assert "participants[0].person: There is no person with the key 'nobody-here'." in joined
    assert "speeches[0].item: The conference's agenda has no item 42." in joined


@pytest.mark.usefixtures("demo")
def test_a_duplicate_key_is_an_error(write_file: WriteFile) -> None:
    series = "conference_series:\n  - {key: assembly, name: Assembly}\n"
    text = HEADER + series + "  - {key: assembly, name: Again}\n"
    lines = _refused(write_file, text)
    assert len(lines) == 1
    assert (
        "conference_series[1].key: The key 'assembly' is already used by another series."
        in (lines[0])
    )


@pytest.mark.usefixtures("demo")
def test_a_motion_must_take_the_next_number(write_file: WriteFile) -> None:
    text = HEADER + (
        "motions:\n"
        "  - {conference: third-congress, number: 7, title: Seven, text: Too far.,"
        " submitter_persons: [mira-okafor]}\n"
    )
    lines = _refused(write_file, text)
    assert "motions[0].number: Motions are numbered in the order they are submitted" in lines[0]


@pytest.mark.usefixtures("demo")
def test_a_state_the_rules_do_not_lead_to_is_refused(write_file: WriteFile) -> None:
    text = export_text().replace("  state: open\n", "  state: planned\n", 1)
    lines = _refused(write_file, text)
    assert any("The allowed moves do not lead from open to planned." in line for line in lines)


@pytest.mark.usefixtures("demo")
def test_a_journal_out_of_sequence_is_refused(write_file: WriteFile) -> None:
    text = export_text().replace("  - sequence: 2\n", "  - sequence: 5\n", 1)
    lines = _refused(write_file, text)
    assert any(
        "conference_journal[0].entries[1].sequence: The journal's entries are numbered" in line
        for line in lines
    )


@pytest.mark.usefixtures("demo")
def test_deeply_nested_agenda_items_are_refused_while_reading(write_file: WriteFile) -> None:
    item = "{kind: topic, title: T, items: ["
    nested = item * 40 + "]}" * 40
    text = HEADER + f"agenda:\n  - conference: third-congress\n    items: [{nested}]\n"
    lines = _refused(write_file, text)
    assert len(lines) == 1
    assert lines[0].endswith(msg.TOO_DEEP.format(limit=MAX_DEPTH))


@pytest.mark.usefixtures("demo")
def test_a_huge_speech_is_refused_at_its_place(write_file: WriteFile) -> None:
    limit = Speech._meta.get_field("text").max_length
    assert limit is not None
    text = HEADER + (
        "speeches:\n"
        "  - conference: third-congress\n"
        "    speaker: mira-okafor\n"
        "    title: Endless\n"
        f"    text: {'x' * (limit + 1)}\n"
    )
    lines = _refused(write_file, text)
    assert len(lines) == 1
    assert "speeches[0].text: " in lines[0]
    assert lines[0].endswith(msg.TOO_LONG.format(length=limit + 1, limit=limit))


# ---- the schema ---------------------------------------------------------------------------------


def test_the_assembled_schema_has_the_conferences_sections_after_the_peoples() -> None:
    assert SECTIONS[SECTIONS.index("appointments") + 1 :][: len(CONFERENCE_SECTIONS)] == tuple(
        CONFERENCE_SECTIONS
    )
    defs = schema()["$defs"]
    for name in ("conference", "participant", "agenda_item", "motion", "amendment"):
        assert name in defs


@pytest.mark.parametrize(
    ("definition", "model", "fields"),
    [
        ("conference_series", "ConferenceSeries", ["name"]),
        ("conference", "Conference", ["venue", "meeting_link", "occasion", "quorum_percent"]),
        ("agenda_item", "AgendaItem", ["title", "planned_minutes"]),
        ("letter", "Letter", ["occasion", "subject", "text"]),
        ("speech", "Speech", ["title", "text"]),
        ("motion", "Motion", ["title", "text", "reason", "recommendation"]),
        ("amendment", "Amendment", ["text", "reason"]),
    ],
)
def test_the_schema_states_the_models_limits(
    definition: str, model: str, fields: list[str]
) -> None:
    from chapterhouse.conferences import models

    properties = schema()["$defs"][definition]["properties"]
    for field in fields:
        expected = limits(getattr(models, model), field)
        spec = properties[field]
        if "max_length" in expected:
            assert spec["maxLength"] == expected["max_length"], (definition, field)
        if "le" in expected:
            assert (spec["minimum"], spec["maximum"]) == (expected["ge"], expected["le"])
