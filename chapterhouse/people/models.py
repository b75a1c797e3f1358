"""Persons, memberships, partner organizations, positions and appointments."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from chapterhouse.core.languages import validate_language_tag
from chapterhouse.core.models import (
    LiveManager,
    Voidable,
    country_field,
    key_field,
    small_number_field,
    text_field,
    translations_field,
)
from chapterhouse.organizations.models import Body, Branch

# The most entries of each list a person or an appointment carries: more than any real record
# needs, few enough that no request writes an unbounded number of rows. Services check them;
# the API and dossier schemas state them.
MAX_NAMES = 20
MAX_CONTACTS = 50
MAX_RESPONSIBILITIES = 50


class PartnerOrganization(models.Model):
    """An outside organization whose representatives attend as guests and which sends letters."""

    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    country = country_field()
    description = text_field(_("description"))
    name_translations = translations_field()
    short_name_translations = translations_field()

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name", "short_name")

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organization")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    key = key_field()
    form_of_address = models.CharField(_("form of address"), max_length=60, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    represents = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name=_("represents"),
    )
    # Denormalized from the name marked for display, kept by the services that write names,
    # so lists sort and search without a join.
    display_name = models.CharField(_("name"), max_length=200, editable=False)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("person")

    def __str__(self) -> str:
        return self.display_name


class PersonName(models.Model):
    """A person's name as written in one script or language."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(
        _("language or script"), max_length=20, validators=[validate_language_tag]
    )
    full_name = models.CharField(_("full name"), max_length=200)
    is_display = models.BooleanField(_("shown by default"), default=False)

    class Meta:
        ordering = ["-is_display", "language"]
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_name_per_language"),
            models.UniqueConstraint(
                fields=["person"], condition=Q(is_display=True), name="person_one_display_name"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class ContactKind(models.TextChoices):
    EMAIL = "email", _("email")
    PHONE = "phone", _("phone")
    ADDRESS = "address", _("postal address")
    OTHER = "other", _("other")


class Contact(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    value = models.CharField(_("value"), max_length=300)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "value"], name="contact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class Membership(Voidable):
    """Membership of the organization (no branch) or of one branch; status is computed."""

    objects = LiveManager["Membership"]()
    all_objects = models.Manager["Membership"]()
    restore_route = "membership-restore"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    starts_on = models.DateField(_("member since"))
    expires_on = models.DateField(
        _("paid up until"),
        null=True,
        blank=True,
        help_text=_("Last day of the current term; empty for a membership without terms."),
    )
    ends_on = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("membership")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("starts_on")),
                name="membership_expires_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} since {self.starts_on.isoformat()}"


class Position(models.Model):
    """A position in a body: chair, vice-chair, secretary, member, or a named function."""

    key = key_field()
    name = models.CharField(_("name"), max_length=120)
    name_translations = translations_field()
    single_holder = models.BooleanField(
        _("single holder"),
        default=False,
        help_text=_("Only one person may hold it in a body at a time (a chair)."),
    )
    rank = small_number_field(_("rank"), default=100)

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("position")

    def __str__(self) -> str:
        return self.name


class Duty(models.Model):
    """A kind of work a responsibility is for: 'organizing work', 'information coverage'."""

    key = key_field()
    name = models.CharField(_("name"), max_length=120)
    name_translations = translations_field()

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("duty")
        verbose_name_plural = _("duties")

    def __str__(self) -> str:
        return self.name


class Appointment(Voidable):
    """A person holds a position in a body from a date, optionally to a date. Never overwritten:
    ending an appointment sets its end date; one entered in error is voided, not deleted."""

    objects = LiveManager["Appointment"]()
    all_objects = models.Manager["Appointment"]()
    restore_route = "appointment-restore"

    key = key_field()
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="appointments")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="appointments")
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Named function, if any.")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments_made",
        verbose_name=_("appointed by"),
    )
    decided_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments_decided",
        verbose_name=_("by decision of"),
    )
    decision = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("appointment")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="appointment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(appointed_by__isnull=True) | Q(decided_by__isnull=True),
                name="appointment_by_person_or_body",
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.position} ({self.body})"

    @property
    def last_day(self) -> dt.date | None:
        """The last day the appointment is held: its own end, or else the last day of its body's
        mandate (an appointment never outlives its body); None while both are open."""
        return self.ends_on if self.ends_on is not None else self.body.ends_on

    @property
    def ends_with_mandate(self) -> bool:
        """Whether ``last_day`` comes from the body's mandate rather than the appointment."""
        return self.ends_on is None and self.body.ends_on is not None


class Responsibility(models.Model):
    """A duty an appointment carries, in an area: a branch, a country, or everywhere."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="responsibilities"
    )
    duty = models.ForeignKey(Duty, on_delete=models.PROTECT, related_name="responsibilities")
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="responsibilities"
    )
    country = country_field()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(branch__isnull=True) | Q(country=""),
                name="responsibility_branch_or_country",
            ),
            # A responsibility with no branch is stored with a NULL branch, and NULLs are
            # distinct in a plain unique constraint: compare the branch as 0 when it is NULL,
            # so the same duty everywhere (or in the same country) cannot be stored twice.
            # (nulls_distinct=False would do on PostgreSQL 15+ only; an expression index is
            # understood by SQLite and every PostgreSQL.)
            models.UniqueConstraint(
                F("appointment"),
                F("duty"),
                Coalesce(F("branch"), Value(0)),
                F("country"),
                name="responsibility_unique",
            ),
        ]

    def __str__(self) -> str:
        area = self.branch or self.country or "—"
        return f"{self.duty} ({area})"
