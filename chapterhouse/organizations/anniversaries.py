"""Anniversary and yearly-day arithmetic. Pure: no database, no clock.

A date on 29 February is kept on 28 February in years without one (the day does not move into
the next month), which is how most organizations keep such days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


def yearly_day(*, month: int, day: int, year: int) -> dt.date:
    """The day ``month``/``day`` falls on in ``year``; 29 February becomes the 28th when needed."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day, last))


@dataclass(frozen=True)
class Anniversary(Generic[T]):
    subject: T
    number: int  # the Nth anniversary; 1 is the first
    on: dt.date


def anniversaries_between(
    events: Iterable[tuple[T, dt.date]], *, start: dt.date, end: dt.date
) -> list[Anniversary[T]]:
    """Every Nth anniversary (N ≥ 1) of every event that falls within ``start..end`` inclusive,
    in date order."""
    found: list[Anniversary[T]] = []
    for subject, origin in events:
        for year in range(max(start.year, origin.year + 1), end.year + 1):
            on = yearly_day(month=origin.month, day=origin.day, year=year)
            if start <= on <= end:
                found.append(Anniversary(subject=subject, number=year - origin.year, on=on))
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


def inclusive_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Days from ``starts_on`` to ``ends_on``, both counted (5..17 February is 13)."""
    return (ends_on - starts_on).days + 1
