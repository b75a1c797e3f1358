"""The importer the sections apply themselves with: rows with their places in the file, one
savepoint per service call, errors at their fields' paths, and the objects found or made so
far, by section, for the references of later sections.

A section's apply (``<context>/dossier.py``) reads its rows (``rows``, ``keyed_rows``,
``parents_first``), resolves references through ``RowRefs`` against ``found(section, Model)``
(filled by the section that owns the objects, which comes earlier), and writes through its
context's services with ``upsert`` (create, update the changed fields, or count it unchanged).
Nothing here knows a model of any context.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey, Model

from chapterhouse.calendars.dates import PartialDate, parse_date, parse_partial_date
from chapterhouse.core.translations import normalize_language
from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.yamlio import Loaded, Path, Problem

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor
    from chapterhouse.dossier.registry import Section
    from chapterhouse.dossier.schema import Checked


M = TypeVar("M", bound=Model)
K = TypeVar("K", bound=Hashable)
Row = dict[str, Any]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def partial_date(value: str | int) -> PartialDate:
    """A day, a month or a year the schema has already checked ("2011-12-05", "2011-12",
    "2011" or 2011), read by the parser every edge uses."""
    return parse_partial_date(str(value), language="en")


def date(value: str | None) -> dt.date | None:
    """A date the schema has already checked (ISO), read by the parser every edge uses; or None."""
    return parse_date(value, language="en") if value else None


def text(row: Row, name: str) -> str:
    """An optional text field: "" when left out or empty."""
    return str(row.get(name) or "")


def translations(row: Row, name: str) -> dict[str, str]:
    """A ``<field>_translations`` mapping, language codes as stored (``zh-Hans`` is
    ``zh-hans``); the services check the rest. None if left out."""
    given = row.get(name) or {}
    return {normalize_language(code): text for code, text in given.items()}


def changes(instance: Model, desired: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``desired`` whose values differ from the instance's (relations by id)."""
    changed: dict[str, Any] = {}
    for name, value in desired.items():
        model_field = instance._meta.get_field(name)
        if isinstance(model_field, ForeignKey):
            current = getattr(instance, model_field.attname)
            wanted = value.pk if value is not None else None
        else:
            current, wanted = getattr(instance, name), value
        if current != wanted:
            changed[name] = value
    return changed


class RowRefs:
    """Resolves one row's references, recording each unknown key as an error."""

    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.failed = False

    def get(
        self, registry: Mapping[str, M], section: str, key: Any, path: Path, message: str
    ) -> M | None:
        if key is None:
            return None
        found = registry.get(key)
        if found is None:
            self.failed = True
            # A reference to a row that failed already is not an error of its own.
            if key not in self.importer.broken[section]:
                self.importer.problem(path, message.format(key=key))
        return found


class Importer:
    """One import's state: the file, its check, the problems so far, the counts per section,
    the keys of rows that could not be applied and the objects found or made, per section."""

    def __init__(self, *, loaded: Loaded, checked: Checked, by: Actor) -> None:
        self.loaded = loaded
        self.checked = checked
        self.by = by
        self.problems: list[Problem] = list(checked.problems)
        self._reported: set[Problem] = set(self.problems)
        self.counts: dict[str, Counts] = {}
        # Keys of rows that could not be applied, per section.
        self.broken: dict[str, set[str]] = defaultdict(set)
        self._found: dict[str, dict[Any, Any]] = defaultdict(dict)

    def run(self, sections: tuple[Section, ...]) -> None:
        for section in sections:
            self.counts[section.name] = Counts()
            section.apply(self)

    def found(self, section: str, model: type[M]) -> dict[Any, M]:
        """The objects of ``section`` by key (the database's, then those the import made): the
        section that owns them fills it, later sections resolve their references in it."""
        return cast("dict[Any, M]", self._found[section])

    def problem(self, path: Path, message: str) -> None:
        problem = self.loaded.problem(path, message)
        if problem not in self._reported:
            self._reported.add(problem)
            self.problems.append(problem)

    def single(self, section: str) -> Row | None:
        """A section that is one mapping (``organization``), if it passed the schema check."""
        value = self.loaded.data.get(section)
        if not isinstance(value, dict) or self.checked.is_rejected((section,)):
            return None
        return value

    def rows(self, section: str) -> list[tuple[Path, Row]]:
        """The section's rows that passed the schema check, with their paths."""
        value = self.loaded.data.get(section)
        if not isinstance(value, list) or self.checked.is_rejected((section,)):
            return []
        usable: list[tuple[Path, Row]] = []
        for index, row in enumerate(value):
            path: Path = (section, index)
            if self.checked.is_rejected(path):
                if isinstance(row, dict) and isinstance(row.get("key"), str):
                    self.broken[section].add(row["key"])
                continue
            usable.append((path, row))
        return usable

    def keyed_rows(self, section: str, *, taken: str, kind: str) -> list[tuple[Path, Row]]:
        """The section's usable rows; a key given a second time is an error (``taken``, a
        message with ``{key}`` and ``{kind}``, what one row is called)."""
        seen: set[str] = set()
        usable: list[tuple[Path, Row]] = []
        for path, row in self.rows(section):
            if row["key"] in seen:
                self.problem((*path, "key"), taken.format(key=row["key"], kind=kind))
                continue
            seen.add(row["key"])
            usable.append((path, row))
        return usable

    def parents_first(
        self, section: str, rows: list[tuple[Path, Row]], *, cycle: str
    ) -> list[tuple[Path, Row]]:
        """Rows reordered so that a parent given in the file comes before its children; rows
        whose parents go round in a circle are errors (``cycle``, a message with ``{name}``)."""
        by_key = {row["key"]: (path, row) for path, row in rows}
        done: set[str] = set()
        ordered: list[tuple[Path, Row]] = []
        for _, row in rows:
            chain: list[str] = []
            key: Any = row["key"]
            while key in by_key and key not in done and key not in chain:
                chain.append(key)
                key = by_key[key][1].get("parent")
            if key in chain:
                start = chain.index(key)
                for looped in chain[start:]:
                    path, looped_row = by_key[looped]
                    self.problem((*path, "parent"), cycle.format(name=looped_row["name"]))
                    self.broken[section].add(looped)
                    done.add(looped)
                chain = chain[:start]
            for key in reversed(chain):
                ordered.append(by_key[key])
                done.add(key)
        return ordered

    def write(
        self,
        path: Path,
        section: str,
        key: str | None,
        work: Callable[[], M],
        *,
        fields: Mapping[str, str] | None = None,
        instance: Model | None = None,
    ) -> M | None:
        """Run one service call in a savepoint; record its errors at their fields' paths."""
        try:
            with transaction.atomic():
                return work()
        except ValidationError as error:
            self.validation_problems(path, error, fields or {})
        except IntegrityError as error:
            self.problem(path, msg.CONFLICT.format(detail=error))
        if key is not None:
            self.broken[section].add(key)
        if instance is not None and instance.pk is not None:
            instance.refresh_from_db()  # the service changed it in memory before it refused
        return None

    def validation_problems(
        self, path: Path, error: ValidationError, fields: Mapping[str, str]
    ) -> None:
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.problem(path, message)
            return
        for name, messages in error.message_dict.items():
            # A field of a row in a list (names.1.full_name) is a place in that list.
            first, *rest = name.split(".")
            inner = tuple(int(part) if part.isdigit() else part for part in rest)
            where = path if name == NON_FIELD_ERRORS else (*path, fields.get(first, first), *inner)
            for message in messages:
                self.problem(where, message)

    def upsert(
        self,
        *,
        section: str,
        path: Path,
        ident: K,
        registry: dict[K, M],
        changes_of: Callable[[M], dict[str, Any]],
        create: Callable[[], M],
        update: Callable[[M, dict[str, Any]], M],
        fields: Mapping[str, str] | None = None,
    ) -> None:
        """Create the object, update its changed fields, or leave it alone if nothing changed."""
        key = ident if isinstance(ident, str) else None
        counts = self.counts[section]
        existing = registry.get(ident)
        if existing is None:
            made = self.write(path, section, key, create, fields=fields)
            if made is not None:
                registry[ident] = made
                counts.created += 1
            return
        changed = changes_of(existing)
        if not changed:
            counts.unchanged += 1
            return
        done = self.write(
            path,
            section,
            key,
            lambda: update(existing, changed),
            fields=fields,
            instance=existing,
        )
        if done is not None:
            counts.updated += 1

    def simple(
        self,
        section: str,
        path: Path,
        key: str,
        registry: dict[str, M],
        desired: dict[str, Any],
        *,
        create: Callable[..., M],
        update: Callable[[M, dict[str, Any]], M],
    ) -> None:
        """A row without references: its fields go to the create or update service as they are."""
        self.upsert(
            section=section,
            path=path,
            ident=key,
            registry=registry,
            changes_of=lambda obj: changes(obj, desired),
            create=lambda: create(key=key, by=self.by, **desired),
            update=update,
        )

    def give_up(self, section: str, row: Row) -> None:
        if isinstance(row.get("key"), str):
            self.broken[section].add(row["key"])
