"""The dossier export: the organization's whole record as plain data, then as YAML.

Deterministic: sections in the order they are registered (``dossier.registry``, the layers'
order), each written by its context's export (``<context>/dossier.py``): rows sorted by key
(history by date, then key; memberships by person, branch and start; branches and bodies as a
tree, parents first), fields in a fixed order, empty optional fields left out. Users, accounts
and the audit log are not part of a dossier.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from chapterhouse.dossier.registry import Row, registered_sections
from chapterhouse.dossier.schema import FORMAT, VERSION
from chapterhouse.dossier.yamlio import dump


def dossier_export() -> dict[str, Any]:
    """The whole record as plain data (dates as ``datetime.date``), ready for ``dump``.

    Read in one transaction; on PostgreSQL a repeatable-read one, so that the sections agree
    with each other even while others write."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for section in registered_sections():
            exported = section.export()
            if exported is not None:
                data[section.name] = exported
    return data


def dossier_export_text() -> str:
    """The whole record as the text of a dossier file."""
    return dump(dossier_export())


def __getattr__(name: str) -> dict[str, Callable[[], Row | list[Row] | None]]:
    """``EXPORTERS``: how each registered section is exported, in the sections' order."""
    if name == "EXPORTERS":
        return {section.name: section.export for section in registered_sections()}
    raise AttributeError(name)
