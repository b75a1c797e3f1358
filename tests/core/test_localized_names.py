"""core.translations: which text a reader of a language gets, and when it is a fallback."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from chapterhouse.core.translations import (
    localized,
    localized_text,
    normalize_language,
    original_language,
    pick_translation,
)


@dataclass
class Named:
    name: str
    name_translations: dict[str, str] = field(default_factory=dict)


CC = Named("Coordinating Committee", {"ja": "調整委員会", "zh-hans": "协调委员会"})


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "調整委員会"),
        ("zh-hans", "协调委员会"),
        ("zh-Hans", "协调委员会"),
        ("zh_Hans", "协调委员会"),
        ("ja-JP", "調整委員会"),
        ("ko", None),
        ("zh-hant", None),
        ("", None),
    ],
)
def test_a_translation_is_found_by_language_whatever_the_case(
    language: str, expected: str | None
) -> None:
    assert pick_translation(CC.name_translations, language) == expected


def test_stored_codes_in_another_case_are_found_too() -> None:
    assert pick_translation({"zh-Hans": "协调委员会"}, "zh-hans") == "协调委员会"
    assert normalize_language(" zh_Hans ") == "zh-hans"


def test_the_reader_gets_the_translation_unmarked() -> None:
    shown = localized(CC, "name", "ja", original="en")
    assert (shown.text, shown.language, shown.fallback) == ("調整委員会", "ja", False)


def test_a_reader_without_a_translation_gets_the_original_marked_in_its_language() -> None:
    shown = localized(CC, "name", "ko", original="en")
    assert (shown.text, shown.language, shown.fallback) == ("Coordinating Committee", "en", True)


def test_a_reader_of_the_originals_language_gets_the_original_unmarked() -> None:
    shown = localized(CC, "name", "en-us", original="en")
    assert (shown.text, shown.fallback) == ("Coordinating Committee", False)
    # The originals may be in another language than English.
    japanese_first = Named("調整委員会", {"en": "Coordinating Committee"})
    assert not localized(japanese_first, "name", "ja", original="ja").fallback
    assert localized(japanese_first, "name", "ko", original="ja").language == "ja"


def test_an_empty_original_is_not_marked() -> None:
    assert not localized(Named(""), "name", "ko", original="en").fallback


def test_plain_text_for_titles_and_choices() -> None:
    assert localized_text(CC, "name", "zh-Hans") == "协调委员会"
    assert localized_text(CC, "name", "ru") == "Coordinating Committee"


def test_the_originals_language_is_the_organizations_first() -> None:
    assert original_language(["ja", "en"]) == "ja"
    assert original_language(["zh-Hans"]) == "zh-hans"
    assert original_language([]) == "en"
    assert original_language(None) == "en"
