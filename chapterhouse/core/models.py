from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapterhouse.core.countries import validate_country_code

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

_M = TypeVar("_M", bound=models.Model)

KEY_HELP = _(
    "A key is lower-case letters and digits joined by single hyphens, like 'chile-executive'."
)
key_validator = RegexValidator(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", KEY_HELP)


def key_field() -> models.CharField[str, str]:
    """A stable, human-readable identifier used in URLs, the API and dossiers."""
    return models.CharField(max_length=80, unique=True, validators=[key_validator])


COUNTRY_HELP = _(
    "A country is written as its two-letter ISO 3166-1 code in capitals, like 'CL' or 'JP'."
)
VOIDED_KEY_TAKEN = cast(
    str, _("The key {key!r} belongs to a voided record; restore it or choose another key.")
)
country_validator = RegexValidator(r"^[A-Z]{2}$", COUNTRY_HELP)


def country_field() -> models.CharField[str, str]:
    """An ISO 3166-1 alpha-2 country code of a country in the one list (core.countries), or
    empty: "XX" is refused."""
    return models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        validators=[country_validator, validate_country_code],
    )


def translations_field() -> models.JSONField[Any, Any]:
    """A translated field's translations: ``{"ja": "…", "ko": "…"}`` (see core.translations)."""
    return models.JSONField(_("translations"), default=dict, blank=True)


class LiveManager(models.Manager[_M]):
    """The default manager of a voidable model: rows voided as entered in error are left out,
    so no selector, related set (``person.appointments``) or form choice can forget to hide
    them. ``all_objects`` is the explicit way to reach them (the void list, restoring)."""

    def get_queryset(self) -> models.QuerySet[_M]:
        return super().get_queryset().filter(voided_at__isnull=True)


class Voidable(models.Model):
    """A record that can be voided (entered in error): hidden from the record everywhere, kept
    in the database and the audit log, and restorable. Distinct from ending a record.

    Subclasses name their void and restore page routes; the void list links to them."""

    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_reason = models.TextField(_("reason for voiding"), blank=True, editable=False)

    # Each subclass declares ``objects = LiveManager[...]()`` first (the default manager) and
    # ``all_objects = models.Manager[...]()``, typed with its own class.
    restore_route: ClassVar[str] = ""

    class Meta:
        abstract = True

    @property
    def route_arg(self) -> str:
        """What the record's page routes are keyed by: its key, or its id."""
        return str(getattr(self, "key", None) or self.pk)

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        """Django checks unique fields through the default manager, which skips voided rows; a
        voided row still holds its key, so check that against every row."""
        super().validate_unique(exclude=exclude)
        key = getattr(self, "key", None)
        if key and "key" not in (exclude or ()):
            every: models.Manager[Voidable] = getattr(type(self), "all_objects")  # noqa: B009 (declared by each subclass)
            taken = every.filter(voided_at__isnull=False, **{"key": key})
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError({"key": [VOIDED_KEY_TAKEN.format(key=key)]})


# The longest text a description, a purpose or a body's notes may hold (about ten pages). The
# database column is unbounded (TEXT), so the limit lives in the field's validators, which every
# service runs (Errors.check) and which the API schemas and the dossier schema read.
TEXT_MAX_LENGTH = 20_000
# PostgreSQL's smallint; SQLite stores any integer, so the validators say it for both.
SMALL_INTEGER_MAX = 32_767


def text_field(
    verbose_name: _StrOrPromise, *, max_length: int = TEXT_MAX_LENGTH
) -> models.TextField[str, str]:
    """A free text, empty allowed, at most ``max_length`` characters on every database."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length)],
    )


def number_range(minimum: int, maximum: int) -> list[MinValueValidator | MaxValueValidator]:
    """Validators of a whole number in ``minimum..maximum``, both inclusive: SQLite stores any
    integer, so the range is checked by the services (full_clean) on every database."""
    return [MinValueValidator(minimum), MaxValueValidator(maximum)]


def small_number_field(
    verbose_name: _StrOrPromise, *, default: int, minimum: int = 0, maximum: int = SMALL_INTEGER_MAX
) -> models.PositiveSmallIntegerField[int, int]:
    """A small whole number in ``minimum..maximum`` (both inclusive) on every database."""
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=number_range(minimum, maximum)
    )


class AuditEntry(models.Model):
    """Audit log: who changed what, when, with the state before and after.

    Written by ``core.audit.audit_record`` only. The table keeps its first name
    (``access_auditentry``): the model moved from ``access`` to the bottom layer without
    moving its rows."""

    # Set by the writer before the row is hashed (auto_now_add would set it after).
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)
    # PROTECT: a user who acted is deactivated, never deleted; deleting would rewrite the
    # hashed rows (SET_NULL) and break the chain.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
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
    # The hash chain (core.audit): the previous row's hash (GENESIS_HASH for the first row) and
    # SHA-256 over this row's canonical content with prev_hash, both as 64 hex digits.
    prev_hash = models.CharField(_("previous hash"), max_length=64, default="")
    hash = models.CharField(_("hash"), max_length=64, default="")

    class Meta:
        db_table = "access_auditentry"
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


class JournalEntry(models.Model):
    """One event of the journal, written by ``core.journal.journal_append`` in a service's
    transaction and published after commit. Its id is the live stream's event id: a client that
    reconnects asks for the entries of its scope after the last id it saw."""

    # What the entry is about, as the live stream groups it: "conference:third-congress".
    scope = models.CharField(max_length=120)
    # Dotted past tense, like the audit log's actions: "poll.opened", "speech.delivered".
    kind = models.CharField(max_length=60)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["scope", "id"], name="journal_scope_id")]
        # Not shown on any page (live pages render their own view of it): not translated.
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"{self.scope} {self.kind} #{self.pk}"
