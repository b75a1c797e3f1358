"""The contexts' dossier sections: each context registers its own, and the dossier's machinery
(schema, export, import) walks them.

The machinery (this package) sits below the contexts and never imports them; a context adds
its sections to the dossier with one line in its ``AppConfig.ready``::

    register_sections("chapterhouse.<context>", dossier.SECTIONS)

Each ``Section`` names its export (a function of no arguments, reading through the context's
selectors and models) and its apply (a function of the running ``Importer``, writing through
the context's services). The context's JSON-schema fragment is the file
``dossier.schema.json`` in its package: ``{"properties": {section: ...}, "$defs": {...}}``,
with one property per section, in the sections' order; ``schema.schema()`` puts the fragments
together under the format's shared definitions.

Sections are written and applied in the order they were registered, which is the order of
``INSTALLED_APPS`` (the layers' order: organizations, then people), so whatever a section
refers to comes in an earlier one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from chapterhouse.dossier.importer import Importer

Row = dict[str, Any]

FRAGMENT = "dossier.schema.json"


@dataclass(frozen=True)
class Section:
    """One top-level section of the dossier: its name, how it is exported and applied."""

    name: str
    export: Callable[[], Row | list[Row] | None]
    apply: Callable[[Importer], None]


@dataclass(frozen=True)
class _Part:
    package: str
    sections: tuple[Section, ...]


_parts: list[_Part] = []


def register_sections(package: str, sections: Sequence[Section]) -> None:
    """Add the sections of the context ``package`` (its schema fragment is the package's
    ``dossier.schema.json``); registering the same package again is a no-op."""
    if any(part.package == package for part in _parts):
        return
    known = {section.name for part in _parts for section in part.sections}
    for section in sections:
        if section.name in known:
            raise ValueError(f"the dossier section {section.name!r} is registered twice")
        known.add(section.name)
    _parts.append(_Part(package=package, sections=tuple(sections)))


def _ready() -> list[_Part]:
    # Asked before the apps are ready (so before any context registered), refuse rather than
    # answer with no sections.
    apps.check_apps_ready()
    return list(_parts)


def registered_sections() -> tuple[Section, ...]:
    """Every registered section, in the order of registration."""
    return tuple(section for part in _ready() for section in part.sections)


def schema_fragments() -> list[dict[str, Any]]:
    """Each registered context's schema fragment, in the order of registration; a fragment
    whose properties are not its sections, in order, is refused."""
    fragments = []
    for part in _ready():
        text = resources.files(part.package).joinpath(FRAGMENT).read_text("utf-8")
        fragment: dict[str, Any] = json.loads(text)
        names = [section.name for section in part.sections]
        if list(fragment.get("properties", {})) != names:
            raise ValueError(f"{part.package}/{FRAGMENT}: its properties must be {names}")
        fragments.append(fragment)
    return fragments
