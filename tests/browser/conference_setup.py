"""A conference on the demo organization for the browser tests (the demo itself has none yet):
the Third Congress, open, with a session, an agenda, delegates who can log in (okafor, tanaka),
a guest and two greeting letters. Made through the services, as the chair would."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import Conference
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.models import PartnerOrganization, Person

KEY = "third-congress"


def make_conference() -> Conference:
    cc = Body.objects.get(key="coordinating-committee")
    prep = Body.objects.get(key="third-congress-preparatory-committee")
    series = cs.conference_series_create(
        key="congress",
        name="Congress",
        name_translations={"ja": "大会", "ko": "대회"},
        gender="m",
        by=None,
    )
    conference = cs.conference_create(
        key=KEY,
        series=series,
        number=3,
        kind="congress",
        convening_body=cc,
        preparatory_body=prep,
        format="in_person",
        venue="Harbor Hall",
        occasion="formation day",
        starts_on=timezone.localdate(),
        by=None,
    )
    cs.conference_state_change(conference=conference, state="in_preparation", by=None)
    conference = cs.conference_state_change(conference=conference, state="open", by=None)
    cs.session_add(
        conference=conference, starts_at=timezone.now() + dt.timedelta(minutes=5), by=None
    )
    persons = {p.key: p for p in Person.objects.all()}
    chile = Branch.objects.get(key="chile")
    japan = Branch.objects.get(key="japan")
    nordic = PartnerOrganization.objects.get(key="nordic-port-workers")
    pacific = PartnerOrganization.objects.get(key="pacific-seafarers")
    cs.participants_add(
        conference=conference,
        participants=[
            cs.ParticipantSpec(
                person=persons["mira-okafor"], roles=["official", "delegate"], voting_right=True
            ),
            cs.ParticipantSpec(
                person=persons["tomas-rivera"],
                roles=["delegate"],
                voting_right=True,
                represents_branch=chile,
            ),
            cs.ParticipantSpec(
                person=persons["aiko-tanaka"],
                roles=["delegate"],
                voting_right=True,
                represents_branch=japan,
            ),
            cs.ParticipantSpec(
                person=persons["lars-nilsson"], roles=["guest"], represents_partner=nordic
            ),
        ],
        by=None,
    )
    opening = cs.agenda_item_add(
        conference=conference, title="Opening", kind="procedural", planned_minutes=10, by=None
    )
    cs.agenda_item_add(
        conference=conference, title="Greetings", kind="letters", planned_minutes=15, by=None
    )
    cs.agenda_item_add(
        conference=conference, title="Opening remarks", kind="speech", planned_minutes=20, by=None
    )
    cs.agenda_item_add(
        conference=conference, title="Reports", kind="topic", planned_minutes=60, by=None
    )
    cs.agenda_item_add(
        conference=conference, title="Tellers", kind="procedural", parent=opening, by=None
    )
    for key, subject, partner in (
        ("greeting-nordic", "Greetings from the Nordic Port Workers", nordic),
        ("greeting-pacific", "Greetings from the Pacific Seafarers", pacific),
    ):
        cs.letter_register(
            key=key,
            direction="in",
            subject=subject,
            dated_on=timezone.localdate(),
            partner=partner,
            text="Dear friends, we greet your congress.",
            by=None,
        )
    return conference
