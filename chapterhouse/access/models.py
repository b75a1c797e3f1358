"""Audit log: who changed what, when, with the state before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Dotted past tense: "appointment.made", "body.updated".
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_key = models.CharField(_("object"), max_length=120)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_key}"

    @property
    def changes(self) -> list[tuple[str, tuple[object, object]]]:
        """The fields that differ between before and after, as (field, (old, new))."""
        before, after = self.before or {}, self.after or {}
        return [
            (field, (before.get(field), after.get(field)))
            for field in sorted(set(before) | set(after))
            if before.get(field) != after.get(field)
        ]
