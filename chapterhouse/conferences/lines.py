"""A motion's text broken into numbered lines at a fixed width (pure).

The text is cut into slices that, joined, give the text back exactly. A line ends at a line
break of the text or where the next word would pass ``width`` columns; a character of East
Asian width "wide" or "fullwidth" (CJK) counts two columns and a line may break between two of
them; a word of any other script is never broken (a word longer than the width stands alone on
an overlong line). Spaces at the end of a line hang past the width. The numbers depend only on
the text and the width, so a motion stores the width it was admitted with and refuses text
edits after admission: its numbers stay what the amendments cite.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int  # from 1
    paragraph: int  # from 1; paragraphs are separated by blank lines
    start: int  # offsets into the text: text[start:end] is the line with its line break
    end: int
    text: str  # what is shown: the slice without its line break and trailing spaces


def char_columns(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def columns(text: str) -> int:
    """The columns ``text`` takes on a fixed-width line."""
    return sum(char_columns(c) for c in text)


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(paragraph: str) -> list[str]:
    """``paragraph`` (no line break) as the units a line may break between: a word, or one
    wide character, each with the spaces that follow it (spaces that open the paragraph are a
    unit of their own)."""
    units: list[str] = []
    word = ""
    for char in paragraph:
        if char.isspace():
            if word:
                units.append(word)
                word = ""
            if units:
                units[-1] += char
            else:
                units.append(char)
        elif is_wide(char):
            if word:
                units.append(word)
                word = ""
            units.append(char)
        elif unicodedata.combining(char) and not word and units and not units[-1][-1].isspace():
            units[-1] += char  # a combining mark stays with the character before it
        else:
            word += char
    if word:
        units.append(word)
    return units


def number_lines(text: str, width: int) -> list[Line]:
    """``text`` as numbered lines of at most ``width`` columns (see the module's doc)."""
    if width < 1:
        raise ValueError("width must be positive")
    lines: list[Line] = []
    offset = 0
    paragraph = 1
    previous_blank = False
    raw_lines = text.split("\n")
    for index, raw in enumerate(raw_lines):
        has_break = index < len(raw_lines) - 1
        if index == len(raw_lines) - 1 and raw == "" and lines:
            break  # the text ends with a line break: no empty line after it
        blank = raw.strip() == ""
        if blank:
            previous_blank = True
        elif previous_blank and lines:
            paragraph += 1
            previous_blank = False
        else:
            previous_blank = False
        pieces: list[str] = []
        current = ""
        used = 0
        for unit in _tokens(raw):
            visible = columns(unit.rstrip())
            if current and used + visible > width:
                pieces.append(current)
                current, used = "", 0
            current += unit
            used += columns(unit)
        pieces.append(current)
        for at, piece in enumerate(pieces):
            end = offset + len(piece)
            if has_break and at == len(pieces) - 1:
                end += 1
            lines.append(
                Line(
                    number=len(lines) + 1,
                    paragraph=paragraph,
                    start=offset,
                    end=end,
                    text=piece.rstrip(),
                )
            )
            offset = end
    return lines


def line_range_text(text: str, lines: list[Line], first: int, last: int) -> str:
    """The slice of ``text`` that lines ``first`` to ``last`` (inclusive, from 1) cover."""
    return text[lines[first - 1].start : lines[last - 1].end]


def paragraph_lines(lines: list[Line], paragraph: int) -> tuple[int, int] | None:
    """The first and last line of ``paragraph``; None if there is no such paragraph."""
    numbers = [line.number for line in lines if line.paragraph == paragraph and line.text]
    return (numbers[0], numbers[-1]) if numbers else None
