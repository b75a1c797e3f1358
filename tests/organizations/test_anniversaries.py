from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from chapterhouse.calendars.dates import MONTH, YEAR, PartialDate
from chapterhouse.organizations.anniversaries import (
    anniversaries_between,
    first_kept,
    inclusive_days,
    next_occurrences,
    yearly_day,
)

dates = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2400, 12, 31))


def test_the_preparatory_committee_works_13_days_from_5_to_17_february() -> None:
    assert inclusive_days(dt.date(2026, 2, 5), dt.date(2026, 2, 17)) == 13


def test_the_scenario_anniversaries_of_2026() -> None:
    events = [("founded", dt.date(2014, 3, 8)), ("reorganized", dt.date(2022, 9, 1))]
    found = anniversaries_between(events, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert [(a.subject, a.number, a.on) for a in found] == [
        ("founded", 12, dt.date(2026, 3, 8)),
        ("reorganized", 4, dt.date(2026, 9, 1)),
    ]


def test_29_february_is_kept_on_28_february_in_other_years() -> None:
    found = anniversaries_between(
        [("leap", dt.date(2024, 2, 29))], start=dt.date(2025, 1, 1), end=dt.date(2028, 12, 31)
    )
    assert [(a.number, a.on) for a in found] == [
        (1, dt.date(2025, 2, 28)),
        (2, dt.date(2026, 2, 28)),
        (3, dt.date(2027, 2, 28)),
        (4, dt.date(2028, 2, 29)),
    ]


def test_the_event_day_itself_is_not_an_anniversary() -> None:
    day = dt.date(2022, 9, 1)
    assert anniversaries_between([("e", day)], start=day, end=day) == []


def test_next_occurrence_counts_today_and_then_every_year() -> None:
    days = next_occurrences(month=9, day=1, after=dt.date(2026, 9, 1))
    assert [next(days), next(days)] == [dt.date(2026, 9, 1), dt.date(2027, 9, 1)]
    assert next(next_occurrences(month=9, day=1, after=dt.date(2026, 9, 2))) == dt.date(2027, 9, 1)


@given(origin=dates, start=dates, length=st.integers(min_value=0, max_value=3000))
def test_anniversaries_lie_in_the_range_and_count_whole_years(
    origin: dt.date, start: dt.date, length: int
) -> None:
    end = min(start + dt.timedelta(days=length), dt.date(2400, 12, 31))
    found = anniversaries_between([("e", origin)], start=start, end=end)
    for a in found:
        assert start <= a.on <= end
        assert a.number == a.on.year - origin.year >= 1
        assert a.on == yearly_day(month=origin.month, day=origin.day, year=a.on.year)
    # One per calendar year in the range after the event's year, no more, no less.
    years = {y for y in range(start.year, end.year + 1) if y > origin.year}
    expected = {
        y for y in years if start <= yearly_day(month=origin.month, day=origin.day, year=y) <= end
    }
    assert {a.on.year for a in found} == expected
    assert len(found) == len(expected)


@given(start=dates, days=st.integers(min_value=0, max_value=5000))
def test_inclusive_days_counts_both_ends(start: dt.date, days: int) -> None:
    assert inclusive_days(start, start + dt.timedelta(days=days)) == days + 1


@given(month=st.integers(1, 12), day=st.integers(1, 31), after=dates)
def test_next_occurrence_is_the_first_on_or_after(month: int, day: int, after: dt.date) -> None:
    if day > calendar.monthrange(2024, month)[1]:
        return
    first = next(next_occurrences(month=month, day=day, after=after))
    assert first >= after
    assert first.year in (after.year, after.year + 1)
    assert (first.month, first.day) == (month, day) or (month, day, first.day) == (2, 29, 28)


@given(month=st.integers(1, 12), day=st.integers(1, 31), origin=dates, from_day=st.booleans())
def test_a_yearly_day_is_first_kept_on_or_after_its_origin(
    month: int, day: int, origin: dt.date, from_day: bool
) -> None:
    first = first_kept(month=month, day=day, origin=origin, from_origin_day=from_day)
    assert first is not None
    assert first == yearly_day(month=month, day=day, year=first.year)
    assert first >= origin if from_day else first > origin
    # It is the first such day: the one a year earlier lies before the origin (or on it).
    if first.year > 1:
        earlier = yearly_day(month=month, day=day, year=first.year - 1)
        assert earlier < origin if from_day else earlier <= origin


def test_a_day_tied_to_an_event_is_first_kept_on_its_first_anniversary() -> None:
    origin = dt.date(2022, 9, 1)
    assert first_kept(month=9, day=1, origin=origin, from_origin_day=False) == dt.date(2023, 9, 1)
    assert first_kept(month=9, day=1, origin=origin, from_origin_day=True) == origin


def test_a_month_precision_event_has_its_anniversaries_by_month() -> None:
    began = PartialDate(dt.date(2011, 12, 1), MONTH)
    found = anniversaries_between(
        [("began", began)], start=dt.date(2026, 12, 20), end=dt.date(2027, 1, 5)
    )
    assert [(a.number, a.on, a.precision) for a in found] == [(15, dt.date(2026, 12, 1), MONTH)]
    # Outside December there is none, not even on a made-up day.
    assert (
        anniversaries_between(
            [("began", began)], start=dt.date(2026, 1, 1), end=dt.date(2026, 11, 30)
        )
        == []
    )


def test_a_year_precision_event_has_its_anniversaries_by_year() -> None:
    found = anniversaries_between(
        [("y", PartialDate(dt.date(2011, 1, 1), YEAR))],
        start=dt.date(2026, 6, 1),
        end=dt.date(2026, 6, 1),
    )
    assert [(a.number, a.on, a.precision) for a in found] == [(15, dt.date(2026, 1, 1), YEAR)]


@given(
    origin=dates,
    precision=st.sampled_from([MONTH, YEAR]),
    start=dates,
    length=st.integers(min_value=0, max_value=3000),
)
def test_partial_anniversaries_overlap_the_range_once_a_year(
    origin: dt.date, precision: str, start: dt.date, length: int
) -> None:
    first = origin.replace(day=1) if precision == MONTH else origin.replace(month=1, day=1)
    end = min(start + dt.timedelta(days=length), dt.date(2400, 12, 31))
    found = anniversaries_between([("e", PartialDate(first, precision))], start=start, end=end)
    years = [a.on.year for a in found]
    assert len(years) == len(set(years))
    for a in found:
        assert a.precision == precision
        assert a.number == a.on.year - first.year >= 1
        assert a.when.start <= end and start <= a.when.end
        assert (a.on.month, a.on.day) == (first.month, 1)
