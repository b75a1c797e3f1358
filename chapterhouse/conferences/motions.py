"""Motions and amendments of a conference: the models (``models.py`` imports them).

A motion's text is numbered in lines (``conferences.lines``); at admission the width used and a
hash of the text are stored, and the text no longer changes, so the numbers amendments cite stay
what they were. The states and the moves between them are the conference's own
(``MotionWorkflow``, made with the first motion or on first use, edited by the secretariat).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chapterhouse.conferences.lines import Line, number_lines
from chapterhouse.core.models import small_number_field, text_field
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.models import Person

MOTION_TEXT_MAX_LENGTH = 100_000
MOTION_TITLE_MAX_LENGTH = 300
# The width lines are numbered at, unless the setting CHAPTERHOUSE_MOTION_LINE_WIDTH says.
DEFAULT_LINE_WIDTH = 80


def line_width() -> int:
    return int(getattr(settings, "CHAPTERHOUSE_MOTION_LINE_WIDTH", DEFAULT_LINE_WIDTH))


class MotionState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ADMITTED = "admitted", _("admitted")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REFERRED = "referred", _("referred")


M = MotionState
# The workflow a conference starts with: where each state may go.
DEFAULT_TRANSITIONS: dict[str, list[str]] = {
    M.SUBMITTED: [M.ADMITTED, M.REJECTED, M.WITHDRAWN],
    M.ADMITTED: [M.ADOPTED, M.REJECTED, M.WITHDRAWN, M.REFERRED],
    M.REFERRED: [M.ADMITTED],
    M.ADOPTED: [],
    M.REJECTED: [],
    M.WITHDRAWN: [],
}


def default_transitions() -> dict[str, list[str]]:
    return {state: list(targets) for state, targets in DEFAULT_TRANSITIONS.items()}


class MotionWorkflow(models.Model):
    """A conference's motion rules: the allowed moves between states and how many supporters
    a motion needs to be admitted."""

    conference = models.OneToOneField(
        "conferences.Conference", on_delete=models.CASCADE, related_name="motion_workflow"
    )
    transitions = models.JSONField(_("allowed transitions"), default=default_transitions)
    min_supporters = small_number_field(_("supporters needed for admission"), default=0)

    class Meta:
        verbose_name = _("motion workflow")

    def __str__(self) -> str:
        return f"{self.conference_id}"

    def allows(self, current: str, target: str) -> bool:
        targets: Any = self.transitions.get(current, [])
        return isinstance(targets, list) and target in targets


class Motion(models.Model):
    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.CASCADE, related_name="motions"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=MOTION_TITLE_MAX_LENGTH)
    text = text_field(_("text"), max_length=MOTION_TEXT_MAX_LENGTH)
    reason = text_field(_("reason"), max_length=MOTION_TEXT_MAX_LENGTH)
    submitter_persons = models.ManyToManyField(
        Person, blank=True, related_name="motions_submitted", verbose_name=_("submitters")
    )
    submitter_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitter_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=MotionState.choices, default=M.SUBMITTED
    )
    recommendation = text_field(_("the presidium's recommendation"), max_length=10_000)
    agenda_item = models.ForeignKey(
        "conferences.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
    )
    # Set at admission: the width the lines were numbered at and the text's SHA-256.
    line_width = models.PositiveSmallIntegerField(null=True, blank=True)
    text_hash = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    admitted_at = models.DateTimeField(_("admitted at"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "number"]
        verbose_name = _("motion")
        constraints = [
            models.UniqueConstraint(fields=["conference", "number"], name="motion_number_unique"),
            models.CheckConstraint(
                condition=Q(state__in=MotionState.values), name="motion_state_known"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="motion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    @property
    def identifier(self) -> str:
        return f"M {self.number}"

    @property
    def lines(self) -> list[Line]:
        """The numbered lines: at the width of admission once admitted (stable), else at the
        width of the setting now."""
        return number_lines(self.text, self.line_width or line_width())


class MotionSupporter(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="supporters")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    supported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["motion", "supported_at", "id"]
        verbose_name = _("motion supporter")
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="motion_supported_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} for {self.motion_id}"


class Amendment(models.Model):
    """A change to a motion's lines ``line_from``..``line_to`` (both given, or derived from
    ``paragraph``): ``text`` replaces what those lines hold (``original``, kept as it was)."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(_("number"))
    line_from = models.PositiveIntegerField(_("first line"))
    line_to = models.PositiveIntegerField(_("last line"))
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    original = text_field(_("original text"), max_length=MOTION_TEXT_MAX_LENGTH)
    text = text_field(_("proposed text"), max_length=MOTION_TEXT_MAX_LENGTH)
    reason = text_field(_("reason"), max_length=MOTION_TEXT_MAX_LENGTH)
    submitter_persons = models.ManyToManyField(
        Person, blank=True, related_name="amendments_submitted", verbose_name=_("submitters")
    )
    submitter_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitter_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=MotionState.choices, default=M.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["motion", "number"]
        verbose_name = _("amendment")
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="amendment_number_unique"),
            models.CheckConstraint(
                condition=Q(line_from__gte=1) & Q(line_to__gte=models.F("line_from")),
                name="amendment_line_range",
            ),
            models.CheckConstraint(
                condition=Q(state__in=MotionState.values), name="amendment_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier}"

    @property
    def identifier(self) -> str:
        return f"A {self.number}"
