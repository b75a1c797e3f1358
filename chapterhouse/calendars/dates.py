"""The one date parser of every edge: pages, the API and the dossier read dates here.

Pure: no database and no clock; the only outside input is the reader's language, which picks
the examples an error message gives (and the language gettext writes the message in).

What it reads (after NFKC normalization, so full-width digits are read too):

- ISO dates ``2021-02-05`` and every era form ``calendars.eras.parse_era_date`` reads
  (``Reiwa 3-02-05``, ``令和3年2月5日``, ``주체110년 2월 5일``, and ``2021年2月5日``,
  ``2021년 2월 5일``, the Japanese, Chinese and Korean way of writing a Gregorian date);
- the English forms ``5 February 2021``, ``February 5, 2021`` (and ``5 Feb 2021``) and the
  Russian ``5 февраля 2021`` (``г.`` or ``года`` after the year is allowed).
  Every language's unambiguous form is read whatever the reader's language: month names do not
  collide between languages, so no text means one date to one reader and another to another.

Numeric day and month in either order (``05/02/2021``, ``5.2.2021``) are refused with
AMBIGUOUS_DATE and an example, never guessed: countries write them in opposite orders.

``parse_partial_date`` also reads a month or a year alone: ``2011-12``, ``December 2011``,
``декабрь 2011``, ``2011年12月``, ``令和3年5月``, ``2011``, ``Juche 100``, ``令和3年``.
A partial date is a :class:`PartialDate`: its first day and its precision (day, month, year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import get_language

from chapterhouse.calendars import errors as msg
from chapterhouse.calendars.eras import (
    MAX_INPUT_LENGTH,
    NAMES,
    Era,
    EraParseError,
    parse_era_date,
    read_era_year,
    resolve_language,
)

DAY = "day"
MONTH = "month"
YEAR = "year"
PRECISIONS: tuple[str, ...] = (DAY, MONTH, YEAR)

# Accepted forms, as examples in each reader's language.
DATE_EXAMPLES: dict[str, tuple[str, ...]] = {
    "en": ("2021-02-05", "5 February 2021", "February 5, 2021", "Reiwa 3-02-05"),
    "ja": ("2021-02-05", "2021年2月5日", "令和3年2月5日"),
    "zh-hans": ("2021-02-05", "2021年2月5日"),
    "ko": ("2021-02-05", "2021년 2월 5일", "주체110년 2월 5일"),
    "ru": ("2021-02-05", "5 февраля 2021"),
}
PARTIAL_EXAMPLES: dict[str, tuple[str, ...]] = {
    "en": ("2011-12-05", "December 2011", "2011-12", "2011", "Juche 100"),
    "ja": ("2011-12-05", "2011年12月", "令和3年5月", "2011"),
    "zh-hans": ("2011-12-05", "2011年12月", "2011"),
    "ko": ("2011-12-05", "2011년 12월", "2011", "주체100년"),
    "ru": ("2011-12-05", "декабрь 2011", "2011-12", "2011"),
}
YEAR_EXAMPLES: dict[str, tuple[str, ...]] = {
    "en": ("2026", "Reiwa 8", "Juche 115"),
    "ja": ("2026", "令和8年"),
    "zh-hans": ("2026", "民国115年"),
    "ko": ("2026", "주체115년"),
    "ru": ("2026", "Рэйва 8"),
}

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "января", "январь", "янв"),
        ("february", "feb", "февраля", "февраль", "фев"),
        ("march", "mar", "марта", "март", "мар"),
        ("april", "apr", "апреля", "апрель", "апр"),
        ("may", "мая", "май"),
        ("june", "jun", "июня", "июнь", "июн"),
        ("july", "jul", "июля", "июль", "июл"),
        ("august", "aug", "августа", "август", "авг"),
        ("september", "sep", "sept", "сентября", "сентябрь", "сен"),
        ("october", "oct", "октября", "октябрь", "окт"),
        ("november", "nov", "ноября", "ноябрь", "ноя"),
        ("december", "dec", "декабря", "декабрь", "дек"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_WORD = r"(?P<name>[^\W\d_]+)\.?"
_DAY_NAME_YEAR = re.compile(rf"(?P<day>\d{{1,2}}) {_WORD},? (?P<year>\d{{4}})")
_NAME_DAY_YEAR = re.compile(rf"{_WORD} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})")
_NAME_YEAR = re.compile(rf"{_WORD},? (?P<year>\d{{4}})")
_RU_YEAR_WORD = re.compile(r"\s*(?:г\.?|года|год)$")
_AMBIGUOUS = re.compile(r"\d{1,2}\s*([./-])\s*\d{1,2}\s*\1\s*\d{1,4}")
_CJK_MONTH = re.compile(r"(?P<year>.+?[年년])\s*(?P<month>\d{1,2})\s*[月월]")
_SEP_MONTH = re.compile(r"(?P<year>.*?\S)\s*[-/.]\s*(?P<month>\d{1,2})")


class DateParseError(ValueError):
    """Text could not be read as a date; the message (in the reader's language) says why and
    gives examples. ``code`` names the kind of failure for form error codes: "bad_date",
    "ambiguous_date", "needs_a_day", "bad_year", "unknown_era", "year_out_of_range",
    "no_such_day", "no_such_month", "date_outside_era"."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PartialDate:
    """A day, a month or a year: ``start`` is its first day, ``precision`` says which."""

    start: dt.date
    precision: str = DAY

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if self.precision != DAY and self.start.day != 1:
            raise ValueError("a month or a year starts on the 1st")
        if self.precision == YEAR and self.start.month != 1:
            raise ValueError("a year starts on 1 January")

    @property
    def end(self) -> dt.date:
        """The last day it covers (inclusive)."""
        if self.precision == DAY:
            return self.start
        if self.precision == MONTH:
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=last)
        return self.start.replace(month=12, day=31)

    def iso(self) -> str:
        """ "2011-12-05", "2011-12" or "2011"."""
        if self.precision == DAY:
            return self.start.isoformat()
        if self.precision == MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.year:04d}"

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """The inverse of ``iso``; ValueError for anything else."""
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if match is None:
            raise ValueError(f"not an ISO date, month or year: {text!r}")
        year, month, day = match.groups()
        if day is not None:
            return cls(dt.date(int(year), int(month), int(day)), DAY)
        if month is not None:
            return cls(dt.date(int(year), int(month), 1), MONTH)
        return cls(dt.date(int(year), 1, 1), YEAR)


def _language(language: str | None) -> str:
    return resolve_language(language or get_language() or "en")


def examples_text(table: dict[str, tuple[str, ...]], language: str | None) -> str:
    return ", ".join(f"'{e}'" for e in table[_language(language)])


def _normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _era_error(error: EraParseError, *, bad: str, examples: str) -> DateParseError:
    """The era parser's error, in the reader's language."""
    params = error.params
    code = error.code
    if code in ("bad_date", "bad_year"):
        message = bad.format(text=params.get("text", ""), examples=examples)
    elif code == "unknown_era":
        message = msg.UNKNOWN_ERA.format(**params)
    elif code == "year_out_of_range":
        template = msg.YEAR_OUT_OF_RANGE if "era" in params else msg.GREGORIAN_YEAR_OUT_OF_RANGE
        message = template.format(**params)
    elif code == "no_such_day":
        message = msg.NO_SUCH_DAY.format(**params)
    else:
        message = msg.DATE_OUTSIDE_ERA.format(**params)
    return DateParseError(message, code=code)


def _day(shown: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        message = msg.NO_SUCH_DAY.format(text=shown, year=year, month=month, day=day)
        raise DateParseError(message, code="no_such_day") from None


def _named_month(text: str, shown: str) -> PartialDate | None:
    """ "5 February 2021", "February 5, 2021", "5 февраля 2021 г.", "December 2011"."""
    text = _RU_YEAR_WORD.sub("", text.casefold())
    for pattern in (_DAY_NAME_YEAR, _NAME_DAY_YEAR):
        match = pattern.fullmatch(text)
        if match is not None and match["name"] in _MONTHS:
            day = _day(shown, int(match["year"]), _MONTHS[match["name"]], int(match["day"]))
            return PartialDate(day, DAY)
    match = _NAME_YEAR.fullmatch(text)
    if match is not None and match["name"] in _MONTHS:
        year = int(match["year"])
        if year < 1:
            return None
        return PartialDate(dt.date(year, _MONTHS[match["name"]], 1), MONTH)
    return None


def _numbered_month(text: str, shown: str, examples: str) -> PartialDate | None:
    """ "2011-12", "Reiwa 3-05", "H31.4", "2011年12月", "令和3年5月", "2011년 12월"."""
    match = _CJK_MONTH.fullmatch(text) or _SEP_MONTH.fullmatch(text)
    if match is None:
        return None
    try:
        era, year = read_era_year(match["year"], gregorian_digits=4)
    except EraParseError as error:
        if error.code == "bad_year":
            return None
        raise _era_error(error, bad=msg.BAD_PARTIAL_DATE, examples=examples) from None
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise DateParseError(msg.NO_SUCH_MONTH.format(text=shown), code="no_such_month")
    found = PartialDate(dt.date(year, month, 1), MONTH)
    if era is not None and not _overlaps(era, found):
        raise DateParseError(
            msg.DATE_OUTSIDE_ERA.format(
                text=shown, date=found.iso(), era=NAMES["en"][era.key], span=era.span
            ),
            code="date_outside_era",
        )
    return found


def _overlaps(era: Era, found: PartialDate) -> bool:
    return era.starts_on <= found.end and (era.ends_on is None or found.start <= era.ends_on)


def parse_partial_date(text: str, *, language: str | None = None) -> PartialDate:
    """The day, month or year ``text`` names (see the module's docstring for the forms).

    ``language`` (the active language if not given) picks the examples of an error message.
    Raises DateParseError.
    """
    shown = text.strip()
    normalized = _normalize(text)
    examples = examples_text(PARTIAL_EXAMPLES, language)
    bad = DateParseError(
        msg.BAD_PARTIAL_DATE.format(text=shown, examples=examples), code="bad_date"
    )
    if not normalized or len(normalized) > MAX_INPUT_LENGTH:
        raise bad
    if _AMBIGUOUS.fullmatch(normalized):
        message = msg.AMBIGUOUS_DATE.format(
            text=shown, examples=examples_text(DATE_EXAMPLES, language)
        )
        raise DateParseError(message, code="ambiguous_date")
    try:
        return PartialDate(parse_era_date(normalized), DAY)
    except EraParseError as error:
        if error.code != "bad_date":
            raise _era_error(error, bad=msg.BAD_PARTIAL_DATE, examples=examples) from None
    found = _named_month(normalized, shown) or _numbered_month(normalized, shown, examples)
    if found is not None:
        return found
    try:
        era, year = read_era_year(normalized, gregorian_digits=4)
    except EraParseError as error:
        if error.code == "bad_year":
            raise bad from None
        raise _era_error(error, bad=msg.BAD_PARTIAL_DATE, examples=examples) from None
    del era  # a year of an era is its Gregorian year; every era year lies inside its era
    return PartialDate(dt.date(year, 1, 1), YEAR)


def parse_date(text: str, *, language: str | None = None) -> dt.date:
    """The day ``text`` names: ISO, era and the languages' own forms, never a guess.

    Raises DateParseError (in the reader's language, with examples of accepted forms).
    """
    examples = examples_text(DATE_EXAMPLES, language)
    try:
        found = parse_partial_date(text, language=language)
    except DateParseError as error:
        if error.code == "bad_date":
            message = msg.BAD_DATE.format(text=text.strip(), examples=examples)
            raise DateParseError(message, code="bad_date") from None
        raise
    if found.precision != DAY:
        message = msg.NEEDS_A_DAY.format(text=text.strip(), examples=examples)
        raise DateParseError(message, code="needs_a_day")
    return found.start


def parse_year(text: str, *, language: str | None = None) -> int:
    """The Gregorian year ``text`` names ("2026", "Reiwa 8", "令和元年", "주체115년").

    Raises DateParseError in the reader's language.
    """
    try:
        _era, year = read_era_year(text)
    except EraParseError as error:
        examples = examples_text(YEAR_EXAMPLES, language)
        raise _era_error(error, bad=msg.BAD_YEAR, examples=examples) from None
    return year
