"""Template tags of chapterhouse.calendars: {% load calendars %}."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone, translation

from chapterhouse.calendars.templatetags import calendars as calendar_tags

SEPT_1_2026 = dt.date(2026, 9, 1)


def render(source: str, **context: Any) -> str:
    return Template("{% load calendars %}" + source).render(Context(context))


# --- era_years filter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "令和8年 · 主体115年"),
        ("en", "Reiwa 8 · Juche 115"),
        ("ko", "레이와 8년 · 주체115년"),
        ("ru", "Рэйва 8 · Чучхе 115"),
        ("zh-hans", "令和8年 · 主体115年"),
        ("de", "Reiwa 8 · Juche 115"),
    ],
)
def test_era_years_filter_in_the_active_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert render('{{ day|era_years:"japanese,juche" }}', day=SEPT_1_2026) == expected


def test_era_years_filter_order_and_spaces() -> None:
    with translation.override("en"):
        assert render('{{ day|era_years:"minguo, japanese" }}', day=SEPT_1_2026) == (
            "Minguo 115 · Reiwa 8"
        )


def test_era_years_filter_leaves_out_systems_without_a_year() -> None:
    with translation.override("ja"):
        assert render('{{ day|era_years:"japanese,juche" }}', day=dt.date(1900, 1, 1)) == "明治33年"
        assert render('{{ day|era_years:"juche" }}', day=dt.date(1900, 1, 1)) == ""


@pytest.mark.parametrize("value", [None, "", "2026-09-01", 2026])
def test_era_years_filter_ignores_non_dates(value: object) -> None:
    assert render('{{ day|era_years:"japanese" }}', day=value) == ""


def test_era_years_filter_shows_aware_datetimes_in_the_current_time_zone() -> None:
    # 2019-04-30 15:30 UTC is already 2019-05-01 00:30 in Tokyo: the first day of Reiwa.
    moment = dt.datetime(2019, 4, 30, 15, 30, tzinfo=dt.UTC)
    with translation.override("en"):
        with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
            assert render('{{ t|era_years:"japanese" }}', t=moment) == "Reiwa 1"
        with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
            assert render('{{ t|era_years:"japanese" }}', t=moment) == "Heisei 31"


def test_era_years_filter_needs_systems() -> None:
    with pytest.raises(TemplateSyntaxError):
        Template("{% load calendars %}{{ day|era_years }}")


def test_era_years_filter_unknown_system_is_an_error() -> None:
    with pytest.raises(ValueError, match="Unknown calendar system 'hijri'"):
        render('{{ day|era_years:"hijri" }}', day=SEPT_1_2026)


# --- era_date tag ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "2026年9月1日 (令和8年 · 主体115年)"),
        ("en", "Sept. 1, 2026 (Reiwa 8 · Juche 115)"),
        ("ko", "2026년 9월 1일 (레이와 8년 · 주체115년)"),
        ("zh-hans", "2026年9月1日 (令和8年 · 主体115年)"),
    ],
)
def test_era_date_tag(language: str, expected: str) -> None:
    with translation.override(language):
        assert (
            render("{% era_date day %}", day=SEPT_1_2026, era_systems=["japanese", "juche"])
            == expected
        )


def test_era_date_tag_first_year_of_reiwa_in_japanese() -> None:
    with translation.override("ja"):
        assert render("{% era_date day %}", day=dt.date(2019, 5, 1), era_systems=("japanese",)) == (
            "2019年5月1日 (令和元年)"
        )


@pytest.mark.parametrize("era_systems", [None, [], (), ""])
def test_era_date_tag_without_systems_is_the_date_alone(era_systems: object) -> None:
    with translation.override("ja"):
        assert render("{% era_date day %}", day=SEPT_1_2026, era_systems=era_systems) == (
            "2026年9月1日"
        )
        assert render("{% era_date day %}", day=SEPT_1_2026) == "2026年9月1日"


def test_era_date_tag_accepts_a_comma_separated_string() -> None:
    with translation.override("en"):
        assert render("{% era_date day %}", day=SEPT_1_2026, era_systems="minguo") == (
            "Sept. 1, 2026 (Minguo 115)"
        )


def test_era_date_tag_with_no_era_year_that_day_is_the_date_alone() -> None:
    with translation.override("en"):
        assert render("{% era_date day %}", day=dt.date(1900, 5, 1), era_systems=["juche"]) == (
            "May 1, 1900"
        )


@pytest.mark.parametrize("value", [None, "", "2026-09-01"])
def test_era_date_tag_renders_nothing_for_non_dates(value: object) -> None:
    assert render("{% era_date day %}", day=value, era_systems=["japanese"]) == ""


def test_era_date_tag_missing_variable_renders_nothing() -> None:
    assert render("{% era_date missing %}", era_systems=["japanese"]) == ""


def test_era_date_tag_shows_aware_datetimes_in_the_current_time_zone() -> None:
    moment = dt.datetime(2019, 4, 30, 15, 30, tzinfo=dt.UTC)
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        assert render("{% era_date t %}", t=moment, era_systems=["japanese"]) == (
            "May 1, 2019 (Reiwa 1)"
        )


def test_era_date_tag_as_variable() -> None:
    with translation.override("en"):
        assert (
            render(
                "{% era_date day as label %}[{{ label }}]", day=SEPT_1_2026, era_systems=["juche"]
            )
            == "[Sept. 1, 2026 (Juche 115)]"
        )


def test_era_date_tag_output_is_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_tags, "date_filter", lambda value: "<b>1 & 2</b>")
    with translation.override("en"):
        assert render("{% era_date day %}", day=SEPT_1_2026, era_systems=["juche"]) == (
            "&lt;b&gt;1 &amp; 2&lt;/b&gt; (Juche 115)"
        )
        assert (
            render(
                "{% autoescape off %}{% era_date day %}{% endautoescape %}",
                day=SEPT_1_2026,
                era_systems=["juche"],
            )
            == "<b>1 & 2</b> (Juche 115)"
        )
