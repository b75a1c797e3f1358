"""The audit log: every service writes one row in its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.utils import timezone

from chapterhouse.access import errors as msg
from chapterhouse.access.models import AuditEntry
from chapterhouse.core.errors import Errors
from chapterhouse.core.models import Voidable

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User


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
    by: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = cast("User", by) if by is not None and by.is_authenticated else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_key=str(getattr(obj, "key", None) or obj.pk),
        before=before,
        after=after,
    )


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.model_name}.{verb}".replace("historyevent", "history_event")


def record_void(
    *, obj: Voidable, reason: str, errors: Errors, by: AbstractBaseUser | AnonymousUser | None
) -> None:
    """Void ``obj`` (entered in error) with the reason given, audited with before and after.
    ``errors`` holds what the calling service found against it; the caller runs in its own
    transaction. Raises ValidationError keyed by field."""
    if obj.voided_at is not None:
        errors.add("reason", msg.ALREADY_VOIDED)
    if not reason.strip():
        errors.add("reason", msg.VOID_NEEDS_REASON)
    errors.raise_any()
    before = snapshot(obj)
    obj.voided_at = timezone.now()
    obj.voided_reason = reason.strip()
    obj.save(update_fields=["voided_at", "voided_reason"])
    audit_record(by=by, action=_action(obj, "voided"), obj=obj, before=before, after=snapshot(obj))


def record_restore(
    *, obj: Voidable, errors: Errors, by: AbstractBaseUser | AnonymousUser | None
) -> None:
    """Bring a voided record back into the record, once the caller's checks (in ``errors``)
    pass for it as it stands today."""
    if obj.voided_at is None:
        errors.add("reason", msg.NOT_VOIDED)
    errors.raise_any()
    before = snapshot(obj)
    obj.voided_at = None
    obj.voided_reason = ""
    obj.save(update_fields=["voided_at", "voided_reason"])
    audit_record(
        by=by, action=_action(obj, "restored"), obj=obj, before=before, after=snapshot(obj)
    )
