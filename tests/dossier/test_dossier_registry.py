"""Each context registers its own dossier sections (dossier.registry); the format walks them in
the layers' order, and the schema is the shared part with every context's fragment."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources

import pytest

from chapterhouse.dossier import registry
from chapterhouse.dossier.importer import Importer
from chapterhouse.dossier.registry import Section, register_sections, registered_sections
from chapterhouse.dossier.schema import schema, section_names
from chapterhouse.organizations import dossier as organizations_dossier
from chapterhouse.people import dossier as people_dossier


@pytest.fixture
def restored() -> Iterator[None]:
    """Whatever a test registers is gone after it (and the cached schema with it)."""
    before = list(registry._parts)
    yield
    registry._parts[:] = before
    schema.cache_clear()


def _nothing() -> None:
    return None


def _apply_nothing(importer: Importer) -> None:
    del importer


def test_the_contexts_register_their_sections_in_layer_order() -> None:
    sections = registered_sections()
    ours = [s for s in sections if s in (*organizations_dossier.SECTIONS, *people_dossier.SECTIONS)]
    assert ours == [*organizations_dossier.SECTIONS, *people_dossier.SECTIONS]
    names = section_names()
    assert names.index("appointments") > names.index("bodies")  # people after organizations


def test_each_fragment_is_in_the_schema_in_its_contexts_order() -> None:
    properties = list(schema()["properties"])
    for package, sections in (
        ("chapterhouse.organizations", organizations_dossier.SECTIONS),
        ("chapterhouse.people", people_dossier.SECTIONS),
    ):
        fragment = json.loads(
            resources.files(package).joinpath("dossier.schema.json").read_text("utf-8")
        )
        assert list(fragment["properties"]) == [s.name for s in sections]
        for name, definition in fragment["$defs"].items():
            assert schema()["$defs"][name] == definition
        start = properties.index(sections[0].name)
        assert properties[start : start + len(sections)] == [s.name for s in sections]


def test_registering_a_context_again_changes_nothing(restored: None) -> None:
    before = registered_sections()
    register_sections("chapterhouse.people", people_dossier.SECTIONS)
    assert registered_sections() == before


def test_a_section_name_is_registered_once(restored: None) -> None:
    twice = Section("persons", people_dossier.export_persons, people_dossier.apply_persons)
    with pytest.raises(ValueError, match="'persons' is registered twice"):
        register_sections("chapterhouse.core", [twice])


def test_a_context_without_its_fragment_fails_loudly(restored: None) -> None:
    register_sections("chapterhouse.calendars", [Section("polls", _nothing, _apply_nothing)])
    with pytest.raises(FileNotFoundError):
        registry.schema_fragments()


def test_a_fragment_must_name_the_sections_in_order(restored: None) -> None:
    # The organizations context's fragment, registered with other sections than its own.
    registry._parts[:] = [
        registry._Part(package="chapterhouse.organizations", sections=people_dossier.SECTIONS)
    ]
    with pytest.raises(ValueError, match="its properties must be"):
        registry.schema_fragments()
