"""Form fields that read dates the way every edge reads them: ``calendars.dates``.

``EraDateField`` reads a day ("2026-09-01", "Reiwa 8-09-01", "令和8年9月1日", "1 September
2026"), ``PartialDateField`` a day, a month or a year ("December 2011", "令和3年5月", "2011"),
``EraYearField`` a year ("2026", "Reiwa 8", "주체115년"). None falls back to the locale's
DATE_INPUT_FORMATS: "05/02/2021" is refused with an example, never read as 2 May. Errors are
in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from chapterhouse.calendars.dates import (
    DAY,
    DateParseError,
    PartialDate,
    parse_date,
    parse_partial_date,
    parse_year,
)


class EraDateField(forms.DateField):
    """A date field that reads everything ``calendars.dates.parse_date`` reads, and only that.

    It shows a date as ISO in every language (the locale's first input format, "05.02.2021" in
    Russian, would be refused when the form comes back)."""

    widget = forms.DateInput(format="%Y-%m-%d")

    def to_python(self, value: Any | None) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except DateParseError as error:
            raise forms.ValidationError(str(error), code=error.code) from error


class PartialDateField(forms.Field):
    """A day, a month or a year, as ``calendars.dates.parse_partial_date`` reads it; the value
    is a ``PartialDate``. A plain date given as initial value counts as a day."""

    widget = forms.TextInput

    def to_python(self, value: Any | None) -> PartialDate | None:
        if value in self.empty_values:
            return None
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return PartialDate(value if not isinstance(value, dt.datetime) else value.date(), DAY)
        try:
            return parse_partial_date(str(value))
        except DateParseError as error:
            raise forms.ValidationError(str(error), code=error.code) from error

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, PartialDate):
            return value.iso()
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        return value


class EraYearField(forms.IntegerField):
    """A year field that reads "2026", "Reiwa 8", "令和元年", "주체115년": ``parse_year``.

    The value is the Gregorian year. It renders as a text input, since a number input would
    not let anyone type an era name.
    """

    widget = forms.TextInput

    def to_python(self, value: Any | None) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_year(str(value))
        except DateParseError as error:
            raise forms.ValidationError(str(error), code=error.code) from error
