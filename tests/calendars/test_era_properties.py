"""Hypothesis properties of chapterhouse.calendars.eras (pure: no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from chapterhouse.calendars.eras import (
    ERAS,
    ERAS_BY_SYSTEM,
    LANGUAGES,
    MAX_GREGORIAN_YEAR,
    NAMES,
    SYSTEMS,
    EraParseError,
    era_year,
    format_era_year,
    parse_era_date,
    parse_era_year,
)

LAST_DAY = dt.date(2200, 12, 31)
# Every supported language, plus spellings that must resolve to one of them.
LANGUAGE_CODES = (*LANGUAGES, "zh", "en-us", "ja-jp", "de")
JAPANESE_ORDER = [era.key for era in ERAS_BY_SYSTEM["japanese"]]


def first_day(system: str) -> dt.date:
    return ERAS_BY_SYSTEM[system][0].starts_on


@st.composite
def system_and_date(draw: st.DrawFn) -> tuple[str, dt.date]:
    system = draw(st.sampled_from(SYSTEMS))
    return system, draw(st.dates(min_value=first_day(system), max_value=LAST_DAY))


@given(system_and_date(), st.sampled_from(LANGUAGE_CODES))
def test_formatted_era_year_parses_back_to_the_gregorian_year(
    case: tuple[str, dt.date], language: str
) -> None:
    system, on = case
    found = era_year(system, on)
    assert found is not None
    assert parse_era_year(format_era_year(found, language=language)) == on.year


@given(system_and_date())
def test_era_year_is_at_least_one_and_its_era_holds_the_date(case: tuple[str, dt.date]) -> None:
    system, on = case
    found = era_year(system, on)
    assert found is not None
    assert found.year >= 1
    assert found.system == system
    era = ERAS[found.era]
    assert era.system == system
    assert era.contains(on)
    assert era.gregorian_year(found.year) == on.year


@given(st.sampled_from(SYSTEMS), st.dates(max_value=dt.date(2200, 12, 31)))
def test_no_era_year_before_a_systems_first_day(system: str, on: dt.date) -> None:
    assert (era_year(system, on) is None) == (on < first_day(system))


@given(st.dates(min_value=first_day("japanese"), max_value=LAST_DAY), st.data())
def test_japanese_era_years_never_go_back(earlier: dt.date, data: st.DataObject) -> None:
    later = data.draw(st.dates(min_value=earlier, max_value=LAST_DAY))
    first = era_year("japanese", earlier)
    second = era_year("japanese", later)
    assert first is not None
    assert second is not None
    first_index = JAPANESE_ORDER.index(first.era)
    second_index = JAPANESE_ORDER.index(second.era)
    assert second_index >= first_index
    if second_index == first_index:
        assert second.year >= first.year


@given(system_and_date(), st.sampled_from(["-", "/", "."]), st.booleans())
def test_english_era_date_parses_back(
    case: tuple[str, dt.date], separator: str, padded: bool
) -> None:
    system, on = case
    found = era_year(system, on)
    assert found is not None
    name = NAMES["en"][found.era]
    if padded:
        text = f"{name} {found.year}{separator}{on.month:02d}{separator}{on.day:02d}"
    else:
        text = f"{name} {found.year}{separator}{on.month}{separator}{on.day}"
    assert parse_era_date(text) == on


@given(system_and_date(), st.sampled_from(["ja", "zh-hans", "ko"]))
def test_cjk_era_date_parses_back(case: tuple[str, dt.date], language: str) -> None:
    system, on = case
    found = era_year(system, on)
    assert found is not None
    year = format_era_year(found, language=language)
    if language == "ko":
        text = f"{year} {on.month}월 {on.day}일"
    else:
        text = f"{year}{on.month}月{on.day}日"
    assert parse_era_date(text) == on


@given(st.dates())
def test_iso_dates_parse_back(on: dt.date) -> None:
    assert parse_era_date(on.isoformat()) == on


@given(st.text(max_size=40))
def test_parse_era_year_answers_a_year_or_an_era_parse_error(text: str) -> None:
    try:
        year = parse_era_year(text)
    except EraParseError:
        return
    assert 1 <= year <= MAX_GREGORIAN_YEAR


@given(st.text(max_size=40))
def test_parse_era_date_answers_a_date_or_an_era_parse_error(text: str) -> None:
    try:
        parse_era_date(text)
    except EraParseError:
        return


@given(
    st.sampled_from([*NAMES["en"].values(), "令和", "주체", "Рэйва", ""]),
    st.integers(min_value=-5, max_value=20000),
    st.integers(min_value=-1, max_value=40),
    st.integers(min_value=-1, max_value=40),
)
def test_near_miss_era_dates_answer_a_date_or_an_era_parse_error(
    name: str, year: int, month: int, day: int
) -> None:
    text = f"{name} {year}-{month:02d}-{day:02d}"
    try:
        on = parse_era_date(text)
    except EraParseError:
        return
    assert 1 <= month <= 12
    assert on.month == month
    assert on.day == day
