"""Voiding and restoring records: policy above the audit writer (core.audit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from chapterhouse.access import errors as msg
from chapterhouse.core.audit import audit_record, snapshot
from chapterhouse.core.errors import Errors

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor
    from chapterhouse.core.models import Voidable


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.model_name}.{verb}".replace("historyevent", "history_event")


def record_void(*, obj: Voidable, reason: str, errors: Errors, by: Actor) -> None:
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


def record_restore(*, obj: Voidable, errors: Errors, by: Actor) -> None:
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
