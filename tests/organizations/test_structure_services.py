from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from chapterhouse.calendars.dates import MONTH, YEAR, PartialDate
from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations import errors
from chapterhouse.organizations.factories import make_body, make_branch, make_event
from chapterhouse.organizations.models import BodyKind, EventKind, Organization
from chapterhouse.organizations.selectors import organization_get, organization_name_on
from chapterhouse.organizations.services import (
    body_update,
    branch_update,
    history_event_record,
    history_event_update,
    observance_create,
    organization_set,
)

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_body_with_a_mandate_is_active_on_both_ends_and_knows_its_length() -> None:
    body = make_body(
        kind=BodyKind.PREPARATORY_COMMITTEE, starts_on=D(2026, 2, 5), ends_on=D(2026, 2, 17)
    )
    assert body.mandate_days == 13
    assert not body.is_active_on(D(2026, 2, 4))
    assert body.is_active_on(D(2026, 2, 5))
    assert body.is_active_on(D(2026, 2, 17))
    assert not body.is_active_on(D(2026, 2, 18))


def test_a_body_without_a_mandate_is_always_active() -> None:
    body = make_body()
    assert body.mandate_days is None
    assert body.is_active_on(D(1900, 1, 1))


def test_a_mandate_that_ends_before_it_starts_is_refused_at_the_end_field() -> None:
    with pytest.raises(ValidationError) as caught:
        make_body(starts_on=D(2026, 2, 17), ends_on=D(2026, 2, 5))
    assert caught.value.message_dict["ends_on"] == [
        errors.MANDATE_ENDS_BEFORE_START.format(ends_on="2026-02-05", starts_on="2026-02-17")
    ]


def test_a_body_cannot_be_put_under_its_own_sub_body() -> None:
    parent = make_body(key="parent")
    child = make_body(key="child", parent=parent)
    with pytest.raises(ValidationError) as caught:
        body_update(body=parent, parent=child, by=None)
    assert "parent" in caught.value.message_dict


def test_a_branch_cannot_be_its_own_ancestor() -> None:
    country = make_branch(key="chile", country="CL")
    region = make_branch(key="valparaiso", parent=country)
    with pytest.raises(ValidationError) as caught:
        branch_update(branch=country, parent=region, by=None)
    assert caught.value.message_dict["parent"] == [errors.PARENT_CYCLE.format(name="Chile")]


def test_keys_are_checked_and_unique() -> None:
    make_body(key="coordinating-committee")
    with pytest.raises(ValidationError) as caught:
        make_body(key="coordinating-committee")
    assert "key" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_body(key="Not A Key")
    assert "key" in caught.value.message_dict


def test_every_write_leaves_an_audit_row_with_before_and_after() -> None:
    body = make_body(key="cc", name="Coordinating Committee")
    body_update(body=body, name="Central Committee", by=None)
    rows = list(AuditEntry.objects.filter(object_key="cc").order_by("id"))
    assert [r.action for r in rows] == ["body.created", "body.updated"]
    assert rows[1].before is not None and rows[1].before["name"] == "Coordinating Committee"
    assert rows[1].after is not None and rows[1].after["name"] == "Central Committee"


def test_the_name_on_a_date_follows_the_renamings() -> None:
    organization_set(name="Harbor Workers' Network", by=None)
    make_event(
        kind=EventKind.RENAMED,
        occurred_on=D(2022, 9, 1),
        old_name="Harbor Workers' Network",
        new_name="Harbor Workers' International",
    )
    make_event(
        kind=EventKind.RENAMED,
        occurred_on=D(2025, 1, 1),
        old_name="Harbor Workers' International",
        new_name="Harbor and Dock Workers' International",
    )
    assert organization_name_on(D(2022, 8, 31)) == "Harbor Workers' Network"
    assert organization_name_on(D(2022, 9, 1)) == "Harbor Workers' International"
    assert organization_name_on(D(2024, 12, 31)) == "Harbor Workers' International"
    assert organization_name_on(D(2025, 1, 1)) == "Harbor and Dock Workers' International"
    # The latest renaming sets the current name.
    assert organization_get().name == "Harbor and Dock Workers' International"


def test_a_renaming_needs_a_new_name() -> None:
    with pytest.raises(ValidationError) as caught:
        history_event_record(
            key="r", kind=EventKind.RENAMED, occurred_on=D(2020, 1, 1), title="Renamed", by=None
        )
    assert caught.value.message_dict["new_name"] == [errors.RENAME_NEEDS_NEW_NAME]


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_a_history_event_dated_after_today_is_refused() -> None:
    history_event_record(
        key="today", kind=EventKind.OTHER, occurred_on=D(2026, 3, 10), title="T", by=None
    )
    with pytest.raises(ValidationError) as caught:
        history_event_record(
            key="e", kind=EventKind.OTHER, occurred_on=D(2026, 3, 11), title="Soon", by=None
        )
    assert caught.value.message_dict["occurred_on"] == [
        errors.EVENT_IN_FUTURE.format(date="2026-03-11", today="2026-03-10")
    ]


def test_an_event_has_one_subject() -> None:
    with pytest.raises(ValidationError) as caught:
        history_event_record(
            key="e",
            kind=EventKind.OTHER,
            occurred_on=D(2020, 1, 1),
            title="Both",
            branch=make_branch(),
            body=make_body(),
            by=None,
        )
    assert caught.value.message_dict["body"] == [errors.EVENT_TWO_SUBJECTS]


def test_an_observance_takes_its_day_from_an_event_or_from_a_given_day_not_both() -> None:
    event = make_event(kind=EventKind.REORGANIZED, occurred_on=D(2022, 9, 1))
    formation_day = observance_create(
        key="formation-day", name="Formation Day", event=event, by=None
    )
    assert formation_day.month_day == (9, 1)
    with pytest.raises(ValidationError) as caught:
        observance_create(key="both", name="Both", event=event, month=9, day=1, by=None)
    assert caught.value.message_dict["event"] == [errors.OBSERVANCE_DAY]
    with pytest.raises(ValidationError) as caught:
        observance_create(key="feb-30", name="Impossible", month=2, day=30, by=None)
    assert caught.value.message_dict["day"] == [errors.BAD_MONTH_DAY.format(month=2, day=30)]
    leap = observance_create(key="leap", name="Leap day", month=2, day=29, by=None)
    assert leap.month_day == (2, 29)


def test_there_is_one_organization() -> None:
    organization_set(name="One", by=None)
    organization_set(name="Two", short_name="2", by=None)
    assert list(Organization.objects.values_list("name", flat=True)) == ["Two"]


def test_a_history_event_may_be_known_only_to_the_month_or_the_year() -> None:
    began = history_event_record(
        key="began",
        kind=EventKind.FOUNDED,
        occurred_on=PartialDate(D(2011, 12, 1), MONTH),
        title="Began",
        by=None,
    )
    began.refresh_from_db()
    assert (began.occurred_on, began.occurred_precision) == (D(2011, 12, 1), "month")
    assert began.occurred.iso() == "2011-12"
    with pytest.raises(ValidationError) as caught:
        history_event_record(
            key="odd",
            kind=EventKind.OTHER,
            occurred_on=D(2011, 12, 5),
            occurred_precision=YEAR,
            title="Odd",
            by=None,
        )
    assert caught.value.message_dict["occurred_on"] == [
        errors.BAD_PRECISION.format(date="2011-12-05", precision="year")
    ]


def test_an_observance_takes_its_day_only_from_an_event_known_to_the_day() -> None:
    began = history_event_record(
        key="began",
        kind=EventKind.FOUNDED,
        occurred_on=PartialDate(D(2011, 12, 1), MONTH),
        title="Began",
        by=None,
    )
    with pytest.raises(ValidationError) as caught:
        observance_create(key="began-day", name="Beginning Day", event=began, by=None)
    assert caught.value.message_dict["event"] == [
        errors.OBSERVANCE_NEEDS_A_DAY.format(title="Began", date="2011-12")
    ]
    day = make_event(occurred_on=D(2012, 5, 1), title="May Day")
    observance_create(key="may-day", name="May Day", event=day, by=None)
    with pytest.raises(ValidationError) as caught:
        history_event_update(event=day, occurred_on=PartialDate(D(2012, 5, 1), MONTH), by=None)
    assert caught.value.message_dict["occurred_on"] == [
        errors.EVENT_KEEPS_OBSERVANCES.format(names="May Day")
    ]
