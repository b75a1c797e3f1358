"""The conference part of the DESIGN.md scenario, through the services: open the Third
Congress, appoint, present two greeting letters, opening remarks, speakers, the agenda."""

from __future__ import annotations

import datetime as dt

import pytest

from chapterhouse.conferences import services as cs
from chapterhouse.conferences.events import PUBLIC
from chapterhouse.conferences.selectors import agenda, journal_for, projector_state
from chapterhouse.core.models import AuditEntry, JournalEntry
from chapterhouse.people.models import Appointment
from chapterhouse.people.services import ResponsibilitySpec, duty_create, position_create
from tests.conferences.conftest import World

pytestmark = pytest.mark.django_db


def test_the_opening_session_of_the_third_congress(world: World) -> None:
    c, sec, p, persons = world.conference, world.sec, world.participants, world.persons
    chair = position_create(key="chair", name="Chair", single_holder=True, by=sec)
    member = position_create(key="member", name="Member", by=sec)
    organizing = duty_create(key="organizing-work", name="organizing work", by=sec)
    coverage = duty_create(key="information-coverage", name="information coverage", by=sec)
    session = cs.session_add(
        conference=c, starts_at=dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), by=sec
    )
    cs.session_open(session=session, by=sec)
    cs.participants_check_in(
        conference=c, persons=[persons[k] for k in ("okafor", "rivera", "tanaka")], by=sec
    )

    opening = cs.agenda_item_add(conference=c, title="Opening", kind="procedural", by=sec)
    letters = cs.agenda_item_add(
        conference=c, title="Greetings", kind="letters", parent=opening, by=sec
    )
    remarks = cs.agenda_item_add(
        conference=c, title="Opening remarks", kind="speech", parent=opening, by=sec
    )
    approval = cs.agenda_item_add(
        conference=c, title="Approval of the agenda", kind="procedural", by=sec
    )
    cs.agenda_item_set_current(item=opening, by=sec)

    # Okafor, Chair of the Coordinating Committee, appoints the preparatory committee's chair
    # and a member responsible for Japan and for information coverage.
    rivera = cs.conference_appointment_make(
        conference=c, person=persons["rivera"], body=world.prep, position=chair,
        starts_on=dt.date(2026, 8, 20), appointed_by=persons["okafor"],
        responsibilities=[ResponsibilitySpec(duty=organizing, branch=world.chile)], by=sec,
    )  # fmt: skip
    tanaka = cs.conference_appointment_make(
        conference=c, person=persons["tanaka"], body=world.prep, position=member,
        starts_on=dt.date(2026, 8, 20), appointed_by=persons["okafor"],
        responsibilities=[
            ResponsibilitySpec(duty=organizing, country="JP"), ResponsibilitySpec(duty=coverage),
        ],
        by=sec,
    )  # fmt: skip
    assert Appointment.objects.filter(pk__in=[rivera.pk, tanaka.pk]).count() == 2
    assert AuditEntry.objects.filter(action="appointment.made").count() == 2
    assert rivera.last_day == dt.date(2026, 9, 3)  # the mandate's last day, inclusive

    cs.agenda_item_set_current(item=letters, by=sec)
    for partner in world.partners:
        letter = cs.letter_register(
            key=f"greeting-{partner.key}", direction="in", subject=f"Greetings from {partner}",
            dated_on=dt.date(2026, 8, 28), partner=partner, occasion="Third Congress", by=sec,
        )  # fmt: skip
        cs.letter_present(letter=letter, item=letters, by=sec)
    cs.agenda_item_mark_done(item=letters, by=sec)

    cs.agenda_item_set_current(item=remarks, by=sec)
    speech = cs.speech_record(
        conference=c, item=remarks, speaker=persons["okafor"], title="Opening remarks",
        text="Dear delegates,\n\nwelcome to the **Third Congress**.", published=True, by=sec,
    )  # fmt: skip
    assert "<strong>Third Congress</strong>" in speech.html
    cs.agenda_item_mark_done(item=remarks, by=sec)

    cs.agenda_item_set_current(item=approval, by=sec)
    first = cs.speaker_request(item=approval, participant=p["tanaka"], by=world.users["tanaka"])
    cs.speaker_request(item=approval, participant=p["rivera"], by=world.users["rivera"])
    cs.speaker_start(request=first, seconds=120, by=sec)
    shown = projector_state(conference=c, level=PUBLIC)
    assert shown.item is not None and shown.item.title == "Approval of the agenda"
    assert shown.speaker is not None and shown.speaker.person == "Aiko Tanaka"
    assert shown.countdown_seconds == 120
    assert [w.person for w in shown.waiting] == ["Tomás Rivera"]
    assert (shown.present, shown.entitled, shown.quorum_met) == (3, 4, True)
    cs.speaker_stop(request=first, by=sec)
    # The vote approving the agenda (41-2-3) comes with the voting context: no result is
    # invented here.
    cs.session_close(session=session, by=sec)

    assert [(i.number, i.title) for i in agenda(conference=c, level=PUBLIC)] == [
        ("1", "Opening"),
        ("1.1", "Greetings"),
        ("1.2", "Opening remarks"),
        ("2", "Approval of the agenda"),
    ]
    kinds = [e.kind for e in journal_for(conference=c, level=PUBLIC)]
    assert kinds.count("appointment.made") == 2
    assert kinds.count("letter.presented") == 2
    assert "speech.published" in kinds
    assert kinds[-1] == "session.closed"
    presented = JournalEntry.objects.filter(kind="letter.presented")
    assert sorted(e.payload["correspondent"] for e in presented) == [
        "Dockers' Union",
        "Seafarers' Federation",
    ]
