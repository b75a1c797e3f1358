"""Anniversary and yearly-day arithmetic. Pure: no database, no clock.

A date on 29 February is kept on 28 February in years without one (the day does not move into
the next month), which is how most organizations keep such days.

An event known only to the month ("December 2011") has its anniversaries by month (December
2026 is its 15th), one known only to the year by year: never on a made-up day. Such an
anniversary falls within a range when its month (or year) overlaps the range.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from chapterhouse.calendars.dates import DAY, PartialDate

T = TypeVar("T")


def yearly_day(*, month: int, day: int, year: int) -> dt.date:
    """The day ``month``/``day`` falls on in ``year``; 29 February becomes the 28th when needed."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day, last))


@dataclass(frozen=True)
class Anniversary(Generic[T]):
    subject: T
    number: int  # the Nth anniversary; 1 is the first
    on: dt.date  # the day; the first day of the month or year for a partial date
    precision: str = DAY  # as the event's date: "day", "month" or "year"

    @property
    def when(self) -> PartialDate:
        return PartialDate(self.on, self.precision)


def anniversaries_between(
    events: Iterable[tuple[T, dt.date | PartialDate]], *, start: dt.date, end: dt.date
) -> list[Anniversary[T]]:
    """Every Nth anniversary (N ≥ 1) of every event that falls within ``start..end`` inclusive,
    in date order. A month- or year-precision event's anniversary is its whole month or year,
    listed when that period overlaps the range."""
    found: list[Anniversary[T]] = []
    for subject, given in events:
        origin = given if isinstance(given, PartialDate) else PartialDate(given, DAY)
        first = origin.start
        for year in range(max(start.year, first.year + 1), end.year + 1):
            if origin.precision == DAY:
                period = PartialDate(yearly_day(month=first.month, day=first.day, year=year))
            else:
                period = PartialDate(first.replace(year=year), origin.precision)
            if period.start <= end and start <= period.end:
                found.append(
                    Anniversary(
                        subject=subject,
                        number=year - first.year,
                        on=period.start,
                        precision=origin.precision,
                    )
                )
    found.sort(key=lambda a: a.on)
    return found


# The longest range anniversaries are listed for at once (a request's answer stays small).
MAX_RANGE_YEARS = 100


def spans_at_most(*, start: dt.date, end: dt.date, years: int) -> bool:
    """Whether ``start..end`` spans at most ``years`` years: ``end`` comes before the
    ``years``-th anniversary of ``start``."""
    if start.year + years > dt.MAXYEAR:
        return True
    return end < yearly_day(month=start.month, day=start.day, year=start.year + years)


def next_occurrences(*, month: int, day: int, after: dt.date) -> Iterator[dt.date]:
    """The yearly day on or after ``after``, then every following year."""
    year = after.year
    if yearly_day(month=month, day=day, year=year) < after:
        year += 1
    while year <= dt.MAXYEAR:
        yield yearly_day(month=month, day=day, year=year)
        year += 1


def first_kept(*, month: int, day: int, origin: dt.date, from_origin_day: bool) -> dt.date | None:
    """The first day a yearly day is kept, counted from its origin.

    A day tied to an event (``from_origin_day=False``) is first kept on the event's first
    anniversary: the event's own day is the event, not its observance. A day decided on a date
    (``from_origin_day=True``) is first kept on its first occurrence on or after the decision.
    None when that day would lie beyond the last year a date can hold.
    """
    if not from_origin_day and origin == dt.date.max:
        return None
    after = origin if from_origin_day else origin + dt.timedelta(days=1)
    return next(next_occurrences(month=month, day=day, after=after), None)


def inclusive_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Days from ``starts_on`` to ``ends_on``, both counted (5..17 February is 13)."""
    return (ends_on - starts_on).days + 1
