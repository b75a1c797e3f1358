"""Form fields of chapterhouse.calendars: EraDateField and EraYearField."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from chapterhouse.calendars.dates import DATE_EXAMPLES, YEAR_EXAMPLES, PartialDate
from chapterhouse.calendars.errors import (
    AMBIGUOUS_DATE,
    BAD_DATE,
    BAD_YEAR,
    DATE_OUTSIDE_ERA,
    YEAR_OUT_OF_RANGE,
)
from chapterhouse.calendars.forms import EraDateField, EraYearField, PartialDateField


def examples(table: dict[str, tuple[str, ...]], language: str = "en") -> str:
    return ", ".join(f"'{e}'" for e in table[language])


class MeetingForm(forms.Form):
    held_on = EraDateField()
    founded_in = EraYearField(required=False, min_value=1900)


@pytest.mark.parametrize(
    "text",
    [
        "2026-09-01",
        "Reiwa 8-09-01",
        "Reiwa 8/9/1",
        "Juche 115-09-01",
        "令和8年9月1日",
        "주체115년 9월 1일",
        " 2026-09-01 ",
    ],
)
def test_era_date_field_reads_era_dates(text: str) -> None:
    assert EraDateField().clean(text) == dt.date(2026, 9, 1)


def test_era_date_field_takes_dates_and_datetimes() -> None:
    field = EraDateField()
    assert field.clean(dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
    assert field.clean(dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)) == dt.date(2026, 9, 1)


@pytest.mark.parametrize("text", ["05/02/2021", "5.2.2021", "05-02-21", "5/2/2021"])
@pytest.mark.parametrize("language", ["en", "ru", "ja"])
def test_era_date_field_refuses_day_and_month_in_either_order(text: str, language: str) -> None:
    """No fallback to the locale's DATE_INPUT_FORMATS: "05/02/2021" was stored as 2 May."""
    with translation.override(language), pytest.raises(forms.ValidationError) as caught:
        EraDateField().clean(text)
    assert caught.value.code == "ambiguous_date"
    with translation.override(language):  # said in the reader's language
        assert caught.value.messages == [
            AMBIGUOUS_DATE.format(text=text, examples=examples(DATE_EXAMPLES, language))
        ]


@pytest.mark.parametrize(
    "text",
    ["5 February 2021", "February 5, 2021", "5 февраля 2021", "2021年2月5日", "2021년 2월 5일"],
)
def test_era_date_field_reads_each_languages_own_form(text: str) -> None:
    assert EraDateField().clean(text) == dt.date(2021, 2, 5)


def test_era_date_field_shows_a_date_as_iso_in_every_language() -> None:
    class Form(forms.Form):
        on = EraDateField()

    with translation.override("ru"):
        html = str(Form(initial={"on": dt.date(2021, 2, 5)})["on"])
    assert 'value="2021-02-05"' in html


def test_errors_speak_the_readers_language() -> None:
    with translation.override("ja"), pytest.raises(forms.ValidationError) as caught:
        EraDateField().clean("sometime")
    assert "2021年2月5日" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 2011", PartialDate(dt.date(2011, 12, 1), "month")),
        ("2011", PartialDate(dt.date(2011, 1, 1), "year")),
        ("令和3年5月", PartialDate(dt.date(2021, 5, 1), "month")),
        ("2011-12-05", PartialDate(dt.date(2011, 12, 5), "day")),
    ],
)
def test_partial_date_field(text: str, expected: PartialDate) -> None:
    assert PartialDateField().clean(text) == expected


def test_era_date_field_empty() -> None:
    assert EraDateField(required=False).clean("") is None
    assert EraDateField(required=False).clean(None) is None
    with pytest.raises(forms.ValidationError) as caught:
        EraDateField().clean("")
    assert caught.value.code == "required"


def test_era_date_field_error_is_the_parsers_message() -> None:
    with pytest.raises(forms.ValidationError) as caught:
        EraDateField().clean("Reiwa 1-04-30")
    assert caught.value.messages == [
        DATE_OUTSIDE_ERA.format(
            text="Reiwa 1-04-30", date="2019-04-30", era="Reiwa", span="from 2019-05-01"
        )
    ]
    assert caught.value.code == "date_outside_era"

    with pytest.raises(forms.ValidationError) as caught:
        EraDateField().clean("sometime")
    assert caught.value.messages == [
        BAD_DATE.format(text="sometime", examples=examples(DATE_EXAMPLES))
    ]
    assert caught.value.code == "bad_date"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2026", 2026),
        ("Reiwa 8", 2026),
        ("令和元年", 2019),
        ("주체110년", 2021),
        ("Juche 110", 2021),
    ],
)
def test_era_year_field_reads_era_years(text: str, year: int) -> None:
    assert EraYearField().clean(text) == year


def test_era_year_field_takes_ints_and_empty() -> None:
    assert EraYearField().clean(2026) == 2026
    assert EraYearField(required=False).clean("") is None


def test_era_year_field_error_is_the_parsers_message() -> None:
    with pytest.raises(forms.ValidationError) as caught:
        EraYearField().clean("Heisei 32")
    assert caught.value.messages == [
        YEAR_OUT_OF_RANGE.format(era="Heisei", year=32, last=31, span="1989-01-08 to 2019-04-30")
    ]
    with pytest.raises(forms.ValidationError) as caught:
        EraYearField().clean("soon")
    assert caught.value.messages == [BAD_YEAR.format(text="soon", examples=examples(YEAR_EXAMPLES))]


def test_era_year_field_renders_as_text_so_era_names_can_be_typed() -> None:
    html = str(MeetingForm()["founded_in"])
    assert 'type="text"' in html
    assert "min=" not in html


def test_form_with_era_fields() -> None:
    form = MeetingForm(data={"held_on": "令和8年9月1日", "founded_in": "Showa 20"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"held_on": dt.date(2026, 9, 1), "founded_in": 1945}


def test_form_runs_the_integer_validators_on_the_gregorian_year() -> None:
    form = MeetingForm(data={"held_on": "2026-09-01", "founded_in": "Meiji 30"})
    assert not form.is_valid()
    assert form.errors["founded_in"] == ["Ensure this value is greater than or equal to 1900."]
