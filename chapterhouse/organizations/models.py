"""The organization, its branches, bodies, history and observances."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chapterhouse.calendars.dates import DAY, MONTH, YEAR, PartialDate
from chapterhouse.core.models import (
    LiveManager,
    Voidable,
    country_field,
    key_field,
    number_range,
    text_field,
    translations_field,
)
from chapterhouse.organizations.anniversaries import inclusive_days


class Organization(models.Model):
    """The one organization an installation serves."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    name_translations = translations_field()
    short_name_translations = translations_field()
    # Interface languages the organization publishes in, e.g. ["en", "ja"].
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Era calendars shown beside Gregorian dates: {"default": ["japanese"], "ko": ["juche"]}.
    calendar_eras = models.JSONField(_("era calendars"), default=dict, blank=True)

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name", "short_name")

    class Meta:
        verbose_name = _("organization")
        constraints = [
            # One organization per installation: the services always write row 1.
            models.CheckConstraint(condition=Q(id=1), name="organization_is_singleton"),
        ]

    def __str__(self) -> str:
        return self.name


class Branch(models.Model):
    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    name_translations = translations_field()
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    country = country_field()
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="branch_country_is_iso_code",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="branch_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    COORDINATING_COMMITTEE = "coordinating_committee", _("coordinating committee")
    EXECUTIVE_COMMITTEE = "executive_committee", _("executive committee")
    PREPARATORY_COMMITTEE = "preparatory_committee", _("preparatory committee")
    PRESIDIUM = "presidium", _("presidium")
    COMMISSION = "commission", _("commission")
    OTHER = "other", _("other body")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal")


class Body(models.Model):
    """A committee or other collective organ, with an optional inclusive mandate."""

    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=BodyKind.choices)
    name_translations = translations_field()
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="bodies"
    )
    starts_on = models.DateField(_("mandate starts on"), null=True, blank=True)
    ends_on = models.DateField(_("mandate ends on"), null=True, blank=True)
    purpose = text_field(_("purpose"))
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Internal records (minutes of its own meetings, working notes): body members only.
    internal_notes = text_field(_("internal notes"))

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="body_mandate_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        """Whether the body works on ``day``; both mandate ends are inclusive."""
        if self.starts_on is not None and day < self.starts_on:
            return False
        return not (self.ends_on is not None and day > self.ends_on)

    @property
    def mandate_days(self) -> int | None:
        """Length of the mandate in days, counting both ends (5..17 February is 13 days)."""
        if self.starts_on is None or self.ends_on is None:
            return None
        return inclusive_days(self.starts_on, self.ends_on)


class EventKind(models.TextChoices):
    FOUNDED = "founded", _("founded")
    REORGANIZED = "reorganized", _("reorganized")
    RENAMED = "renamed", _("renamed")
    MERGED = "merged", _("merged")
    DISSOLVED = "dissolved", _("dissolved")
    OTHER = "other", _("other")


class DatePrecision(models.TextChoices):
    DAY = DAY, _("day")
    MONTH = MONTH, _("month")
    YEAR = YEAR, _("year")


class HistoryEvent(Voidable):
    """Something that happened to the organization, a branch or a body, on a date.

    The date may be known only to the month or the year ("December 2011", "2011"): then
    ``occurred_on`` is the first day of that month or year and ``occurred_precision`` says so.
    """

    objects = LiveManager["HistoryEvent"]()
    all_objects = models.Manager["HistoryEvent"]()
    restore_route = "history-event-restore"

    key = key_field()
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    occurred_precision = models.CharField(
        _("date known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    title = models.CharField(_("title"), max_length=200)
    description = text_field(_("description"))
    title_translations = translations_field()
    # The subject: a branch, a body, or (both empty) the organization itself.
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="history"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="history"
    )
    old_name = models.CharField(_("old name"), max_length=200, blank=True)
    new_name = models.CharField(_("new name"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_events",
        verbose_name=_("decided by"),
    )
    decision = models.CharField(_("decision"), max_length=200, blank=True)

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("title",)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("history event")
        constraints = [
            models.CheckConstraint(
                condition=Q(branch__isnull=True) | Q(body__isnull=True),
                name="history_event_one_subject",
            ),
            models.CheckConstraint(
                condition=~Q(kind="renamed") | ~Q(new_name=""),
                name="history_rename_has_new_name",
            ),
            # A month starts on its 1st, a year on 1 January.
            models.CheckConstraint(
                condition=Q(occurred_precision=DAY)
                | Q(occurred_precision=MONTH, occurred_on__day=1)
                | Q(occurred_precision=YEAR, occurred_on__day=1, occurred_on__month=1),
                name="history_event_precision_starts_its_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred.iso()} {self.title}"

    @property
    def occurred(self) -> PartialDate:
        """The date as given: a day, a month or a year."""
        return PartialDate(self.occurred_on, self.occurred_precision)


class Observance(Voidable):
    """A day kept every year (a formation day), decided by a body, often tied to an event."""

    objects = LiveManager["Observance"]()
    all_objects = models.Manager["Observance"]()
    restore_route = "observance-restore"

    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    name_translations = translations_field()
    event = models.ForeignKey(
        HistoryEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observances",
        help_text=_("The day and month are taken from this event's date."),
    )
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=number_range(1, 12)
    )
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=number_range(1, 31)
    )
    decided_by = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="decided_observances"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    description = text_field(_("description"))

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["month", "day", "name"]
        verbose_name = _("observance")
        constraints = [
            # Either the day comes from an event, or it is given, never both (never typed twice).
            models.CheckConstraint(
                condition=(Q(event__isnull=False) & Q(month__isnull=True) & Q(day__isnull=True))
                | (
                    Q(event__isnull=True)
                    & Q(month__gte=1)
                    & Q(month__lte=12)
                    & Q(day__gte=1)
                    & Q(day__lte=31)
                ),
                name="observance_day_from_event_or_given",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def month_day(self) -> tuple[int, int]:
        if self.event is not None:
            return self.event.occurred_on.month, self.event.occurred_on.day
        assert self.month is not None and self.day is not None  # noqa: S101 (checked by constraint)
        return self.month, self.day
