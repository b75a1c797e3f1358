"""A conference of the DESIGN.md scenario, made through the services (shared by the modules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import Conference, Participant
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.organizations.services import body_create, branch_create
from chapterhouse.people.models import PartnerOrganization, Person
from chapterhouse.people.services import (
    NameSpec,
    membership_start,
    partner_organization_create,
    person_create,
)


@dataclass
class World:
    sec: User
    conference: Conference
    cc: Body
    prep: Body
    chile: Branch
    japan: Branch
    partners: list[PartnerOrganization]
    persons: dict[str, Person]
    participants: dict[str, Participant]
    users: dict[str, User]


def make_person(key: str, name: str, *, user: User | None = None) -> Person:
    person = person_create(key=key, names=[NameSpec("en", name, True)], by=None)
    if user is not None:
        Person.objects.filter(pk=person.pk).update(user=user)
        person.refresh_from_db()
    return person


def build(*, open_it: bool = True) -> World:
    sec = User.objects.create_user(username="sec")
    sec.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    cc = body_create(key="cc", name="Coordinating Committee", kind="coordinating_committee", by=sec)
    prep = body_create(
        key="prep",
        name="Preparatory Committee",
        kind="preparatory_committee",
        starts_on=dt.date(2026, 8, 20),
        ends_on=dt.date(2026, 9, 3),
        by=sec,
    )
    chile = branch_create(key="chile", name="Chile", country="CL", by=sec)
    japan = branch_create(key="japan", name="Japan", country="JP", by=sec)
    partners = [
        partner_organization_create(key="dockers", name="Dockers' Union", by=sec),
        partner_organization_create(key="seafarers", name="Seafarers' Federation", by=sec),
    ]
    series = cs.conference_series_create(
        key="congress", name="Congress", name_translations={}, gender="m", by=sec
    )
    conference = cs.conference_create(
        key="third-congress",
        series=series,
        number=3,
        kind="congress",
        convening_body=cc,
        preparatory_body=prep,
        format="hybrid",
        venue="Harbor Hall",
        meeting_link="https://meet.example.org/third",
        occasion="formation day",
        starts_on=dt.date(2026, 9, 1),
        by=sec,
    )
    users: dict[str, User] = {}
    persons: dict[str, Person] = {}
    for key, name in (
        ("okafor", "Mira Okafor"),
        ("rivera", "Tomás Rivera"),
        ("tanaka", "Aiko Tanaka"),
        ("lee", "Min Lee"),
        ("guest", "Guest Speaker"),
    ):
        users[key] = User.objects.create_user(username=key)
        persons[key] = make_person(key, name, user=users[key])
        if key != "guest":
            membership_start(person=persons[key], starts_on=dt.date(2020, 1, 1), by=sec)
    persons["outsider"] = make_person("outsider", "Not Invited")
    made = cs.participants_add(
        conference=conference,
        participants=[
            cs.ParticipantSpec(person=persons["okafor"], roles=["official", "delegate"],
                               voting_right=True),
            cs.ParticipantSpec(person=persons["rivera"], roles=["delegate"], voting_right=True,
                               represents_branch=chile),
            cs.ParticipantSpec(person=persons["tanaka"], roles=["delegate"], voting_right=True,
                               weight=Decimal("2"), represents_branch=japan),
            cs.ParticipantSpec(person=persons["lee"], roles=["delegate"], voting_right=True,
                               represents_branch=japan),
            cs.ParticipantSpec(person=persons["guest"], roles=["guest"],
                               represents_partner=partners[0]),
        ],
        by=sec,
    )  # fmt: skip
    participants = {p.person.key: p for p in made}
    if open_it:
        cs.conference_state_change(conference=conference, state="in_preparation", by=sec)
        conference = cs.conference_state_change(conference=conference, state="open", by=sec)
    return World(
        sec=sec, conference=conference, cc=cc, prep=prep, chile=chile, japan=japan,
        partners=partners, persons=persons, participants=participants, users=users,
    )  # fmt: skip


@pytest.fixture
def world(db: None) -> World:
    return build()
