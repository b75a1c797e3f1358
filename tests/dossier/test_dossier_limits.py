"""Hostile dossiers: a file too large, nested too deep, an alias bomb, an overlong text or a
number too long to read fails with one line per problem and writes nothing. The inputs are
small or the limits are met early, so each test is quick by construction."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.test import override_settings

from chapterhouse.api.schemas import limits
from chapterhouse.core.models import TEXT_MAX_LENGTH
from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.schema import schema
from chapterhouse.dossier.services import dossier_import
from chapterhouse.dossier.yamlio import MAX_ALIAS_NODES, MAX_DEPTH
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance, Organization
from chapterhouse.people.models import (
    MAX_CONTACTS,
    MAX_NAMES,
    MAX_RESPONSIBILITIES,
    Appointment,
    Duty,
    PartnerOrganization,
    Person,
    PersonName,
    Position,
)
from tests.dossier.helpers import export_text, run_import, table_counts

WriteFile = Callable[[str], Path]

HEADER = "format: chapterhouse-dossier\nversion: 1\n"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _refused(write_file: WriteFile, text: str) -> str:
    """Import ``text``; check that it failed with one problem and wrote nothing; return the
    problem's line."""
    counts, before = table_counts(), export_text()
    path = write_file(text)
    run = run_import(path)
    assert run.error == msg.FAILED.format(count=1, source=path)
    lines = run.stderr.splitlines()
    assert len(lines) == 1, lines
    assert table_counts() == counts
    assert export_text() == before
    return lines[0]


def _billion_laughs(levels: int = 9) -> str:
    """Nine lists of nine aliases to the list before: about 387 million values if expanded."""
    text = HEADER + 'x0: &x0 ["lol"]\n'
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*x{level - 1}"] * 9)
        text += f"x{level}: &x{level} [{aliases}]\n"
    return text


def test_an_alias_bomb_is_refused(write_file: WriteFile) -> None:
    line = _refused(write_file, _billion_laughs())
    assert line.endswith(msg.TOO_MANY_ALIASES.format(limit=MAX_ALIAS_NODES))


def test_an_alias_inside_what_it_names_is_refused(write_file: WriteFile) -> None:
    line = _refused(write_file, HEADER + "branches: &loop\n  - *loop\n")
    assert line.endswith(msg.ALIAS_LOOP)


def test_a_few_aliases_are_read(write_file: WriteFile) -> None:
    text = (
        HEADER
        + "duties:\n"
        + "  - {key: press, name: &press Press work}\n"
        + "  - {key: press-abroad, name: *press}\n"
    )
    run = run_import(write_file(text))
    assert run.error is None, run.stderr


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 1000 + "]" * 1000,
        "".join(f"\n{'  ' * depth}k:" for depth in range(1, 200)) + " end",
    ],
    ids=["flow", "block"],
)
def test_nesting_too_deep_is_refused(write_file: WriteFile, nested: str) -> None:
    line = _refused(write_file, HEADER + "branches: " + nested + "\n")
    assert line.endswith(msg.TOO_DEEP.format(limit=MAX_DEPTH))


def test_an_overlong_text_is_refused_at_its_place(write_file: WriteFile) -> None:
    description = "d" * (TEXT_MAX_LENGTH + 1)
    text = HEADER + "duties: []\npartner_organizations:\n  - key: p\n    name: P\n"
    text += f"    description: {description}\n"
    line = _refused(write_file, text)
    assert "partner_organizations[0].description: " in line
    assert line.endswith(msg.TOO_LONG.format(length=TEXT_MAX_LENGTH + 1, limit=TEXT_MAX_LENGTH))


def test_too_many_names_are_refused(write_file: WriteFile) -> None:
    names = "".join(f"      - {{language: l{i}, full_name: N{i}}}\n" for i in range(MAX_NAMES + 1))
    line = _refused(write_file, HEADER + f"persons:\n  - key: many\n    names:\n{names}")
    assert line.endswith(msg.TOO_MANY_ITEMS.format(count=MAX_NAMES + 1, limit=MAX_NAMES))


def test_an_overlong_value_is_not_quoted_whole(write_file: WriteFile) -> None:
    line = _refused(write_file, HEADER + "branches:\n  - key: " + "a" * 5000 + "\n    name: A\n")
    assert len(line) < 1000


def test_a_number_too_long_to_read_is_one_line(write_file: WriteFile) -> None:
    line = _refused(
        write_file, HEADER + "positions:\n  - {key: p, name: P, rank: " + "9" * 5000 + "}\n"
    )
    assert "cannot be read" in line


@override_settings(DOSSIER_MAX_BYTES=1000)
def test_a_file_larger_than_the_setting_is_refused_unread(write_file: WriteFile) -> None:
    counts = table_counts()
    path = write_file(HEADER + "# " + "x" * 2000 + "\n")
    run = run_import(path)
    assert run.error == msg.TOO_LARGE.format(size=path.stat().st_size, limit=1000)
    run = run_import("-", stdin=StringIO(HEADER + "# " + "x" * 2000 + "\n"))
    assert run.error == msg.FAILED.format(count=1, source="<stdin>")
    assert msg.TOO_LARGE.format(size=1001, limit=1000) in run.stderr
    report = dossier_import(text=HEADER + "# " + "x" * 2000, by=None)
    assert not report.ok
    assert table_counts() == counts


SECTION_MODELS = {
    "organization": Organization,
    "branch": Branch,
    "body": Body,
    "history_event": HistoryEvent,
    "observance": Observance,
    "partner_organization": PartnerOrganization,
    "position": Position,
    "duty": Duty,
    "person": Person,
    "appointment": Appointment,
}


def test_the_schema_states_the_models_limits() -> None:
    """Every text and number of the dossier schema has the model field's limits."""
    defs = schema()["$defs"]
    compared = 0
    for name, model in SECTION_MODELS.items():
        for field, spec in defs[name]["properties"].items():
            if (
                "$ref" in spec
                or "enum" in spec
                or field not in {f.name for f in model._meta.fields}
            ):
                continue
            expected = limits(model, field)
            if "max_length" in expected:
                assert spec.get("maxLength") == expected["max_length"], (name, field)
                compared += 1
            if "le" in expected:
                assert (spec.get("minimum"), spec.get("maximum")) == (
                    expected["ge"],
                    expected["le"],
                ), (name, field)
                compared += 1
    person = defs["person"]["properties"]
    for field, spec in person["names"]["items"]["properties"].items():
        if field in ("language", "full_name"):
            assert spec["maxLength"] == limits(PersonName, field)["max_length"]
    assert person["contacts"]["items"]["properties"]["value"]["maxLength"] == 300
    assert person["names"]["maxItems"] == MAX_NAMES
    assert person["contacts"]["maxItems"] == MAX_CONTACTS
    assert defs["appointment"]["properties"]["responsibilities"]["maxItems"] == (
        MAX_RESPONSIBILITIES
    )
    assert compared > 20
