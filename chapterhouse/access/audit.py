"""The audit log as the secretariat reads it: names, not ids; what changed, not every field.

An entry stores its object's state before and after as a snapshot (``core.audit.snapshot``:
foreign keys by id, dates as ISO text, plus lists some services add, such as a person's names).
``audit_rows`` turns a page of entries into rows a person can read, in a fixed number of queries
whatever the page holds: one per kind of object named on the page (the objects themselves, and
each model their foreign keys point to), never one per entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from chapterhouse.core.models import AuditEntry

# Keys inside the lists some snapshots carry (an appointment's responsibilities), by the model
# they name.
NESTED_KEYS = {"duty": "people.duty", "branch": "organizations.branch"}

Value = str | dt.date


@dataclass(frozen=True)
class AuditChange:
    label: str
    # "" for none; a date stays a date so that the page shows it in the site's format.
    before: Value
    after: Value


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    actor: str  # "" when no person acted (the system, a command)
    object_type: str
    object_name: str
    # "created": the fields given; "deleted": the fields it had; "changed": only what differs.
    kind: str
    changes: list[AuditChange]


def actor_name(user: User | None) -> str:
    """A user as people know them: their person's name, else the account's name."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is not None:
        return str(person.display_name)
    return user.get_full_name() or user.get_username()


def model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = model_for(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _name(obj: models.Model) -> str:
    if isinstance(obj, User):
        return actor_name(obj)
    return str(obj)


class _Names:
    """Objects named on one page, fetched at the end with one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.by_key: dict[type[models.Model], set[str]] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], Any], str] = {}
        self.found_by_key: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        self.wanted[model].add(pk)

    def want_key(self, model: type[models.Model], key: str) -> None:
        if _field(model, "key") is not None:
            self.by_key[model].add(key)
        elif key.isdigit():
            self.wanted[model].add(int(key))

    @staticmethod
    def _rows(model: type[models.Model]) -> models.QuerySet[Any]:
        related = [f.name for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
        rows = model._default_manager.select_related(*related)
        return rows.select_related("person") if model is User else rows

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            for obj in self._rows(model).filter(pk__in=pks):
                self.found[(model, obj.pk)] = _name(obj)
        for model, keys in self.by_key.items():
            for obj in self._rows(model).filter(key__in=keys):
                self.found_by_key[(model, obj.key)] = _name(obj)

    def of(self, model: type[models.Model], pk: Any) -> str:
        return self.found.get((model, pk), f"#{pk}")

    def of_key(self, model: type[models.Model], key: str) -> str:
        if (model, key) in self.found_by_key:
            return self.found_by_key[(model, key)]
        if key.isdigit():
            return self.found.get((model, int(key)), key)
        return key


def _given(value: object) -> bool:
    return value not in (None, "", [], {}, False)


def _changed_fields(entry: AuditEntry) -> tuple[str, list[str]]:
    before, after = entry.before, entry.after
    # For a creation or a deletion, the given fields; the key is in the object's column already.
    if before is None and after is not None:
        return "created", [f for f, v in after.items() if _given(v) and f != "key"]
    if after is None and before is not None:
        return "deleted", [f for f, v in before.items() if _given(v) and f != "key"]
    before, after = before or {}, after or {}
    fields = [f for f in {**before, **after} if before.get(f) != after.get(f)]
    return "changed", fields


def _want_value(names: _Names, field: models.Field[Any, Any] | None, value: object) -> None:
    if field is not None and field.is_relation and field.related_model and value is not None:
        related = field.related_model
        if isinstance(related, type) and issubclass(related, models.Model):
            for pk in value if isinstance(value, list) else [value]:  # a many-to-many: a list
                names.want(related, pk)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                for key, label in NESTED_KEYS.items():
                    if isinstance(item.get(key), str) and (model := model_for(label)):
                        names.want_key(model, item[key])


def _shown(names: _Names, field: models.Field[Any, Any] | None, value: object) -> Value:
    """One stored value as the page shows it."""
    if value is None or value == "" or value == []:
        return ""
    if field is not None and field.is_relation and field.related_model:
        related = field.related_model
        if isinstance(related, type) and issubclass(related, models.Model):
            if isinstance(value, list):  # a many-to-many's primary keys
                return "; ".join(names.of(related, pk) for pk in value)
            return names.of(related, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        parse = dt.datetime if isinstance(field, models.DateTimeField) else dt.date
        try:
            return parse.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return "; ".join(_item(names, item) for item in value)
    if isinstance(value, dict):
        return _item(names, value)
    return str(value)


def _item(names: _Names, item: object) -> str:
    """An element of a list a snapshot carries, compactly: its given values, keys named."""
    if not isinstance(item, dict):
        return str(item)
    parts: list[str] = []
    for key, value in item.items():
        if not _given(value):
            continue
        model = model_for(NESTED_KEYS[key]) if key in NESTED_KEYS else None
        if model is not None and isinstance(value, str):
            parts.append(names.of_key(model, value))
        elif value is True:
            parts.append(str(key).replace("_", " "))
        else:
            parts.append(str(value))
    return ", ".join(parts)


def _label(field: models.Field[Any, Any] | None, name: str) -> str:
    return str(field.verbose_name) if field is not None else name.replace("_", " ")


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """The entries as the audit page shows them (entries with their actor and its person)."""
    entries = list(entries)
    names = _Names()
    plans: list[tuple[AuditEntry, type[models.Model] | None, str, list[str]]] = []
    for entry in entries:
        model = model_for(entry.object_type)
        if model is not None:
            names.want_key(model, entry.object_key)
        kind, fields = _changed_fields(entry)
        for name in fields:
            field = _field(model, name)
            for state in (entry.before, entry.after):
                if state is not None:
                    _want_value(names, field, state.get(name))
        plans.append((entry, model, kind, fields))
    names.fetch()
    rows: list[AuditRow] = []
    for entry, model, kind, fields in plans:
        before, after = entry.before or {}, entry.after or {}
        changes = []
        for name in fields:
            field = _field(model, name)
            changes.append(
                AuditChange(
                    label=_label(field, name),
                    before=_shown(names, field, before.get(name)) if kind == "changed" else "",
                    after=_shown(names, field, (before if kind == "deleted" else after).get(name)),
                )
            )
        rows.append(
            AuditRow(
                entry=entry,
                actor=actor_name(entry.actor),
                object_type=str(model._meta.verbose_name) if model else entry.object_type,
                object_name=names.of_key(model, entry.object_key) if model else entry.object_key,
                kind=kind,
                changes=changes,
            )
        )
    return rows
