"""The format's documents stay true: the schema in docs/ is the one the code uses, it lists the
sections the code knows, its choices are the models', and the example in docs/dossier.md imports."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from chapterhouse.dossier.schema import FORMAT, SECTIONS, VERSION, schema
from chapterhouse.dossier.selectors import EXPORTERS
from chapterhouse.dossier.services import APPLIERS
from chapterhouse.organizations.models import BodyKind, EventKind, Visibility
from chapterhouse.people.models import ContactKind
from tests.dossier.helpers import REPO, export_text, run_import

DOCS = REPO / "docs"


def test_the_documented_schema_is_the_one_in_use() -> None:
    documented = json.loads((DOCS / "dossier.schema.json").read_text(encoding="utf-8"))
    assert documented == schema()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_section_is_in_the_schema_the_exporter_and_the_importer() -> None:
    properties: dict[str, Any] = schema()["properties"]
    assert list(properties) == ["format", "version", *SECTIONS]
    assert properties["format"] == {"const": FORMAT}
    assert properties["version"] == {"const": VERSION}
    assert schema()["additionalProperties"] is False
    assert list(EXPORTERS) == list(SECTIONS)
    assert list(APPLIERS) == list(SECTIONS)


def test_the_schema_choices_are_the_models_choices() -> None:
    defs = schema()["$defs"]
    assert defs["body"]["properties"]["kind"]["enum"] == list(BodyKind.values)
    assert defs["body"]["properties"]["visibility"]["enum"] == [*Visibility.values, None]
    assert defs["history_event"]["properties"]["kind"]["enum"] == list(EventKind.values)
    contact = defs["person"]["properties"]["contacts"]["items"]
    assert contact["properties"]["kind"]["enum"] == list(ContactKind.values)


def test_every_object_forbids_unknown_fields() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, where
            for name, child in node.items():
                walk(child, f"{where}/{name}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, f"{where}/{index}")

    walk(schema(), "#")


def test_the_documentation_describes_every_section_and_field() -> None:
    text = (DOCS / "dossier.md").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f"`{section}`" in text, section
    for name, definition in schema()["$defs"].items():
        for field in definition.get("properties", {}):
            assert f"`{field}`" in text, (name, field)


@pytest.mark.django_db
def test_the_example_in_the_documentation_imports_and_round_trips(
    write_file: Callable[[str], Path],
) -> None:
    text = (DOCS / "dossier.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    example = blocks[-1]  # the one under "Example", at the end
    assert example.startswith("format: chapterhouse-dossier\nversion: 1\n")
    run = run_import(write_file(example))
    assert run.error is None, run.stderr
    assert export_text() == example
