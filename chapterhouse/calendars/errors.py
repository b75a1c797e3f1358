"""Error messages of the calendars context, in the reader's language; tests import them.

The English texts of the era parser's messages are the same as ``calendars.eras`` writes them,
so a message reads the same in English whichever module formatted it.
"""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy


def _(message: str) -> str:
    """Mark ``message`` for translation; the lazy string is typed as the ``str`` it stands for."""
    return cast(str, gettext_lazy(message))


BAD_DATE = _("Cannot read {text!r} as a date; write a date like {examples}.")
AMBIGUOUS_DATE = _(
    "{text!r} could be day/month or month/day, which countries write differently; "
    "write the date like {examples}."
)
BAD_PARTIAL_DATE = _("Cannot read {text!r} as a date, a month or a year; write it like {examples}.")
NEEDS_A_DAY = _("{text!r} names a month or a year; this needs a day, like {examples}.")
BAD_YEAR = _("Cannot read {text!r} as a year; write a year like {examples}.")
UNKNOWN_ERA = _("Unknown era {name!r}; known eras: {known}.")
YEAR_OUT_OF_RANGE = _("{era} {year} does not exist: {era} years run from 1 to {last} ({span}).")
GREGORIAN_YEAR_OUT_OF_RANGE = _("Year {year} is out of range: years run from 1 to {last}.")
NO_SUCH_DAY = _("{text!r} is not a calendar day: {year} has no month {month} day {day}.")
NO_SUCH_MONTH = _("{text!r} is not a month: a year has months 1 to 12.")
DATE_OUTSIDE_ERA = _("{text!r} would be {date}, which is outside the {era} era ({span}).")
