"""The opening session of the DESIGN.md scenario, made through the services, for the report
tests: two appointments in the preparatory committee, two greeting letters, published opening
remarks, a speaker on the agenda's approval, the session closed; and, planted beside them, an
internal item with a letter and an appointment in an internal body, whose ``MARKER`` must never
reach a public report."""

from __future__ import annotations

import datetime as dt

from chapterhouse.conferences import services as cs
from chapterhouse.organizations.services import body_create
from chapterhouse.people.services import ResponsibilitySpec, duty_create, position_create
from tests.conferences.conftest import World, build

MARKER = "ZZSECRETZZ"


def opening_session(*, hidden: bool = True) -> World:
    world = build()
    c, sec, persons = world.conference, world.sec, world.persons
    chair = position_create(key="chair", name="Chair", single_holder=True, by=sec)
    member = position_create(key="member", name="Member", by=sec)
    organizing = duty_create(key="organizing-work", name="organizing work", by=sec)
    coverage = duty_create(key="information-coverage", name="information coverage", by=sec)
    session = cs.session_add(
        conference=c, starts_at=dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), by=sec
    )
    cs.session_open(session=session, by=sec)
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
    cs.conference_appointment_make(
        conference=c, person=persons["rivera"], body=world.prep, position=chair,
        starts_on=dt.date(2026, 8, 20), appointed_by=persons["okafor"],
        responsibilities=[ResponsibilitySpec(duty=organizing, branch=world.chile)], by=sec,
    )  # fmt: skip
    cs.conference_appointment_make(
        conference=c, person=persons["tanaka"], body=world.prep, position=member,
        starts_on=dt.date(2026, 8, 20), appointed_by=persons["okafor"],
        responsibilities=[
            ResponsibilitySpec(duty=organizing, country="JP"), ResponsibilitySpec(duty=coverage),
        ],
        by=sec,
    )  # fmt: skip
    if hidden:
        cell = body_create(
            key="cell", name=f"Cell {MARKER}", kind="commission", visibility="internal", by=sec
        )
        cs.conference_appointment_make(
            conference=c, person=persons["lee"], body=cell, position=member,
            starts_on=dt.date(2026, 9, 1), by=sec,
        )  # fmt: skip
        internal = cs.agenda_item_add(
            conference=c, title=f"Internal {MARKER}", kind="letters", is_internal=True, by=sec
        )
        cs.agenda_item_set_current(item=internal, by=sec)
        secret = cs.letter_register(
            key="secret-letter", direction="in", subject=f"Letter {MARKER}",
            dated_on=dt.date(2026, 8, 28), partner=world.partners[0], by=sec,
        )  # fmt: skip
        cs.letter_present(letter=secret, item=internal, by=sec)
        cs.speech_record(
            conference=c, item=internal, speaker=persons["lee"], title=f"Speech {MARKER}",
            text=f"Internal {MARKER}", published=True, by=sec,
        )  # fmt: skip
    cs.agenda_item_set_current(item=letters, by=sec)
    for partner in world.partners:
        letter = cs.letter_register(
            key=f"greeting-{partner.key}", direction="in", subject=f"Greetings from {partner}",
            dated_on=dt.date(2026, 8, 28), partner=partner, occasion="Third Congress", by=sec,
        )  # fmt: skip
        cs.letter_present(letter=letter, item=letters, by=sec)
    cs.agenda_item_mark_done(item=letters, by=sec)
    cs.agenda_item_set_current(item=remarks, by=sec)
    cs.speech_record(
        conference=c, item=remarks, speaker=persons["okafor"], title="Opening remarks",
        text="Dear delegates,\n\nwelcome to the **Third Congress**.", published=True, by=sec,
    )  # fmt: skip
    cs.agenda_item_mark_done(item=remarks, by=sec)
    cs.agenda_item_set_current(item=approval, by=sec)
    first = cs.speaker_request(
        item=approval, participant=world.participants["tanaka"], by=world.users["tanaka"]
    )
    cs.speaker_start(request=first, seconds=120, by=sec)
    cs.speaker_stop(request=first, by=sec)
    cs.session_close(session=session, by=sec)
    return world
