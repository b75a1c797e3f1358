"""The demo organization: the Harbor Workers' International (HWI), fictional, from DESIGN.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.demo.factories import make_duty, standard_positions
from chapterhouse.organizations.models import BodyKind, EventKind, HistoryEvent
from chapterhouse.organizations.services import (
    body_create,
    branch_create,
    history_event_record,
    observance_create,
    organization_set,
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

MARKER_KEY = "hwi-founded"
D = dt.date


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    who: str


LOGINS = (
    DemoLogin("secretariat", "harbor-secretariat", "the secretariat: manages everything"),
    DemoLogin("okafor", "harbor-okafor", "Mira Okafor, Chair of the Coordinating Committee"),
    DemoLogin("tanaka", "harbor-tanaka", "Aiko Tanaka, a member in Japan"),
)


def demo_is_loaded() -> bool:
    return HistoryEvent.objects.filter(key=MARKER_KEY).exists()


@transaction.atomic
def demo_load() -> bool:
    """Load the demo organization; False (and no change at all) if it is already there."""
    if demo_is_loaded():
        return False
    by = None
    organization_set(
        name="Harbor Workers' Network",
        short_name="HWI",
        languages=["en", "ja"],
        calendar_eras={"default": ["japanese"], "ko": ["juche"], "zh-hans": ["minguo"]},
        by=by,
    )
    chile = branch_create(key="chile", name="Chile", country="CL", founded_on=D(2014, 3, 8), by=by)
    valparaiso = branch_create(key="valparaiso", name="Valparaíso", parent=chile, by=by)
    japan = branch_create(key="japan", name="Japan", country="JP", founded_on=D(2014, 3, 8), by=by)
    branch_create(key="yokohama", name="Yokohama", parent=japan, by=by)
    branch_create(
        key="south-africa", name="South Africa", country="ZA", founded_on=D(2014, 3, 8), by=by
    )

    cc = body_create(
        key="coordinating-committee",
        name="Coordinating Committee",
        kind=BodyKind.COORDINATING_COMMITTEE,
        starts_on=D(2022, 9, 1),
        purpose="Leads the federation between congresses.",
        by=by,
    )
    chile_ec = body_create(
        key="chile-executive-committee",
        name="Executive Committee of the Chile Branch",
        kind=BodyKind.EXECUTIVE_COMMITTEE,
        branch=chile,
        purpose="Runs the branch in Chile.",
        by=by,
    )
    prep = body_create(
        key="third-congress-preparatory-committee",
        name="Preparatory Committee of the Third Congress",
        kind=BodyKind.PREPARATORY_COMMITTEE,
        parent=cc,
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
        purpose="Prepares the Third Congress, held on the occasion of formation day.",
        by=by,
    )
    finance = body_create(
        key="finance-commission",
        name="Finance Commission",
        kind=BodyKind.COMMISSION,
        parent=cc,
        starts_on=D(2022, 9, 1),
        visibility="internal",
        purpose="Keeps the federation's accounts.",
        internal_notes="Dues for 2026 reviewed on 12 October; two branches in arrears.",
        by=by,
    )

    history_event_record(
        key=MARKER_KEY,
        kind=EventKind.FOUNDED,
        occurred_on=D(2014, 3, 8),
        title="Founded as an online network in three countries",
        new_name="Harbor Workers' Network",
        by=by,
    )
    reorganized = history_event_record(
        key="hwi-reorganized",
        kind=EventKind.REORGANIZED,
        occurred_on=D(2022, 9, 1),
        title="Reorganized into an international federation",
        by=by,
    )
    history_event_record(
        key="hwi-renamed",
        kind=EventKind.RENAMED,
        occurred_on=D(2022, 9, 1),
        title="Renamed on reorganization",
        old_name="Harbor Workers' Network",
        new_name="Harbor Workers' International",
        by=by,
    )
    history_event_record(
        key="chile-ec-formed",
        kind=EventKind.FOUNDED,
        occurred_on=D(2019, 1, 1),
        title="Executive Committee of the Chile Branch formed",
        body=chile_ec,
        by=by,
    )
    observance_create(
        key="formation-day",
        name="Formation Day",
        event=reorganized,
        decided_by=cc,
        decided_on=D(2022, 9, 15),
        description="The Coordinating Committee decided that 1 September is formation day.",
        by=by,
    )

    positions = standard_positions()
    organizing = make_duty(key="organizing-work", name="organizing work")
    coverage = make_duty(key="information-coverage", name="information coverage")

    nordic = partner_organization_create(
        key="nordic-port-workers",
        name="Nordic Port Workers' Union",
        short_name="NPWU",
        country="SE",
        by=by,
    )
    partner_organization_create(
        key="pacific-seafarers",
        name="Pacific Seafarers' Federation",
        short_name="PSF",
        country="PH",
        by=by,
    )

    def person(key: str, *names: NameSpec, address: str = "", email: str = "") -> Person:
        contacts = [ContactSpec("email", email)] if email else []
        return person_create(
            key=key, names=list(names), form_of_address=address, contacts=contacts, by=by
        )

    okafor = person("mira-okafor", NameSpec("en", "Mira Okafor", True), email="mira@hwi.example")
    rivera = person("tomas-rivera", NameSpec("en", "Tomás Rivera", True), address="Compañero")
    tanaka = person(
        "aiko-tanaka",
        NameSpec("en", "Aiko Tanaka", True),
        NameSpec("ja", "田中愛子"),
        email="aiko@hwi.example",
    )
    fernandez = person("lucia-fernandez", NameSpec("en", "Lucía Fernández", True))
    dlamini = person("nomvula-dlamini", NameSpec("en", "Nomvula Dlamini", True))
    nilsson = person_create(
        key="lars-nilsson", names=[NameSpec("en", "Lars Nilsson", True)], represents=nordic, by=by
    )
    del nilsson

    membership_start(person=okafor, starts_on=D(2014, 3, 8), by=by)
    membership_start(person=rivera, branch=chile, starts_on=D(2015, 5, 1), by=by)
    membership_start(person=tanaka, branch=japan, starts_on=D(2016, 4, 1), by=by)
    membership_start(
        person=fernandez,
        branch=valparaiso,
        starts_on=D(2018, 2, 1),
        expires_on=D(2025, 12, 31),
        by=by,
    )
    membership_start(person=dlamini, starts_on=D(2027, 1, 1), by=by)

    appointment_make(
        person=okafor, body=cc, position=positions["chair"], starts_on=D(2022, 9, 1), by=by
    )
    appointment_make(
        person=dlamini, body=cc, position=positions["secretary"], starts_on=D(2022, 9, 1), by=by
    )
    appointment_make(
        person=okafor, body=finance, position=positions["member"], starts_on=D(2022, 9, 1), by=by
    )
    appointment_make(
        person=fernandez,
        body=chile_ec,
        position=positions["chair"],
        starts_on=D(2019, 1, 1),
        ends_on=D(2023, 12, 31),
        by=by,
    )
    appointment_make(
        person=rivera,
        body=chile_ec,
        position=positions["chair"],
        starts_on=D(2024, 1, 1),
        decided_by=cc,
        decision="Decision 2023/14 of the Coordinating Committee",
        by=by,
    )
    appointment_make(
        person=rivera,
        body=prep,
        position=positions["chair"],
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
        appointed_by=okafor,
        responsibilities=[ResponsibilitySpec(duty=organizing, branch=chile)],
        by=by,
    )
    appointment_make(
        person=tanaka,
        body=prep,
        position=positions["member"],
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
        appointed_by=okafor,
        responsibilities=[
            ResponsibilitySpec(duty=organizing, country="JP"),
            ResponsibilitySpec(duty=coverage),
        ],
        by=by,
    )

    secretariat_group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    for login, linked in zip(LOGINS, (None, okafor, tanaka), strict=True):
        user = User.objects.create_user(username=login.username, password=login.password)
        if linked is None:
            user.groups.add(secretariat_group)
        else:
            Person.objects.filter(pk=linked.pk).update(user=user)
    return True
