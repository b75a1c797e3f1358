from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from chapterhouse.organizations.factories import make_branch
from chapterhouse.people import errors
from chapterhouse.people.factories import make_person
from chapterhouse.people.membership import Status, membership_status
from chapterhouse.people.services import membership_start, membership_update

D = dt.date
dates = st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31))


def test_statuses_through_a_membership_life() -> None:
    def status(on: dt.date) -> Status:
        return membership_status(
            starts_on=D(2020, 1, 1), expires_on=D(2025, 12, 31), ends_on=D(2026, 6, 30), on=on
        )

    assert status(D(2019, 12, 31)) is Status.PENDING
    assert status(D(2020, 1, 1)) is Status.CURRENT
    assert status(D(2025, 12, 31)) is Status.CURRENT
    assert status(D(2026, 1, 1)) is Status.LAPSED
    assert status(D(2026, 6, 30)) is Status.LAPSED
    assert status(D(2026, 7, 1)) is Status.ENDED


@given(
    start=dates,
    term=st.none() | st.integers(0, 5000),
    end=st.none() | st.integers(0, 9000),
    on=dates,
)
def test_status_properties(start: dt.date, term: int | None, end: int | None, on: dt.date) -> None:
    expires_on = None if term is None else start + dt.timedelta(days=term)
    ends_on = None if end is None else start + dt.timedelta(days=end)
    status = membership_status(starts_on=start, expires_on=expires_on, ends_on=ends_on, on=on)
    if ends_on is not None and on > ends_on:
        assert status is Status.ENDED
    elif on < start:
        assert status is Status.PENDING
    else:
        assert (status is Status.CURRENT) == (expires_on is None or on <= expires_on)
        assert status in (Status.CURRENT, Status.LAPSED)


@pytest.mark.django_db
def test_membership_dates_are_checked_and_overlaps_refused() -> None:
    person = make_person(name="Lucía Fernández")
    branch = make_branch(name="Valparaíso")
    with pytest.raises(ValidationError) as caught:
        membership_start(person=person, starts_on=D(2020, 1, 1), expires_on=D(2019, 1, 1), by=None)
    assert "expires_on" in caught.value.message_dict
    first = membership_start(person=person, branch=branch, starts_on=D(2018, 2, 1), by=None)
    with pytest.raises(ValidationError) as caught:
        membership_start(person=person, branch=branch, starts_on=D(2020, 1, 1), by=None)
    assert caught.value.message_dict["starts_on"] == [
        errors.MEMBERSHIP_OVERLAPS.format(person="Lucía Fernández", scope="Valparaíso")
    ]
    # Membership of the organization itself is a separate scope.
    membership_start(person=person, starts_on=D(2020, 1, 1), by=None)
    membership_update(membership=first, ends_on=D(2019, 12, 31), by=None)
    membership_start(person=person, branch=branch, starts_on=D(2020, 1, 1), by=None)
