"""The dossier import: a whole record read from one YAML file, all or nothing.

The file is parsed, checked against the JSON Schema, then each registered section
(``dossier.registry``, in the layers' order) matches its rows to the database by their keys
(memberships by person, branch and start) and applies them through its context's services,
inside one transaction. Every error is collected with its place in the file; each row runs in
its own savepoint so that one bad row does not hide the errors of the next. If there was any
error (or on a dry run) the whole transaction is rolled back: nothing is written, not even an
audit row.

A row whose values equal the database's is not written at all, so importing the same file again
changes nothing. Objects in the database that the file does not mention are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from chapterhouse.core.text import hostile_text
from chapterhouse.dossier.importer import Counts, Importer
from chapterhouse.dossier.registry import registered_sections
from chapterhouse.dossier.schema import check
from chapterhouse.dossier.yamlio import DossierSyntaxError, Problem, load

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor

__all__ = ["Counts", "ImportReport", "dossier_import"]


@dataclass
class ImportReport:
    """What an import did (or, on a dry run or with errors, would have done)."""

    problems: list[Problem]
    counts: dict[str, Counts] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


class _RollbackError(Exception):
    """Raised inside the import's transaction to undo everything."""


def dossier_import(*, text: str, by: Actor, dry_run: bool = False) -> ImportReport:
    """Import a dossier; on any error (or a dry run) nothing is written. The report lists every
    error with its place in the file, and how many objects were (or would be) created, updated
    and left unchanged in each section."""
    try:
        loaded = load(text)
    except DossierSyntaxError as error:
        return ImportReport(problems=[error.problem], dry_run=dry_run)
    checked = check(loaded)
    if not checked.usable:
        return ImportReport(problems=checked.problems, dry_run=dry_run)
    hostile = [loaded.problem(path, problem) for path, problem in hostile_text(loaded.data)]
    if hostile:  # NUL or lone surrogates: refused before any query meets them
        problems = sorted([*checked.problems, *hostile], key=lambda p: p.line or 0)
        return ImportReport(problems=problems, dry_run=dry_run)
    importer = Importer(loaded=loaded, checked=checked, by=by)
    try:
        with transaction.atomic():
            importer.run(registered_sections())
            if importer.problems or dry_run:
                raise _RollbackError
    except _RollbackError:
        pass
    problems = sorted(importer.problems, key=lambda p: p.line or 0)
    return ImportReport(problems=problems, counts=importer.counts, dry_run=dry_run)


def __getattr__(name: str) -> dict[str, Callable[[Importer], None]]:
    """``APPLIERS``: how each registered section is applied, in the sections' order."""
    if name == "APPLIERS":
        return {section.name: section.apply for section in registered_sections()}
    raise AttributeError(name)
