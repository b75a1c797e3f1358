from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import Conference
from chapterhouse.core.models import AuditEntry, JournalEntry
from tests.conferences.conftest import World, build

pytestmark = pytest.mark.django_db


def test_the_conference_is_named_in_every_language(world: World) -> None:
    c = world.conference
    assert c.title("en") == "Third Congress"
    assert c.title("ja") == "第3回Congress"
    assert c.title("ru") == "Третий Congress"
    assert c.scope == "conference:third-congress"


def test_format_needs_its_place_and_nothing_is_written(world: World) -> None:
    before = Conference.objects.count()
    with pytest.raises(ValidationError) as caught:
        cs.conference_create(
            key="online-one", series=world.conference.series, number=4, kind="congress",
            convening_body=world.cc, format="hybrid", starts_on=dt.date(2027, 1, 1),
            by=world.sec,
        )  # fmt: skip
    assert caught.value.message_dict == {
        "venue": [msg.FORMAT_NEEDS_VENUE],
        "meeting_link": [msg.FORMAT_NEEDS_LINK],
    }
    assert Conference.objects.count() == before


def test_a_number_is_taken_once_in_a_series(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        cs.conference_create(
            key="again", series=world.conference.series, number=3, kind="congress",
            convening_body=world.cc, format="online", meeting_link="https://x.example.org",
            starts_on=dt.date(2027, 1, 1), by=world.sec,
        )  # fmt: skip
    assert "number" in caught.value.message_dict


def test_a_preparatory_body_has_a_mandate(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        cs.conference_create(
            key="fourth", series=world.conference.series, number=4, kind="congress",
            convening_body=world.cc, preparatory_body=world.cc, format="in_person",
            venue="Hall", starts_on=dt.date(2027, 1, 1), by=world.sec,
        )  # fmt: skip
    assert "preparatory_body" in caught.value.message_dict


def test_states_move_only_along_the_allowed_transitions(db: None) -> None:
    w = build(open_it=False)
    with pytest.raises(ValidationError):
        cs.conference_state_change(conference=w.conference, state="open", by=w.sec)
    cs.conference_state_change(conference=w.conference, state="in_preparation", by=w.sec)
    cs.conference_state_change(conference=w.conference, state="open", by=w.sec)
    cs.conference_state_change(conference=w.conference, state="adjourned", by=w.sec)
    cs.conference_state_change(conference=w.conference, state="open", by=w.sec)
    cs.conference_state_change(conference=w.conference, state="closed", by=w.sec)
    with pytest.raises(ValidationError):
        cs.conference_state_change(conference=w.conference, state="open", by=w.sec)
    kinds = list(
        JournalEntry.objects.filter(scope=w.conference.scope).values_list("kind", flat=True)
    )
    assert kinds.count("conference.state_changed") == 5


def test_update_changes_what_is_given_and_nothing_else(world: World) -> None:
    audits = AuditEntry.objects.count()
    cs.conference_update(conference=world.conference, venue="Harbor Hall", by=world.sec)
    assert AuditEntry.objects.count() == audits  # no change, no audit row
    updated = cs.conference_update(conference=world.conference, venue="Dock 4", by=world.sec)
    assert updated.venue == "Dock 4"
    assert AuditEntry.objects.count() == audits + 1
    with pytest.raises(ValidationError):
        cs.conference_update(conference=world.conference, venue="", by=world.sec)
    with pytest.raises(TypeError):
        cs.conference_update(conference=world.conference, vneue="x", by=world.sec)  # type: ignore[call-arg]  # the misspelling is the test


def test_only_the_chair_runs_a_conference(world: World) -> None:
    with pytest.raises(PermissionDenied):
        cs.conference_state_change(
            conference=world.conference, state="adjourned", by=world.users["rivera"]
        )


def test_sessions_open_one_at_a_time(world: World) -> None:
    first = cs.session_add(
        conference=world.conference, starts_at=dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC),
        by=world.sec,
    )  # fmt: skip
    second = cs.session_add(
        conference=world.conference, starts_at=dt.datetime(2026, 9, 2, 9, tzinfo=dt.UTC),
        by=world.sec,
    )  # fmt: skip
    assert (first.number, second.number) == (1, 2)
    cs.session_open(session=first, by=world.sec)
    with pytest.raises(ValidationError):
        cs.session_open(session=second, by=world.sec)
    cs.session_close(session=first, by=world.sec)
    cs.session_open(session=second, by=world.sec)
