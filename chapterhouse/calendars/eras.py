"""Era calendars shown beside Gregorian dates: Japanese imperial eras, Juche and Minguo.

A pure module: no Django, no database, no clock. Everything here is a function of its arguments.

Systems
-------
``"japanese"``
    The modern imperial eras, each with its exact Gregorian first day:
    Meiji 1868-10-23, Taishō 1912-07-30, Shōwa 1926-12-25, Heisei 1989-01-08, Reiwa 2019-05-01.
    An era's year 1 runs from its first day to 31 December of that Gregorian year; after that the
    era year changes on 1 January (era year = Gregorian year - era's first year + 1). So
    2019-04-30 is Heisei 31 and 2019-05-01 is Reiwa 1; 1989-01-07 is Shōwa 64.

    Meiji starts on **1868-10-23**, the Gregorian date of the day the era name was proclaimed
    (Keiō 4, 9th month, 8th day). The proclamation back-dated Meiji to the start of that
    lunisolar year, but we count from the proclamation, so that no date carries an era name
    before the name existed; earlier dates (Keiō and before) have no era year here (``None``).
    Japan used a lunisolar calendar until Meiji 6 (1873); for 1868-1872 the era year is the
    Gregorian reckoning above, not the lunisolar year that contemporaries wrote.
``"juche"``
    The North Korean calendar: Juche 1 = 1912, so Juche year = Gregorian year - 1911.
``"minguo"``
    The Republic of China calendar: Minguo 1 = 1912, so Minguo year = Gregorian year - 1911.

Juche and Minguo are modelled as single eras starting on 1912-01-01; dates before 1912 have no
era year.

Formatting and parsing
----------------------
:func:`format_era_year` writes an era year in English, Korean, Japanese, Russian or Simplified
Chinese (``"Reiwa 8"``, ``"레이와 8년"``, ``"令和8年"`` with ``"令和元年"`` for the first year,
``"Рэйва 8"``); :func:`parse_era_year` and :func:`parse_era_date` read all of those back, plus
plain Gregorian years and ISO dates. Input is NFKC-normalized first, so full-width digits
(``"令和８年"``) and the era ligatures (``"㋿"``) are read too. Every parse error is an
:class:`EraParseError` whose message is one of the ``*`` constants below.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

JAPANESE = "japanese"
JUCHE = "juche"
MINGUO = "minguo"
SYSTEMS: tuple[str, ...] = (JAPANESE, JUCHE, MINGUO)

LANGUAGES: tuple[str, ...] = ("en", "ko", "ja", "ru", "zh-hans")
DEFAULT_LANGUAGE = "en"

# Separator between the era parts of format_with_eras ("Reiwa 8 · Juche 115").
ERA_SEPARATOR = " · "

# The latest year a datetime.date can hold; era years are bounded so they map into it.
MAX_GREGORIAN_YEAR = dt.MAXYEAR
# Longer input is rejected before any pattern runs.
MAX_INPUT_LENGTH = 64

UNKNOWN_SYSTEM = "Unknown calendar system {system!r}; known systems: {known}."
UNKNOWN_ERA = "Unknown era {name!r}; known eras: {known}."
BAD_YEAR = (
    "Cannot read {text!r} as a year; write a year like '2026', 'Reiwa 8', 'Juche 115' or '令和8年'."
)
BAD_DATE = (
    "Cannot read {text!r} as a date; write a date like '2026-09-01', 'Reiwa 8-09-01', "
    "'Juche 115/9/1' or '令和8年9月1日'."
)
YEAR_OUT_OF_RANGE = "{era} {year} does not exist: {era} years run from 1 to {last} ({span})."
GREGORIAN_YEAR_OUT_OF_RANGE = "Year {year} is out of range: years run from 1 to {last}."
NO_SUCH_DAY = "{text!r} is not a calendar day: {year} has no month {month} day {day}."
DATE_OUTSIDE_ERA = "{text!r} would be {date}, which is outside the {era} era ({span})."


class EraParseError(ValueError):
    """Text could not be read as an era year or date; the message says why.

    ``code`` names the kind of failure ("bad_year", "bad_date", "unknown_era",
    "year_out_of_range", "no_such_day", "date_outside_era"), for form error codes.
    """

    def __init__(
        self, message: str, *, code: str, params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        # The values the message was formatted with, so an edge can say it in another language.
        self.params: dict[str, object] = dict(params or {})


@dataclass(frozen=True)
class Era:
    """One era: its key ("reiwa", "juche"), its system and its inclusive Gregorian span."""

    key: str
    system: str
    starts_on: dt.date
    # Last day, inclusive; None while the era is current (or for Juche and Minguo, open-ended).
    ends_on: dt.date | None

    @property
    def last_year(self) -> int:
        """The highest era year: the next era's start year, or the last year a date can hold."""
        end_year = MAX_GREGORIAN_YEAR if self.ends_on is None else self.ends_on.year
        return end_year - self.starts_on.year + 1

    @property
    def span(self) -> str:
        """The era's days in words, for messages: "1989-01-08 to 2019-04-30", "from 2019-05-01"."""
        if self.ends_on is None:
            return f"from {self.starts_on.isoformat()}"
        return f"{self.starts_on.isoformat()} to {self.ends_on.isoformat()}"

    def contains(self, on: dt.date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)

    def gregorian_year(self, year: int) -> int:
        return self.starts_on.year + year - 1


@dataclass(frozen=True)
class EraYear:
    """A year in an era: ``EraYear(system="japanese", era="reiwa", year=8)``."""

    system: str
    era: str
    year: int


def _japanese_eras() -> tuple[Era, ...]:
    starts = (
        ("meiji", dt.date(1868, 10, 23)),
        ("taisho", dt.date(1912, 7, 30)),
        ("showa", dt.date(1926, 12, 25)),
        ("heisei", dt.date(1989, 1, 8)),
        ("reiwa", dt.date(2019, 5, 1)),
    )
    ends: list[dt.date | None] = [start - dt.timedelta(days=1) for _, start in starts[1:]]
    ends.append(None)
    return tuple(
        Era(key=key, system=JAPANESE, starts_on=start, ends_on=end)
        for (key, start), end in zip(starts, ends, strict=True)
    )


# Eras of each system, oldest first.
ERAS_BY_SYSTEM: dict[str, tuple[Era, ...]] = {
    JAPANESE: _japanese_eras(),
    JUCHE: (Era(key="juche", system=JUCHE, starts_on=dt.date(1912, 1, 1), ends_on=None),),
    MINGUO: (Era(key="minguo", system=MINGUO, starts_on=dt.date(1912, 1, 1), ends_on=None),),
}
ERAS: dict[str, Era] = {era.key: era for eras in ERAS_BY_SYSTEM.values() for era in eras}

# Era names per language. English is macron-less ASCII.
NAMES: dict[str, dict[str, str]] = {
    "en": {
        "meiji": "Meiji",
        "taisho": "Taisho",
        "showa": "Showa",
        "heisei": "Heisei",
        "reiwa": "Reiwa",
        "juche": "Juche",
        "minguo": "Minguo",
    },
    "ko": {
        "meiji": "메이지",
        "taisho": "다이쇼",
        "showa": "쇼와",
        "heisei": "헤이세이",
        "reiwa": "레이와",
        "juche": "주체",
        "minguo": "민국",
    },
    "ja": {
        "meiji": "明治",
        "taisho": "大正",
        "showa": "昭和",
        "heisei": "平成",
        "reiwa": "令和",
        "juche": "主体",
        "minguo": "民国",
    },
    "ru": {
        "meiji": "Мэйдзи",
        "taisho": "Тайсё",
        "showa": "Сёва",
        "heisei": "Хэйсэй",
        "reiwa": "Рэйва",
        "juche": "Чучхе",
        "minguo": "Миньго",
    },
    "zh-hans": {
        "meiji": "明治",
        "taisho": "大正",
        "showa": "昭和",
        "heisei": "平成",
        "reiwa": "令和",
        "juche": "主体",
        "minguo": "民国",
    },
}

# How a language writes "<era name> <year>".
_PATTERNS: dict[str, str] = {
    "en": "{name} {year}",
    "ko": "{name} {year}년",
    "ja": "{name}{year}年",
    "ru": "{name} {year}",
    "zh-hans": "{name}{year}年",
}
# North Korean usage writes the Juche year joined to the name: 주체115년.
_PATTERN_OVERRIDES: dict[tuple[str, str], str] = {("ko", "juche"): "{name}{year}년"}
# Japanese writes the first year of an era as 元年 ("令和元年"), not 1年.
_FIRST_YEAR_WORDS: dict[str, str] = {"ja": "元"}

# Further spellings accepted when parsing (besides every name in NAMES).
_PARSE_ALIASES: dict[str, str] = {
    "taishō": "taisho",
    "taishou": "taisho",
    "shōwa": "showa",
    "shouwa": "showa",
    # The one-letter abbreviations used on Japanese forms: R8.9.1, H31.4.30.
    "m": "meiji",
    "t": "taisho",
    "s": "showa",
    "h": "heisei",
    "r": "reiwa",
    "主體": "juche",
    "チュチェ": "juche",
    "民國": "minguo",
    "中华民国": "minguo",
    "中華民国": "minguo",
    "中華民國": "minguo",
    "중화민국": "minguo",
}
# Words meaning "first year" after an era name: 令和元年, 레이와 원년, Reiwa Gannen.
_FIRST_YEAR_PARTS = frozenset({"元", "원", "gannen"})


def _lookup_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for names in NAMES.values():
        for key, name in names.items():
            table[name.casefold()] = key
    for alias, key in _PARSE_ALIASES.items():
        table[alias.casefold()] = key
    return table


_ERA_BY_NAME: dict[str, str] = _lookup_table()
_KNOWN_ERAS = ", ".join(NAMES["en"][key] for key in ERAS)

_YEAR_PART = r"(?P<year>\d{1,6}|元|원|gannen)"
_YEAR_RE = re.compile(rf"(?P<era>\D*?)\s*{_YEAR_PART}\s*[年년]?", re.IGNORECASE)
_DATE_RE = re.compile(
    rf"(?P<era>\D*?)\s*{_YEAR_PART}\s*(?:"
    r"(?P<sep>[-/.])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<day>\d{1,2})"
    r"|[年년]\s*(?P<cjk_month>\d{1,2})\s*[月월]\s*(?P<cjk_day>\d{1,2})\s*[日일]?"
    r")",
    re.IGNORECASE,
)
_ERA_NAME_RE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def _system_eras(system: str) -> tuple[Era, ...]:
    try:
        return ERAS_BY_SYSTEM[system]
    except KeyError:
        message = UNKNOWN_SYSTEM.format(system=system, known=", ".join(SYSTEMS))
        raise ValueError(message) from None


def check_systems(systems: Iterable[str]) -> tuple[str, ...]:
    """The given system keys, in order without repeats; ValueError (UNKNOWN_SYSTEM) if unknown.

    For code that stores a choice of systems (an organization's calendar settings).
    """
    checked = tuple(dict.fromkeys(systems))
    for system in checked:
        _system_eras(system)
    return checked


def resolve_language(language: str) -> str:
    """The supported language to write era names in: "ja-JP" -> "ja", "zh" -> "zh-hans".

    Any Chinese variant gets the Simplified Chinese names; an unsupported language gets English.
    """
    code = language.strip().lower().replace("_", "-")
    if code in NAMES:
        return code
    primary = code.split("-", 1)[0]
    if primary == "zh":
        return "zh-hans"
    return primary if primary in NAMES else DEFAULT_LANGUAGE


def era_year(system: str, on: dt.date) -> EraYear | None:
    """The era year of ``on`` in ``system``, or None before the system's first era.

    A datetime counts as its own calendar date (no time-zone conversion happens here).
    Raises ValueError (UNKNOWN_SYSTEM) for an unknown system.
    """
    eras = _system_eras(system)
    day = on.date() if isinstance(on, dt.datetime) else on
    for era in reversed(eras):
        if era.starts_on <= day:
            return EraYear(system=system, era=era.key, year=day.year - era.starts_on.year + 1)
    return None


def era_name(era: str, *, language: str) -> str:
    """The name of an era (a key like "reiwa") in a language."""
    if era not in ERAS:
        raise ValueError(UNKNOWN_ERA.format(name=era, known=_KNOWN_ERAS))
    return NAMES[resolve_language(language)][era]


def format_era_year(era_year: EraYear, *, language: str) -> str:
    """``era_year`` written in ``language``: "Reiwa 8", "令和8年", "令和元年", "주체115년"."""
    lang = resolve_language(language)
    name = era_name(era_year.era, language=lang)
    pattern = _PATTERN_OVERRIDES.get((lang, era_year.era), _PATTERNS[lang])
    year = str(era_year.year)
    if era_year.year == 1 and lang in _FIRST_YEAR_WORDS:
        year = _FIRST_YEAR_WORDS[lang]
    return pattern.format(name=name, year=year)


def format_with_eras(on: dt.date, *, systems: Sequence[str], language: str) -> str:
    """The era years of ``on`` in ``systems`` joined by " · " ("Reiwa 8 · Juche 115").

    Systems that have no era year on that date are left out; the result may be "".
    """
    parts = []
    for system in dict.fromkeys(systems):
        found = era_year(system, on)
        if found is not None:
            parts.append(format_era_year(found, language=language))
    return ERA_SEPARATOR.join(parts)


def _normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _find_era(name: str, *, text: str, bad: str, code: str) -> Era:
    if not _ERA_NAME_RE.fullmatch(name):
        raise EraParseError(bad.format(text=text), code=code, params={"text": text})
    key = _ERA_BY_NAME.get(name.casefold())
    if key is None:
        params: dict[str, object] = {"name": name, "known": _KNOWN_ERAS}
        raise EraParseError(UNKNOWN_ERA.format(**params), code="unknown_era", params=params)
    return ERAS[key]


def _resolve_year(
    match: re.Match[str], *, text: str, bad: str, code: str, gregorian_digits: int | None
) -> tuple[Era | None, int]:
    """The era (None for a plain Gregorian year) and Gregorian year a match names."""
    name = match["era"].strip()
    year_text = match["year"]
    if not name:
        if year_text.casefold() in _FIRST_YEAR_PARTS:
            raise EraParseError(bad.format(text=text), code=code, params={"text": text})
        if gregorian_digits is not None and len(year_text) != gregorian_digits:
            raise EraParseError(bad.format(text=text), code=code, params={"text": text})
        year = int(year_text)
        if not 1 <= year <= MAX_GREGORIAN_YEAR:
            params: dict[str, object] = {"year": year, "last": MAX_GREGORIAN_YEAR}
            message = GREGORIAN_YEAR_OUT_OF_RANGE.format(**params)
            raise EraParseError(message, code="year_out_of_range", params=params)
        return None, year
    era = _find_era(name, text=text, bad=bad, code=code)
    year = 1 if year_text.casefold() in _FIRST_YEAR_PARTS else int(year_text)
    if not 1 <= year <= era.last_year:
        params = {
            "era": NAMES["en"][era.key],
            "year": year,
            "last": era.last_year,
            "span": era.span,
        }
        message = YEAR_OUT_OF_RANGE.format(**params)
        raise EraParseError(message, code="year_out_of_range", params=params)
    return era, era.gregorian_year(year)


def read_era_year(text: str, *, gregorian_digits: int | None = None) -> tuple[Era | None, int]:
    """The era (None for a plain Gregorian year) and the Gregorian year that ``text`` names, as
    ``parse_era_year`` reads it; ``gregorian_digits`` demands that many digits of a plain year."""
    shown = text.strip()
    normalized = _normalize(text)
    match = _YEAR_RE.fullmatch(normalized) if len(normalized) <= MAX_INPUT_LENGTH else None
    if match is None:
        raise EraParseError(BAD_YEAR.format(text=shown), code="bad_year", params={"text": shown})
    return _resolve_year(
        match, text=shown, bad=BAD_YEAR, code="bad_year", gregorian_digits=gregorian_digits
    )


def parse_era_year(text: str) -> int:
    """The Gregorian year that ``text`` names.

    Reads "2026", "Reiwa 8", "reiwa  8", "Reiwa Gannen", "令和8年", "令和元年", "주체110년",
    "民国115年", "Рэйва 8", "H31", in any case. Raises EraParseError (BAD_YEAR, UNKNOWN_ERA,
    YEAR_OUT_OF_RANGE, GREGORIAN_YEAR_OUT_OF_RANGE).
    """
    shown = text.strip()
    normalized = _normalize(text)
    match = _YEAR_RE.fullmatch(normalized) if len(normalized) <= MAX_INPUT_LENGTH else None
    if match is None:
        raise EraParseError(BAD_YEAR.format(text=shown), code="bad_year", params={"text": shown})
    _, year = _resolve_year(match, text=shown, bad=BAD_YEAR, code="bad_year", gregorian_digits=None)
    return year


def parse_era_date(text: str) -> dt.date:
    """The date that ``text`` names.

    Reads ISO dates ("2026-09-01"; a plain Gregorian year must have four digits, so "09/01/26"
    is not misread as the year 9) and era dates with "-", "/" or "." between the parts
    ("Reiwa 8-09-01", "Reiwa 8/9/1", "H31.4.30", "Juche 115-09-01") or written with
    年月日 / 년월일 ("令和8年9月1日", "주체115년 9월 1일"). A date given in a Japanese era must lie
    inside that era. Raises EraParseError (BAD_DATE, UNKNOWN_ERA, YEAR_OUT_OF_RANGE,
    GREGORIAN_YEAR_OUT_OF_RANGE, NO_SUCH_DAY, DATE_OUTSIDE_ERA).
    """
    shown = text.strip()
    normalized = _normalize(text)
    match = _DATE_RE.fullmatch(normalized) if len(normalized) <= MAX_INPUT_LENGTH else None
    if match is None:
        raise EraParseError(BAD_DATE.format(text=shown), code="bad_date", params={"text": shown})
    era, year = _resolve_year(match, text=shown, bad=BAD_DATE, code="bad_date", gregorian_digits=4)
    month = int(match["month"] or match["cjk_month"])
    day = int(match["day"] or match["cjk_day"])
    try:
        result = dt.date(year, month, day)
    except ValueError:
        params: dict[str, object] = {"text": shown, "year": year, "month": month, "day": day}
        message = NO_SUCH_DAY.format(**params)
        raise EraParseError(message, code="no_such_day", params=params) from None
    if era is not None and not era.contains(result):
        params = {
            "text": shown,
            "date": result.isoformat(),
            "era": NAMES["en"][era.key],
            "span": era.span,
        }
        message = DATE_OUTSIDE_ERA.format(**params)
        raise EraParseError(message, code="date_outside_era", params=params)
    return result
