"""The demo organization: the Harbor Workers' International (HWI), fictional, from DESIGN.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.demo.factories import STANDARD_POSITIONS, standard_positions
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
    duty_create,
    membership_start,
    partner_organization_create,
    person_create,
    position_create,
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


POSITION_NAMES = {
    "chair": {"ja": "委員長", "ko": "위원장"},
    "vice-chair": {"ja": "副委員長", "ko": "부위원장"},
    "secretary": {"ja": "書記", "ko": "서기"},
    "member": {"ja": "委員", "ko": "위원"},
}


def demo_is_loaded() -> bool:
    return HistoryEvent.objects.filter(key=MARKER_KEY).exists()


@transaction.atomic
def demo_load() -> bool:
    """Load the demo organization; False (and no change at all) if it is already there."""
    if demo_is_loaded():
        return False
    by = None
    # The current name (the founding name comes back from the renaming event); names are
    # written in English and translated into the organization's other languages.
    organization_set(
        name="Harbor Workers' International",
        short_name="HWI",
        languages=["en", "ja", "ko"],
        calendar_eras={"default": ["japanese"], "ko": ["juche"], "zh-hans": ["minguo"]},
        name_translations={"ja": "港湾労働者インターナショナル", "ko": "항만노동자 인터내셔널"},
        short_name_translations={"ja": "HWI", "ko": "HWI"},
        by=by,
    )
    chile = branch_create(
        key="chile",
        name="Chile",
        country="CL",
        founded_on=D(2014, 3, 8),
        name_translations={"ja": "チリ", "ko": "칠레"},
        by=by,
    )
    valparaiso = branch_create(
        key="valparaiso",
        name="Valparaíso",
        parent=chile,
        name_translations={"ja": "バルパライソ", "ko": "발파라이소"},
        by=by,
    )
    japan = branch_create(
        key="japan",
        name="Japan",
        country="JP",
        founded_on=D(2014, 3, 8),
        name_translations={"ja": "日本", "ko": "일본"},
        by=by,
    )
    branch_create(
        key="yokohama",
        name="Yokohama",
        parent=japan,
        name_translations={"ja": "横浜", "ko": "요코하마"},
        by=by,
    )
    branch_create(
        key="south-africa", name="South Africa", country="ZA", founded_on=D(2014, 3, 8), by=by
    )

    cc = body_create(
        key="coordinating-committee",
        name="Coordinating Committee",
        name_translations={"ja": "調整委員会", "ko": "조정위원회"},
        kind=BodyKind.COORDINATING_COMMITTEE,
        starts_on=D(2022, 9, 1),
        purpose="Leads the federation between congresses.",
        by=by,
    )
    chile_ec = body_create(
        key="chile-executive-committee",
        name="Executive Committee of the Chile Branch",
        name_translations={"ja": "チリ支部執行委員会", "ko": "칠레 지부 집행위원회"},
        kind=BodyKind.EXECUTIVE_COMMITTEE,
        branch=chile,
        purpose="Runs the branch in Chile.",
        by=by,
    )
    prep = body_create(
        key="third-congress-preparatory-committee",
        name="Preparatory Committee of the Third Congress",
        name_translations={"ja": "第3回大会準備委員会", "ko": "제3차 대회 준비위원회"},
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
        name_translations={"ja": "財政委員会", "ko": "재정위원회"},
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
        title_translations={
            "ja": "3か国のオンライン・ネットワークとして発足",
            "ko": "3개국 온라인 네트워크로 출범",
        },
        new_name="Harbor Workers' Network",
        by=by,
    )
    reorganized = history_event_record(
        key="hwi-reorganized",
        kind=EventKind.REORGANIZED,
        occurred_on=D(2022, 9, 1),
        title="Reorganized into an international federation",
        title_translations={"ja": "国際連合体に再編", "ko": "국제 연맹으로 재편"},
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
        name_translations={"ja": "結成記念日", "ko": "결성 기념일"},
        event=reorganized,
        decided_by=cc,
        decided_on=D(2022, 9, 15),
        description="The Coordinating Committee decided that 1 September is formation day.",
        by=by,
    )

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
    return True
