"""The organizations context's part of the demo organization (HWI): the organization, its
branches, bodies, history and formation day. Registered in ``OrganizationsConfig.ready``."""

from __future__ import annotations

import datetime as dt

from chapterhouse.demo.registry import DemoPart
from chapterhouse.organizations.models import BodyKind, EventKind, HistoryEvent
from chapterhouse.organizations.services import (
    body_create,
    branch_create,
    history_event_record,
    observance_create,
    organization_set,
)

# The founding event: only the demo makes it, so its presence means the demo is loaded.
MARKER_KEY = "hwi-founded"
D = dt.date


def demo_is_loaded() -> bool:
    return HistoryEvent.objects.filter(key=MARKER_KEY).exists()


def demo_load() -> None:
    """The organization's structure and history, by the system."""
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
    branch_create(
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
    body_create(
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
    body_create(
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


PART = DemoPart(name="organizations", load=demo_load, loaded=demo_is_loaded)
