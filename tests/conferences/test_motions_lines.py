"""Numbered lines and the word diff (pure)."""

from __future__ import annotations

import itertools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from chapterhouse.conferences.diff import DELETE, EQUAL, INSERT, word_diff
from chapterhouse.conferences.lines import columns, number_lines, paragraph_lines

# Latin, Cyrillic, CJK, spaces and line breaks.
ALPHABET = st.sampled_from([*"abc xyzАБВ жд日本語中文한국\n  éü,.", "\u0301"])
TEXTS = st.text(alphabet=ALPHABET, max_size=400)


@given(text=TEXTS, width=st.integers(min_value=1, max_value=100))
@settings(max_examples=300, deadline=None)
def test_joining_the_lines_gives_the_text_back(text: str, width: int) -> None:
    lines = number_lines(text, width)
    assert "".join(text[line.start : line.end] for line in lines) == text
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert all(a.end == b.start for a, b in itertools.pairwise(lines))


@given(text=TEXTS, width=st.integers(min_value=4, max_value=100))
@settings(max_examples=300, deadline=None)
@example(text="aaaa \u0301", width=4)  # a combining mark after a space: a word of its own
def test_the_width_is_kept_unless_one_word_is_longer(text: str, width: int) -> None:
    for line in number_lines(text, width):
        if columns(line.text) > width:
            # a single word of a script that is not broken, with no space inside
            assert " " not in line.text.strip(), line
            assert all(columns(c) < 2 for c in line.text), line


@given(text=TEXTS, width=st.integers(min_value=1, max_value=100))
@settings(max_examples=200, deadline=None)
def test_numbering_is_stable(text: str, width: int) -> None:
    assert number_lines(text, width) == number_lines(text, width)


@given(head=TEXTS, tail=TEXTS, width=st.integers(min_value=1, max_value=100))
@settings(max_examples=300, deadline=None)
def test_what_follows_a_line_break_leaves_the_lines_before_it_alone(
    head: str, tail: str, width: int
) -> None:
    """Lines end where they end whatever comes after the paragraph: the numbers of the lines
    before a change in a later paragraph stay."""
    before = number_lines(head + "\n", width)
    after = number_lines(head + "\n" + tail, width)
    assert [(x.number, x.start, x.end, x.text) for x in after[: len(before)]] == [
        (x.number, x.start, x.end, x.text) for x in before
    ]


def test_no_latin_or_cyrillic_word_is_broken() -> None:
    text = "The conference resolves that every branch holds a general meeting. Съезд решает."
    lines = number_lines(text, 20)
    words = text.split()
    assert [w for line in lines for w in line.text.split()] == words
    assert all(columns(line.text) <= 20 for line in lines)


def test_cjk_counts_two_columns_and_breaks_between_characters() -> None:
    text = "日本語の文章はここにあります。" * 3
    lines = number_lines(text, 10)
    assert [columns(line.text) for line in lines[:-1]] == [10] * (len(lines) - 1)
    assert lines[0].text == "日本語の文"


def test_a_long_word_stands_alone_and_line_breaks_start_lines() -> None:
    lines = number_lines("short\nsupercalifragilistic word", 10)
    assert [line.text for line in lines] == ["short", "supercalifragilistic", "word"]


def test_paragraphs_are_separated_by_blank_lines() -> None:
    lines = number_lines("one two\nthree\n\nfour five\n", 80)
    assert [(line.paragraph, line.text) for line in lines] == [
        (1, "one two"),
        (1, "three"),
        (1, ""),
        (2, "four five"),
    ]
    assert paragraph_lines(lines, 2) == (4, 4)
    assert paragraph_lines(lines, 3) is None


@given(old=TEXTS, new=TEXTS)
@settings(max_examples=300, deadline=None)
def test_the_diff_gives_both_texts_back(old: str, new: str) -> None:
    runs = word_diff(old, new)
    assert "".join(t for op, t in runs if op in (EQUAL, DELETE)) == old
    assert "".join(t for op, t in runs if op in (EQUAL, INSERT)) == new
    assert all(t for _op, t in runs)


def test_the_diff_is_word_by_word() -> None:
    assert word_diff("every branch holds a meeting", "every branch holds two meetings") == [
        (EQUAL, "every branch holds "),
        (DELETE, "a meeting"),
        (INSERT, "two meetings"),
    ]
    assert word_diff("日本語", "日本人") == [(EQUAL, "日本"), (DELETE, "語"), (INSERT, "人")]
