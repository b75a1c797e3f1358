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
