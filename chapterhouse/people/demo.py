"""The people context's part of the demo organization (HWI): positions, duties, partner
organizations, persons, memberships, appointments, and the demo's log-in accounts. The
branches and bodies come from the organizations context's part, found by key through its
selectors. Registered in ``PeopleConfig.ready``."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, User

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.demo.registry import DemoLogin, DemoPart
from chapterhouse.organizations.selectors import bodies_by_keys, branches_by_keys
from chapterhouse.people.factories import STANDARD_POSITIONS, standard_positions
from chapterhouse.people.models import Person
from chapterhouse.people.services import (
    ContactSpec,
    NameSpec,
    ResponsibilitySpec,
    appointment_make,
    duty_create,
    membership_start,
    partner_organization_create,
    person_create,
    position_create,
)

D = dt.date

LOGINS = (
    DemoLogin("secretariat", "harbor-secretariat", "the secretariat: manages everything"),
    DemoLogin("okafor", "harbor-okafor", "Mira Okafor, Chair of the Coordinating Committee"),
    DemoLogin("tanaka", "harbor-tanaka", "Aiko Tanaka, a member in Japan"),
)


POSITION_NAMES = {
    "chair": {"ja": "委員長", "ko": "위원장"},
    "vice-chair": {"ja": "副委員長", "ko": "부위원장"},
    "secretary": {"ja": "書記", "ko": "서기"},
    "member": {"ja": "委員", "ko": "위원"},
}


def demo_load() -> None:
    """The people of the demo organization and their places in it, by the system."""
    by = None
    branches = branches_by_keys(["chile", "valparaiso", "japan"])
    chile, valparaiso, japan = branches["chile"], branches["valparaiso"], branches["japan"]
    bodies = bodies_by_keys(
        [
            "coordinating-committee",
            "chile-executive-committee",
            "third-congress-preparatory-committee",
            "finance-commission",
        ]
    )
    cc = bodies["coordinating-committee"]
    chile_ec = bodies["chile-executive-committee"]
    prep = bodies["third-congress-preparatory-committee"]
    finance = bodies["finance-commission"]

    for key, name, single, rank in STANDARD_POSITIONS:
        position_create(
            key=key,
            name=name,
            single_holder=single,
            rank=rank,
            name_translations=POSITION_NAMES[key],
            by=by,
        )
    positions = standard_positions()
    organizing = duty_create(
        key="organizing-work",
        name="organizing work",
        name_translations={"ja": "組織活動", "ko": "조직 사업"},
        by=by,
    )
    coverage = duty_create(
        key="information-coverage",
        name="information coverage",
        name_translations={"ja": "情報発信", "ko": "정보 보도"},
        by=by,
    )

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


PART = DemoPart(name="people", load=demo_load, logins=LOGINS)
