from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapterhouse.conferences.ordinals import chinese_numeral, ordinal_title


@pytest.mark.parametrize(
    ("language", "gender", "expected"),
    [
        ("en", "f", "Second Organizing Conference"),
        ("ko", "f", "제2차 Organizing Conference"),
        ("ja", "f", "第2回Organizing Conference"),
        ("zh-hans", "f", "第二次Organizing Conference"),
        ("ru", "f", "Вторая Organizing Conference"),
    ],
)
def test_second_conference_in_every_interface_language(
    language: str, gender: str, expected: str
) -> None:
    assert ordinal_title(2, "Organizing Conference", language=language, gender=gender) == expected  # type: ignore[arg-type]  # a literal of Gender


def test_russian_ordinals_agree_with_the_gender() -> None:
    assert ordinal_title(3, "съезд", language="ru", gender="m") == "Третий съезд"
    assert ordinal_title(3, "конференция", language="ru", gender="f") == "Третья конференция"
    assert ordinal_title(2, "съезд", language="ru", gender="m") == "Второй съезд"
    assert ordinal_title(1, "съезд", language="ru", gender="m") == "Первый съезд"
    assert ordinal_title(25, "съезд", language="ru", gender="m") == "25-й съезд"


def test_english_ordinals_past_twenty() -> None:
    assert ordinal_title(21, "Congress", language="en") == "21st Congress"
    assert ordinal_title(112, "Congress", language="en") == "112th Congress"
    assert ordinal_title(23, "Congress", language="en") == "23rd Congress"


def test_chinese_numerals() -> None:
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 21, 99, 100)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "100",
    ]  # fmt: skip


@given(st.integers(min_value=1, max_value=10_000), st.sampled_from(["en", "ru", "ko", "ja", "zh"]))
def test_every_number_has_a_title(number: int, language: str) -> None:
    title = ordinal_title(number, "X", language=language)
    assert title.strip() and "X" in title
