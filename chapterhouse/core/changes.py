"""Partial updates: set only the fields a caller named, and tell whether anything changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models


def known_fields(changes: Mapping[str, object], allowed: type) -> None:
    """Refuse, at run time as mypy does at type-check time, a field the update's ``TypedDict``
    (``allowed``) does not declare: a misspelt field must not pass silently."""
    declared = set(getattr(allowed, "__annotations__", {}))
    unknown = sorted(set(changes) - declared)
    if unknown:
        raise TypeError(
            f"{allowed.__name__} has no field {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(declared))}."
        )


def _current(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return getattr(instance, field.attname)  # the id: no query for the related row
    return getattr(instance, name)


def _wanted(instance: models.Model, name: str, value: Any) -> Any:
    field = instance._meta.get_field(name)
    if isinstance(field, models.ForeignKey) and value is not None:
        return value.pk
    return value


def apply_changes(instance: models.Model, changes: Mapping[str, Any], allowed: type) -> list[str]:
    """Set on ``instance`` the fields of ``changes`` whose value differs from the instance's;
    return the names of those fields (empty: nothing to write). Raises TypeError for a field
    ``allowed`` does not declare."""
    known_fields(changes, allowed)
    changed = []
    for name, value in changes.items():
        if _current(instance, name) != _wanted(instance, name, value):
            setattr(instance, name, value)
            changed.append(name)
    return changed
