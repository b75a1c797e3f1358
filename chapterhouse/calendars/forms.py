"""Form fields that read era dates and years ("Reiwa 8-09-01", "令和8年", "Juche 115")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from chapterhouse.calendars.eras import EraParseError, parse_era_date, parse_era_year


class EraDateField(forms.DateField):
    """A date field that also reads era dates: everything ``parse_era_date`` reads.

    Text the era parser rejects is still tried against the field's input formats (the
    locale's DATE_INPUT_FORMATS, e.g. "09/01/2026" in English), as a plain DateField would;
    if those fail too, the error is the parser's message.
    """

    def to_python(self, value: Any | None) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return parse_era_date(text)
        except EraParseError as error:
            try:
                return super().to_python(text)
            except forms.ValidationError:
                raise forms.ValidationError(str(error), code=error.code) from error


class EraYearField(forms.IntegerField):
    """A year field that reads "2026", "Reiwa 8", "令和元年", "주체115년": ``parse_era_year``.

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
            return parse_era_year(str(value))
        except EraParseError as error:
            raise forms.ValidationError(str(error), code=error.code) from error
