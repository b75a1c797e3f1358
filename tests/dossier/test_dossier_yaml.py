"""Reading and writing dossier YAML (chapterhouse.dossier.yamlio)."""

from __future__ import annotations

import datetime as dt

import pytest

from chapterhouse.dossier.yamlio import DossierSyntaxError, Problem, dump, format_path, load


def test_dates_stay_text_and_only_true_and_false_are_booleans() -> None:
    loaded = load("a: 2026-08-20\nb: no\nc: yes\nd: true\ne: off\nf: 12\n")
    assert loaded.data == {"a": "2026-08-20", "b": "no", "c": "yes", "d": True, "e": "off", "f": 12}


def test_every_value_has_its_line() -> None:
    loaded = load("top:\n  - key: a\n    name: A\n  - key: b\n")
    assert loaded.lines[("top",)] == 1
    assert loaded.lines[("top", 0)] == 2
    assert loaded.lines[("top", 0, "name")] == 3
    assert loaded.lines[("top", 1, "key")] == 4
    assert loaded.line_of(("top", 1, "missing")) == 4


def test_a_syntax_error_has_its_line_and_column() -> None:
    with pytest.raises(DossierSyntaxError) as raised:
        load("a: 1\nb: [1, 2\n")
    assert raised.value.problem.line == 3
    assert raised.value.problem.column is not None


def test_several_documents_are_a_syntax_error() -> None:
    with pytest.raises(DossierSyntaxError):
        load("a: 1\n---\nb: 2\n")


def test_dump_keeps_key_order_unicode_and_writes_no_aliases() -> None:
    shared = ["en"]
    text = dump({"z": "田中", "a": shared, "b": shared, "d": dt.date(2026, 8, 20), "n": "no"})
    assert text == "z: 田中\na:\n  - en\nb:\n  - en\nd: 2026-08-20\nn: 'no'\n"
    assert load(text).data == {"z": "田中", "a": ["en"], "b": ["en"], "d": "2026-08-20", "n": "no"}


def test_paths_and_problems_read_like_the_file() -> None:
    assert format_path(("appointments", 3, "ends_on")) == "appointments[3].ends_on"
    assert format_path(("persons", 0, "names", 1)) == "persons[0].names[1]"
    problem = Problem(path="branches[0].name", message="Bad.", line=7)
    assert problem.render("d.yaml") == "d.yaml:7: branches[0].name: Bad."
    assert Problem(path="", message="Empty.").render("d.yaml") == "d.yaml: Empty."
