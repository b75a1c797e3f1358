"""Example-based tests of chapterhouse.calendars.eras: every era boundary and every message."""

from __future__ import annotations

import datetime as dt

import pytest

from chapterhouse.calendars.eras import (
    BAD_DATE,
    BAD_YEAR,
    DATE_OUTSIDE_ERA,
    GREGORIAN_YEAR_OUT_OF_RANGE,
    LANGUAGES,
    NAMES,
    NO_SUCH_DAY,
    SYSTEMS,
    UNKNOWN_ERA,
    UNKNOWN_SYSTEM,
    YEAR_OUT_OF_RANGE,
    EraParseError,
    EraYear,
    check_systems,
    era_year,
    format_era_year,
    format_with_eras,
    parse_era_date,
    parse_era_year,
    resolve_language,
)

KNOWN_ERAS = "Meiji, Taisho, Showa, Heisei, Reiwa, Juche, Minguo"
KNOWN_SYSTEMS = "japanese, juche, minguo"


def test_systems() -> None:
    assert set(SYSTEMS) == {"japanese", "juche", "minguo"}


# --- era_year -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(1868, 10, 22), None),
        (dt.date(1868, 10, 23), ("meiji", 1)),
        (dt.date(1868, 12, 31), ("meiji", 1)),
        (dt.date(1869, 1, 1), ("meiji", 2)),
        (dt.date(1912, 7, 29), ("meiji", 45)),
        (dt.date(1912, 7, 30), ("taisho", 1)),
        (dt.date(1926, 12, 24), ("taisho", 15)),
        (dt.date(1926, 12, 25), ("showa", 1)),
        (dt.date(1926, 12, 31), ("showa", 1)),
        (dt.date(1927, 1, 1), ("showa", 2)),
        (dt.date(1989, 1, 7), ("showa", 64)),
        (dt.date(1989, 1, 8), ("heisei", 1)),
        (dt.date(2019, 4, 30), ("heisei", 31)),
        (dt.date(2019, 5, 1), ("reiwa", 1)),
        (dt.date(2019, 12, 31), ("reiwa", 1)),
        (dt.date(2020, 1, 1), ("reiwa", 2)),
        (dt.date(2026, 9, 1), ("reiwa", 8)),
    ],
)
def test_japanese_era_boundaries(on: dt.date, expected: tuple[str, int] | None) -> None:
    found = era_year("japanese", on)
    if expected is None:
        assert found is None
    else:
        assert found == EraYear(system="japanese", era=expected[0], year=expected[1])


@pytest.mark.parametrize("system", ["juche", "minguo"])
@pytest.mark.parametrize(
    ("on", "year"),
    [
        (dt.date(1, 1, 1), None),
        (dt.date(1911, 12, 31), None),
        (dt.date(1912, 1, 1), 1),
        (dt.date(1912, 12, 31), 1),
        (dt.date(1913, 1, 1), 2),
        (dt.date(2021, 6, 1), 110),
        (dt.date(2026, 1, 1), 115),
        (dt.date(9999, 12, 31), 8088),
    ],
)
def test_juche_and_minguo_count_from_1912(system: str, on: dt.date, year: int | None) -> None:
    found = era_year(system, on)
    if year is None:
        assert found is None
    else:
        assert found == EraYear(system=system, era=system, year=year)


def test_era_year_of_a_datetime_is_that_of_its_date() -> None:
    assert era_year("japanese", dt.datetime(2019, 5, 1, 0, 0, tzinfo=dt.UTC)) == EraYear(
        system="japanese", era="reiwa", year=1
    )
    assert era_year("japanese", dt.datetime(2019, 4, 30, 23, 59)) == EraYear(  # noqa: DTZ001
        system="japanese", era="heisei", year=31
    )


def test_era_year_unknown_system() -> None:
    with pytest.raises(ValueError, match="gregorian") as caught:
        era_year("gregorian", dt.date(2026, 1, 1))
    assert str(caught.value) == UNKNOWN_SYSTEM.format(system="gregorian", known=KNOWN_SYSTEMS)


def test_check_systems_keeps_order_and_drops_repeats() -> None:
    assert check_systems(["juche", "japanese", "juche"]) == ("juche", "japanese")
    assert check_systems([]) == ()
    with pytest.raises(ValueError, match="Unknown calendar system 'hijri'"):
        check_systems(["japanese", "hijri"])


# --- formatting -----------------------------------------------------------------------------

REIWA_8 = EraYear(system="japanese", era="reiwa", year=8)
REIWA_1 = EraYear(system="japanese", era="reiwa", year=1)
JUCHE_115 = EraYear(system="juche", era="juche", year=115)
MINGUO_115 = EraYear(system="minguo", era="minguo", year=115)


@pytest.mark.parametrize(
    ("language", "reiwa_8", "reiwa_1", "juche_115", "minguo_115"),
    [
        ("en", "Reiwa 8", "Reiwa 1", "Juche 115", "Minguo 115"),
        ("ja", "令和8年", "令和元年", "主体115年", "民国115年"),
        ("ko", "레이와 8년", "레이와 1년", "주체115년", "민국 115년"),
        ("zh-hans", "令和8年", "令和1年", "主体115年", "民国115年"),
        ("ru", "Рэйва 8", "Рэйва 1", "Чучхе 115", "Миньго 115"),
    ],
)
def test_format_era_year(
    language: str, reiwa_8: str, reiwa_1: str, juche_115: str, minguo_115: str
) -> None:
    assert format_era_year(REIWA_8, language=language) == reiwa_8
    assert format_era_year(REIWA_1, language=language) == reiwa_1
    assert format_era_year(JUCHE_115, language=language) == juche_115
    assert format_era_year(MINGUO_115, language=language) == minguo_115


def test_japanese_writes_first_year_as_gannen_in_every_system() -> None:
    assert format_era_year(EraYear(system="juche", era="juche", year=1), language="ja") == (
        "主体元年"
    )
    assert format_era_year(EraYear(system="japanese", era="heisei", year=1), language="ja") == (
        "平成元年"
    )


def test_english_era_names_are_ascii() -> None:
    names = [
        format_era_year(EraYear(system="japanese", era=era, year=2), language="en")
        for era in ("meiji", "taisho", "showa", "heisei", "reiwa")
    ]
    assert names == ["Meiji 2", "Taisho 2", "Showa 2", "Heisei 2", "Reiwa 2"]
    assert all(name.isascii() for name in NAMES["en"].values())


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("en", "en"),
        ("en-us", "en"),
        ("EN-GB", "en"),
        ("ja", "ja"),
        ("ja-JP", "ja"),
        ("ko", "ko"),
        ("ru", "ru"),
        ("zh-hans", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("zh", "zh-hans"),
        ("zh_CN", "zh-hans"),
        ("de", "en"),
        ("", "en"),
    ],
)
def test_resolve_language(given: str, resolved: str) -> None:
    assert resolve_language(given) == resolved


def test_unknown_language_falls_back_to_english() -> None:
    assert format_era_year(REIWA_8, language="de") == "Reiwa 8"
    assert format_era_year(REIWA_8, language="zh") == "令和8年"


def test_every_language_names_every_era_once() -> None:
    keys = set(NAMES["en"])
    assert set(NAMES) == set(LANGUAGES)
    for names in NAMES.values():
        assert set(names) == keys
        assert len(set(names.values())) == len(names)


def test_format_era_year_unknown_era() -> None:
    with pytest.raises(ValueError, match="Unknown era 'keio'"):
        format_era_year(EraYear(system="japanese", era="keio", year=1), language="en")


@pytest.mark.parametrize(
    ("on", "systems", "language", "expected"),
    [
        (dt.date(2026, 9, 1), ["japanese", "juche"], "en", "Reiwa 8 · Juche 115"),
        (dt.date(2026, 9, 1), ["juche", "japanese"], "en", "Juche 115 · Reiwa 8"),
        (dt.date(2026, 9, 1), ["japanese", "juche"], "ja", "令和8年 · 主体115年"),
        (dt.date(2026, 9, 1), ["minguo"], "zh-hans", "民国115年"),
        (
            dt.date(2026, 9, 1),
            ["japanese", "juche", "minguo"],
            "ko",
            "레이와 8년 · 주체115년 · 민국 115년",
        ),
        (dt.date(2026, 9, 1), ["japanese", "japanese"], "en", "Reiwa 8"),
        (dt.date(2026, 9, 1), [], "en", ""),
        (dt.date(1900, 1, 1), ["japanese", "juche", "minguo"], "en", "Meiji 33"),
        (dt.date(1868, 1, 1), ["japanese", "juche"], "en", ""),
    ],
)
def test_format_with_eras(on: dt.date, systems: list[str], language: str, expected: str) -> None:
    assert format_with_eras(on, systems=systems, language=language) == expected


# --- parse_era_year -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2026", 2026),
        ("2026年", 2026),
        ("1", 1),
        ("9999", 9999),
        ("Juche 110", 2021),
        ("Juche 1", 1912),
        ("Reiwa 8", 2026),
        ("Minguo 115", 2026),
        ("Minguo 1", 1912),
        ("令和8年", 2026),
        ("令和元年", 2019),
        ("Reiwa 1", 2019),
        ("Reiwa Gannen", 2019),
        ("reiwa gannen", 2019),
        ("레이와 원년", 2019),
        ("주체110년", 2021),
        ("主体110年", 2021),
        ("民国115年", 2026),
        ("민국 115년", 2026),
        ("레이와 8년", 2026),
        ("Рэйва 8", 2026),
        ("рэйва 8", 2026),
        ("Чучхе 115", 2026),
        ("Миньго 115", 2026),
        ("REIWA 8", 2026),
        ("  Reiwa   8  ", 2026),
        ("Reiwa8", 2026),
        ("令和 8 年", 2026),
        ("令和８年", 2026),
        ("㋿8年", 2026),
        ("Meiji 1", 1868),
        ("Meiji 45", 1912),
        ("Taisho 1", 1912),
        ("Taishō 15", 1926),
        ("Shōwa 64", 1989),
        ("Showa 1", 1926),
        ("Heisei 1", 1989),
        ("Heisei 31", 2019),
        ("H31", 2019),
        ("R8", 2026),
        ("中華民國115年", 2026),
    ],
)
def test_parse_era_year(text: str, year: int) -> None:
    assert parse_era_year(text) == year


@pytest.mark.parametrize(
    ("text", "era", "year", "last", "span"),
    [
        ("Reiwa 0", "Reiwa", 0, 7981, "from 2019-05-01"),
        ("Heisei 32", "Heisei", 32, 31, "1989-01-08 to 2019-04-30"),
        ("平成32年", "Heisei", 32, 31, "1989-01-08 to 2019-04-30"),
        ("Showa 65", "Showa", 65, 64, "1926-12-25 to 1989-01-07"),
        ("Taisho 16", "Taisho", 16, 15, "1912-07-30 to 1926-12-24"),
        ("Meiji 46", "Meiji", 46, 45, "1868-10-23 to 1912-07-29"),
        ("Juche 0", "Juche", 0, 8088, "from 1912-01-01"),
        ("Juche 8089", "Juche", 8089, 8088, "from 1912-01-01"),
        ("Minguo 0", "Minguo", 0, 8088, "from 1912-01-01"),
    ],
)
def test_parse_era_year_out_of_range(text: str, era: str, year: int, last: int, span: str) -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_year(text)
    assert str(caught.value) == YEAR_OUT_OF_RANGE.format(era=era, year=year, last=last, span=span)
    assert caught.value.code == "year_out_of_range"


@pytest.mark.parametrize("text", ["0", "10000"])
def test_parse_era_year_gregorian_out_of_range(text: str) -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_year(text)
    assert str(caught.value) == GREGORIAN_YEAR_OUT_OF_RANGE.format(year=int(text), last=9999)


@pytest.mark.parametrize(
    ("text", "name"), [("Keio 3", "Keio"), ("Foo 12", "Foo"), ("昭和天皇1年", "昭和天皇")]
)
def test_parse_era_year_unknown_era(text: str, name: str) -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_year(text)
    assert str(caught.value) == UNKNOWN_ERA.format(name=name, known=KNOWN_ERAS)
    assert caught.value.code == "unknown_era"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Reiwa", "元年", "Gannen", "-5", "Reiwa, 8", "Reiwa 8 9", "2026-09-01", "x" * 100],
)
def test_parse_era_year_bad_input(text: str) -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_year(text)
    assert str(caught.value) == BAD_YEAR.format(text=text.strip())
    assert caught.value.code == "bad_year"


def test_era_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Cannot read"):
        parse_era_year("nonsense")


# --- parse_era_date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09-01", dt.date(2026, 9, 1)),
        ("2026/9/1", dt.date(2026, 9, 1)),
        ("2026年9月1日", dt.date(2026, 9, 1)),
        ("Reiwa 8-09-01", dt.date(2026, 9, 1)),
        ("Reiwa 8/9/1", dt.date(2026, 9, 1)),
        ("reiwa  8 / 9 / 1", dt.date(2026, 9, 1)),
        ("Reiwa 8.9.1", dt.date(2026, 9, 1)),
        ("R8.9.1", dt.date(2026, 9, 1)),
        ("Juche 115-09-01", dt.date(2026, 9, 1)),
        ("Minguo 115/09/01", dt.date(2026, 9, 1)),
        ("令和8年9月1日", dt.date(2026, 9, 1)),
        ("令和８年９月１日", dt.date(2026, 9, 1)),
        ("주체115년 9월 1일", dt.date(2026, 9, 1)),
        ("레이와 8년 9월 1일", dt.date(2026, 9, 1)),
        ("民国115年9月1日", dt.date(2026, 9, 1)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("Reiwa Gannen-05-01", dt.date(2019, 5, 1)),
        ("Reiwa 1-05-01", dt.date(2019, 5, 1)),
        ("Heisei 31-04-30", dt.date(2019, 4, 30)),
        ("Heisei 1-01-08", dt.date(1989, 1, 8)),
        ("Showa 64-01-07", dt.date(1989, 1, 7)),
        ("Meiji 1-10-23", dt.date(1868, 10, 23)),
        ("Juche 1-01-01", dt.date(1912, 1, 1)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_parse_era_date(text: str, expected: dt.date) -> None:
    assert parse_era_date(text) == expected


@pytest.mark.parametrize(
    ("text", "date", "era", "span"),
    [
        ("Reiwa 1-04-30", "2019-04-30", "Reiwa", "from 2019-05-01"),
        ("令和元年4月30日", "2019-04-30", "Reiwa", "from 2019-05-01"),
        ("Heisei 31-05-01", "2019-05-01", "Heisei", "1989-01-08 to 2019-04-30"),
        ("Heisei 1-01-07", "1989-01-07", "Heisei", "1989-01-08 to 2019-04-30"),
        ("Showa 64-01-08", "1989-01-08", "Showa", "1926-12-25 to 1989-01-07"),
        ("Meiji 1-10-22", "1868-10-22", "Meiji", "1868-10-23 to 1912-07-29"),
        ("Taisho 1-07-29", "1912-07-29", "Taisho", "1912-07-30 to 1926-12-24"),
    ],
)
def test_parse_era_date_outside_its_era(text: str, date: str, era: str, span: str) -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_date(text)
    assert str(caught.value) == DATE_OUTSIDE_ERA.format(text=text, date=date, era=era, span=span)
    assert caught.value.code == "date_outside_era"


def test_parse_era_date_year_out_of_range() -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_date("Heisei 32-01-01")
    assert str(caught.value) == YEAR_OUT_OF_RANGE.format(
        era="Heisei", year=32, last=31, span="1989-01-08 to 2019-04-30"
    )


@pytest.mark.parametrize(
    ("text", "year", "month", "day"),
    [
        ("2026-02-30", 2026, 2, 30),
        ("2026-13-01", 2026, 13, 1),
        ("2026-00-10", 2026, 0, 10),
        ("Reiwa 6-02-30", 2024, 2, 30),
        ("令和8年2月29日", 2026, 2, 29),
    ],
)
def test_parse_era_date_no_such_day(text: str, year: int, month: int, day: int) -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_date(text)
    assert str(caught.value) == NO_SUCH_DAY.format(text=text, year=year, month=month, day=day)
    assert caught.value.code == "no_such_day"


def test_parse_era_date_unknown_era() -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_date("Keio 3-01-01")
    assert str(caught.value) == UNKNOWN_ERA.format(name="Keio", known=KNOWN_ERAS)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nonsense",
        "Reiwa 8",
        "2026",
        "2026-09",
        "2026-09/01",
        "09/01/26",
        "26-09-01",
        "元年5月1日",
        "2026-09-01T10:00",
        "Reiwa 8-09-01" + " " * 3 + "x",
        "2026-09-01" * 10,
    ],
)
def test_parse_era_date_bad_input(text: str) -> None:
    with pytest.raises(EraParseError) as caught:
        parse_era_date(text)
    assert str(caught.value) == BAD_DATE.format(text=text.strip())
    assert caught.value.code == "bad_date"
