"""The audit writer: every service writes one row in its own transaction.

Reading the log (its page, filters and names) is policy and lives above, in ``access.audit``."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import models

from chapterhouse.core.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from chapterhouse.core.actors import Actor


def snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-ready copy of a row's concrete fields (foreign keys by id)."""
    data: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name in exclude or f.primary_key:
            continue
        value = getattr(instance, f.attname)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            value = str(value)
        data[f.name] = value
    return data


def audit_record(
    *,
    by: Actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """One audit row: who (a signed-in ``by``, else nobody), the dotted past-tense ``action``
    ("appointment.made"), the object by its key (or id), and its state before and after."""
    actor = cast("User", by) if by is not None and by.is_authenticated else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_key=str(getattr(obj, "key", None) or obj.pk),
        before=before,
        after=after,
    )
