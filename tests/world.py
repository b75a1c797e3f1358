"""The tests' one fixture world: a small Harbor Workers' International (HWI, see DESIGN.md),
made through the contexts' factories (``<context>/factories.py``, which the demo uses too) and
services.

``tests/conftest.py`` offers it to every test folder as the ``hwi`` fixture (made once per test
module, each test in a savepoint inside it) with ``okafor_client`` and ``treasurer_client``.
It differs from the demo organization (``chapterhouse demo``, the ``demo`` fixture) on purpose:
a member of an internal body who sits nowhere else (ana-silva), internal notes on a public body
and an event of the internal body, so that the API's visibility rules each have a case.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from chapterhouse.organizations.factories import make_body, make_branch, make_event
from chapterhouse.organizations.models import BodyKind, EventKind
from chapterhouse.organizations.services import (
    history_event_record,
    observance_create,
    organization_set,
)
from chapterhouse.people.factories import (
    make_appointment,
    make_duty,
    make_person,
    standard_positions,
)
from chapterhouse.people.models import Person
from chapterhouse.people.services import (
    ContactSpec,
    NameSpec,
    ResponsibilitySpec,
    appointment_make,
    membership_start,
    partner_organization_create,
    person_create,
)

D = dt.date


def _linked_person(key: str, name: str, username: str) -> Person:
    user = User.objects.create_user(username=username, password=f"pw-{username}-1")
    person = person_create(
        key=key,
        names=[NameSpec("en", name, True)],
        contacts=[ContactSpec("email", f"{username}@hwi.example")],
        user=user,
        by=None,
    )
    return person


def build_hwi() -> None:
    """The world: the organization, branches chile (CL) > valparaiso and japan (JP); bodies
    coordinating-committee (public, with internal notes), finance-commission (internal; ana-silva,
    user "treasurer", is its member), third-congress-preparatory-committee (mandate 2026-08-20..
    2026-09-03) and chile-executive-committee; mira-okafor (user "okafor") chairs the coordinating
    committee; tomas-rivera and aiko-tanaka are responsible for organizing work in Chile and
    Japan during the preparatory committee's mandate."""
    organization_set(
        name="Harbor Workers' International",
        short_name="HWI",
        languages=["en", "ja"],
        calendar_eras={"default": ["japanese"]},
        by=None,
    )
    positions = standard_positions()
    organizing = make_duty(key="organizing-work", name="organizing work")
    coverage = make_duty(key="information-coverage", name="information coverage")
    chile = make_branch(key="chile", name="Chile", country="CL")
    valparaiso = make_branch(key="valparaiso", name="Valparaíso", parent=chile)
    japan = make_branch(key="japan", name="Japan", country="JP")

    cc = make_body(
        key="coordinating-committee",
        name="Coordinating Committee",
        kind=BodyKind.COORDINATING_COMMITTEE,
        starts_on=D(2022, 9, 1),
        internal_notes="Working notes of the committee.",
    )
    finance = make_body(
        key="finance-commission",
        name="Finance Commission",
        parent=cc,
        starts_on=D(2022, 9, 1),
        visibility="internal",
        internal_notes="Two branches in arrears.",
    )
    prep = make_body(
        key="third-congress-preparatory-committee",
        name="Preparatory Committee of the Third Congress",
        kind=BodyKind.PREPARATORY_COMMITTEE,
        parent=cc,
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
    )
    chile_ec = make_body(
        key="chile-executive-committee",
        name="Executive Committee of the Chile Branch",
        kind=BodyKind.EXECUTIVE_COMMITTEE,
        branch=chile,
    )

    make_event(
        key="hwi-founded",
        kind=EventKind.FOUNDED,
        occurred_on=D(2014, 3, 8),
        title="Founded as an online network",
    )
    reorganized = make_event(
        key="hwi-reorganized",
        kind=EventKind.REORGANIZED,
        occurred_on=D(2022, 9, 1),
        title="Reorganized into a federation",
    )
    make_event(
        key="hwi-renamed",
        kind=EventKind.RENAMED,
        occurred_on=D(2022, 9, 1),
        title="Renamed",
        old_name="Harbor Workers' Network",
        new_name="Harbor Workers' International",
    )
    history_event_record(
        key="finance-audit",
        kind=EventKind.OTHER,
        occurred_on=D(2023, 5, 10),
        title="Accounts audited",
        body=finance,
        by=None,
    )
    observance_create(
        key="formation-day",
        name="Formation Day",
        event=reorganized,
        decided_by=cc,
        decided_on=D(2022, 9, 15),
        by=None,
    )
    partner_organization_create(
        key="nordic-port-workers", name="Nordic Port Workers' Union", country="SE", by=None
    )

    okafor = _linked_person("mira-okafor", "Mira Okafor", "okafor")
    treasurer = _linked_person("ana-silva", "Ana Silva", "treasurer")
    rivera = make_person(key="tomas-rivera", name="Tomás Rivera")
    tanaka = make_person(
        key="aiko-tanaka",
        names=[NameSpec("en", "Aiko Tanaka", True), NameSpec("ja", "田中愛子")],
    )
    fernandez = make_person(key="lucia-fernandez", name="Lucía Fernández")

    membership_start(person=okafor, starts_on=D(2014, 3, 8), by=None)
    membership_start(person=tanaka, branch=japan, starts_on=D(2016, 4, 1), by=None)
    membership_start(
        person=fernandez,
        branch=valparaiso,
        starts_on=D(2018, 2, 1),
        expires_on=D(2025, 12, 31),
        by=None,
    )

    make_appointment(person=okafor, body=cc, position=positions["chair"], starts_on=D(2022, 9, 1))
    make_appointment(
        person=treasurer, body=finance, position=positions["member"], starts_on=D(2024, 1, 1)
    )
    make_appointment(
        person=fernandez,
        body=chile_ec,
        position=positions["chair"],
        starts_on=D(2019, 1, 1),
        ends_on=D(2023, 12, 31),
    )
    appointment_make(
        person=rivera,
        body=chile_ec,
        position=positions["chair"],
        starts_on=D(2024, 1, 1),
        decided_by=cc,
        decision="Decision 2023/14",
        by=None,
    )
    make_appointment(
        person=rivera,
        body=prep,
        position=positions["chair"],
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
        appointed_by=okafor,
        responsibilities=(ResponsibilitySpec(duty=organizing, branch=chile),),
    )
    make_appointment(
        person=tanaka,
        body=prep,
        position=positions["member"],
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
        appointed_by=okafor,
        responsibilities=(
            ResponsibilitySpec(duty=organizing, country="JP"),
            ResponsibilitySpec(duty=coverage),
        ),
    )
