"""The consistency check of a drafted report: one finding for each kind of contradiction, and
none for a consistent record."""

from __future__ import annotations

import datetime as dt

import pytest

from chapterhouse.conferences import services as cs
from chapterhouse.organizations.models import Body
from chapterhouse.organizations.services import history_event_record
from chapterhouse.publishing import consistency as cc
from chapterhouse.publishing.consistency import consistency_check, text_dates
from chapterhouse.publishing.models import Post
from chapterhouse.publishing.report import report_draft
from chapterhouse.publishing.services import post_create, post_update
from tests.conferences.conftest import World
from tests.publishing.report_scenario import opening_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(org: None) -> tuple[World, Post]:
    world = opening_session(hidden=False)
    return world, report_draft(conference=world.conference, language="en", by=world.sec)


def _kinds(post: Post) -> list[str]:
    return [f.kind for f in consistency_check(post=post)]


def test_a_consistent_record_has_no_findings(drafted: tuple[World, Post]) -> None:
    world, post = drafted
    formation = history_event_record(
        key="formation", kind="founded", occurred_on=dt.date(2025, 9, 1),
        title="formation of the union", by=world.sec,
    )  # fmt: skip
    cs.conference_update(conference=world.conference, occasion_event=formation, by=world.sec)
    post = post_update(
        post=post, lead="On the first anniversary of the formation of the union.", by=world.sec
    )
    assert post.lead.startswith("On the first anniversary")
    assert consistency_check(post=post) == []


def test_an_anniversary_that_is_not_n_years_after_its_event(drafted: tuple[World, Post]) -> None:
    world, post = drafted
    formation = history_event_record(
        key="formation", kind="founded", occurred_on=dt.date(2024, 9, 1),
        title="formation of the union", by=world.sec,
    )  # fmt: skip
    cs.conference_update(
        conference=world.conference,
        occasion="the first anniversary of the formation of the union",
        occasion_event=formation,
        by=world.sec,
    )
    post = post_update(
        post=post, lead="On the 1st anniversary of the formation of the union.", by=world.sec
    )
    findings = consistency_check(post=post)
    # The lead and the conference's occasion both say "first"; 2026 is the second.
    assert [f.kind for f in findings] == [cc.ANNIVERSARY, cc.ANNIVERSARY], findings
    assert "number 2, not 1" in findings[0].message


def test_an_anniversary_is_checked_against_the_event_the_sentence_names(org: None) -> None:
    history_event_record(
        key="founding", kind="founded", occurred_on=dt.date(2011, 12, 5),
        title="founding congress", by=None,
    )  # fmt: skip
    wrong = post_create(
        title="Greetings",
        body="The 14th anniversary of the founding congress is near.",
        dateline_date=dt.date(2026, 12, 1),
        by=None,
    )
    right = post_create(
        title="Greetings again",
        body="The fifteenth anniversary of the founding congress is near.",
        dateline_date=dt.date(2026, 12, 1),
        by=None,
    )
    assert _kinds(wrong) == [cc.ANNIVERSARY]
    assert _kinds(right) == []


def test_a_session_outside_its_conferences_dates(drafted: tuple[World, Post]) -> None:
    world, post = drafted
    # The conference was moved to start a day later than its first session.
    cs.conference_update(
        conference=world.conference,
        starts_on=dt.date(2026, 9, 2),
        ends_on=dt.date(2026, 9, 3),
        by=world.sec,
    )
    findings = consistency_check(post=post)
    assert [f.kind for f in findings] == [cc.SESSION_DATES]
    assert "Session 1 is on 2026-09-01" in findings[0].message


def test_an_appointment_outside_the_bodys_mandate(drafted: tuple[World, Post]) -> None:
    world, post = drafted
    # The history says the committee's mandate began later than the appointments it records
    # (corrected after the fact, as an import of old records can leave it).
    Body.objects.filter(pk=world.prep.pk).update(starts_on=dt.date(2026, 8, 25))
    findings = consistency_check(post=post)
    assert [f.kind for f in findings] == [cc.MANDATE, cc.MANDATE]
    assert findings[0].message.startswith("Tomás Rivera's appointment as Chair")


def test_a_date_in_the_text_that_the_journal_does_not_record(
    drafted: tuple[World, Post],
) -> None:
    world, post = drafted
    body = post.body.replace("opened on 1 September 2026", "opened on 2 September 2026")
    assert body != post.body
    post = post_update(post=post, body=body, by=world.sec)
    assert "2 September 2026" in post.body
    findings = consistency_check(post=post)
    assert [f.kind for f in findings] == [cc.TEXT_DATE]
    assert "2 September 2026" in findings[0].message


def test_dates_are_read_from_the_text() -> None:
    text = "From 20 August to 3 September 2026; 2026年9月1日; 31 February 2026; 7 May."
    assert text_dates(text, "en") == [
        ("20 August", dt.date(2026, 8, 20)),
        ("3 September 2026", dt.date(2026, 9, 3)),
        ("2026年9月1日", dt.date(2026, 9, 1)),
    ]


def test_korean_dates_are_read() -> None:
    text = "대회는 2021년 2월 5일에 열렸다. 2월 7일부터 2021년 2월 8일까지; 2021년 2월 30일."
    assert text_dates(text, "ko") == [
        ("2021년 2월 5일", dt.date(2021, 2, 5)),
        ("2월 7일", dt.date(2021, 2, 7)),  # the year of the next full date
        ("2021년 2월 8일", dt.date(2021, 2, 8)),
    ]


@pytest.mark.parametrize(
    ("month", "number"),
    [
        ("января", 1), ("февраля", 2), ("марта", 3), ("апреля", 4), ("мая", 5), ("июня", 6),
        ("июля", 7), ("августа", 8), ("сентября", 9), ("октября", 10), ("ноября", 11),
        ("декабря", 12),
    ],
)  # fmt: skip
def test_russian_dates_in_every_months_genitive_are_read(month: str, number: int) -> None:
    for language in ("ru", "en"):  # a Russian date is read in a post of any language
        assert text_dates(f"Съезд открылся 5 {month} 2021 года.", language) == [
            (f"5 {month} 2021 года", dt.date(2021, number, 5))
        ]


def test_russian_date_forms() -> None:
    text = "С 3 февраля по 5 Февраля 2021 г.; 1 мая 2021; 30 февраля 2021 года; 7 мартабря."
    assert text_dates(text, "ru") == [
        ("3 февраля", dt.date(2021, 2, 3)),
        ("5 Февраля 2021 г.", dt.date(2021, 2, 5)),
        ("1 мая 2021", dt.date(2021, 5, 1)),
    ]


def test_japanese_era_dates_are_read() -> None:
    text = (
        "令和3年2月5日に開会し、令和元年5月1日、令和３年２月６日、2026年9月1日。"
        "平成31年5月1日は平成ではない。"
    )
    assert text_dates(text, "ja") == [
        ("令和3年2月5日", dt.date(2021, 2, 5)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("令和３年２月６日", dt.date(2021, 2, 6)),
        ("2026年9月1日", dt.date(2026, 9, 1)),
    ]
    assert text_dates("레이와 3년 2월 5일", "ko") == [("레이와 3년 2월 5일", dt.date(2021, 2, 5))]


def test_a_korean_date_the_journal_does_not_record_is_found(
    drafted: tuple[World, Post],
) -> None:
    world, post = drafted
    post = post_update(
        post=post, body=f"{post.body}\n\n2026년 9월 2일, 2026년 9월 1일.", by=world.sec
    )
    findings = consistency_check(post=post)
    assert [f.kind for f in findings] == [cc.TEXT_DATE]
    assert "2026년 9월 2일" in findings[0].message
