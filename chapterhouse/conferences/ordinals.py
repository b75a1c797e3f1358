"""A conference's number in its series as an ordinal, in every interface language (pure).

"Second Organizing Conference", 제2차 조직회의, 第2回組織会議, "Вторая организационная
конференция", 第二次组织会议. Russian ordinals agree with the series name's grammatical gender
(конференция is feminine, съезд masculine), so a series states it.
"""

from __future__ import annotations

from typing import Literal

Gender = Literal["f", "m", "n"]

_EN_WORDS = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
    "Twentieth",
]

# Masculine stems and endings: "Перв" + "ый" / "ая" / "ое".
_RU_STEMS = [
    "Перв",
    "Втор",
    "Трет",
    "Четвёрт",
    "Пят",
    "Шест",
    "Седьм",
    "Восьм",
    "Девят",
    "Десят",
    "Одиннадцат",
    "Двенадцат",
    "Тринадцат",
    "Четырнадцат",
    "Пятнадцат",
    "Шестнадцат",
    "Семнадцат",
    "Восемнадцат",
    "Девятнадцат",
    "Двадцат",
]
_RU_ENDINGS: dict[Gender, tuple[str, str]] = {
    # (usual, stressed): "Второй", "Шестой", "Седьмой", "Восьмой" take the stressed one.
    "m": ("ый", "ой"),
    "f": ("ая", "ая"),
    "n": ("ое", "ое"),
}
_RU_STRESSED = {2, 6, 7, 8}
_RU_SHORT: dict[Gender, str] = {"m": "й", "f": "я", "n": "е"}

_ZH_DIGITS = "零一二三四五六七八九"


def _en(number: int) -> str:
    if 1 <= number <= len(_EN_WORDS):
        return _EN_WORDS[number - 1]
    if number % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _ru(number: int, gender: Gender) -> str:
    if number == 3:  # "Третий / Третья / Третье"
        return {"m": "Третий", "f": "Третья", "n": "Третье"}[gender]
    if 1 <= number <= len(_RU_STEMS):
        usual, stressed = _RU_ENDINGS[gender]
        return _RU_STEMS[number - 1] + (stressed if number in _RU_STRESSED else usual)
    return f"{number}-{_RU_SHORT[gender]}"


def chinese_numeral(number: int) -> str:
    """一 … 九十九 (十一, 二十, 二十一); from 100 on, Arabic digits, as is usual in titles."""
    if number < 1 or number >= 100:
        return str(number)
    tens, ones = divmod(number, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else _ZH_DIGITS[tens]) + "十"
    if ones:
        text += _ZH_DIGITS[ones]
    return text


def ordinal_title(number: int, name: str, *, language: str, gender: Gender = "f") -> str:
    """The title of the ``number``th conference of a series called ``name`` (in ``language``)."""
    code = language.lower().replace("_", "-")
    if code.startswith("ko"):
        return f"제{number}차 {name}"
    if code.startswith("ja"):
        return f"第{number}回{name}"
    if code.startswith("zh"):
        return f"第{chinese_numeral(number)}次{name}"
    if code.startswith("ru"):
        return f"{_ru(number, gender)} {name}"
    return f"{_en(number)} {name}"
