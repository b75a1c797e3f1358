"""The one date parser of every edge (calendars.dates): property tests and the repro cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapterhouse.calendars.dates import (
    DAY,
    MONTH,
    YEAR,
    DateParseError,
    PartialDate,
    parse_date,
    parse_partial_date,
)

EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
RU_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@given(day=days)
def test_every_languages_own_form_reads_back_as_the_same_day(day: dt.date) -> None:
    month = EN_MONTHS[day.month - 1]
    forms = [
        day.isoformat(),
        f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {RU_GENITIVE[day.month - 1]} {day.year}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}년 {day.month}월 {day.day}일",
    ]
    for text in forms:
        assert parse_date(text, language="en") == day, text


@given(
    start=days,
    precision=st.sampled_from([DAY, MONTH, YEAR]),
)
def test_a_partial_date_reads_back_from_its_iso_form(start: dt.date, precision: str) -> None:
    if precision != DAY:
        start = start.replace(day=1)
    if precision == YEAR:
        start = start.replace(month=1)
    found = PartialDate(start, precision)
    assert parse_partial_date(found.iso()) == found
    assert PartialDate.from_iso(found.iso()) == found
    assert found.start <= found.end


@given(
    first=st.integers(1, 31),
    second=st.integers(1, 12),
    year=st.integers(1, 9999),
    sep=st.sampled_from(["/", ".", "-"]),
    pad=st.booleans(),
)
def test_numeric_day_and_month_are_never_guessed(
    first: int, second: int, year: int, sep: str, pad: bool
) -> None:
    width = 2 if pad else 1
    text = f"{first:0{width}d}{sep}{second:0{width}d}{sep}{year}"
    for language in ("en", "ru", "ja"):
        with pytest.raises(DateParseError) as caught:
            parse_date(text, language=language)
        assert caught.value.code == "ambiguous_date"


@given(text=st.text(max_size=80))
def test_any_text_is_read_or_refused_with_a_parse_error(text: str) -> None:
    try:
        found = parse_partial_date(text)
    except DateParseError as error:
        assert str(error)
    else:
        assert found.precision in (DAY, MONTH, YEAR)


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [
        ("December 2011", dt.date(2011, 12, 1), MONTH),
        ("Dec 2011", dt.date(2011, 12, 1), MONTH),
        ("декабрь 2011", dt.date(2011, 12, 1), MONTH),
        ("декабря 2011 года", dt.date(2011, 12, 1), MONTH),
        ("2011-12", dt.date(2011, 12, 1), MONTH),
        ("2011年12月", dt.date(2011, 12, 1), MONTH),
        ("2011년 12월", dt.date(2011, 12, 1), MONTH),
        ("令和3年5月", dt.date(2021, 5, 1), MONTH),
        ("H31.4", dt.date(2019, 4, 1), MONTH),
        ("2011", dt.date(2011, 1, 1), YEAR),
        ("Juche 100", dt.date(2011, 1, 1), YEAR),
        ("令和3年", dt.date(2021, 1, 1), YEAR),
        ("5 февраля 2021 г.", dt.date(2021, 2, 5), DAY),
        ("Reiwa 3-02-05", dt.date(2021, 2, 5), DAY),
    ],
)
def test_partial_dates_as_people_write_them(text: str, start: dt.date, precision: str) -> None:
    assert parse_partial_date(text) == PartialDate(start, precision)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("05/02/2021", "ambiguous_date"),
        ("12/2011", "bad_date"),
        ("Reiwa 1-04", "date_outside_era"),
        ("令和1年4月", "date_outside_era"),
        ("2011年13月", "no_such_month"),
        ("February 30, 2021", "no_such_day"),
        ("Reiwa 0", "year_out_of_range"),
        ("someday", "bad_date"),
        ("", "bad_date"),
    ],
)
def test_what_is_refused(text: str, code: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_partial_date(text)
    assert caught.value.code == code


def test_a_day_is_needed_where_a_date_is_asked() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date("December 2011")
    assert caught.value.code == "needs_a_day"
