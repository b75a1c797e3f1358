"""Conferences: series, conferences, sessions, participants, agenda, speakers, speeches, letters."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from chapterhouse.conferences.ordinals import ordinal_title
from chapterhouse.conferences.states import ConferenceState
from chapterhouse.core.models import (
    LiveManager,
    Voidable,
    key_field,
    small_number_field,
    text_field,
    translations_field,
)
from chapterhouse.core.translations import pick_translation
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance, Visibility
from chapterhouse.people.models import PartnerOrganization, Person

# A speech's full text may be long (a report to a congress); still bounded.
SPEECH_MAX_LENGTH = 200_000
LETTER_MAX_LENGTH = 50_000
# The most participants one CSV import or one bulk check-in handles.
MAX_BULK = 10_000


class Gender(models.TextChoices):
    FEMININE = "f", _("feminine")
    MASCULINE = "m", _("masculine")
    NEUTER = "n", _("neuter")


class ConferenceSeries(models.Model):
    """A numbered series: "Organizing Conference", "Congress"."""

    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    name_translations = translations_field()
    # The grammatical gender of the name in Russian, which its ordinal agrees with.
    gender = models.CharField(
        _("grammatical gender (Russian)"), max_length=1, choices=Gender.choices, default="f"
    )

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("conference series")
        verbose_name_plural = _("conference series")

    def __str__(self) -> str:
        return self.name


class ConferenceKind(models.TextChoices):
    CONFERENCE = "conference", _("conference")
    CONGRESS = "congress", _("congress")
    ASSEMBLY = "assembly", _("assembly")
    PLENUM = "plenum", _("plenum")
    GENERAL_MEETING = "general_meeting", _("general meeting")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class Conference(models.Model):
    key = key_field()
    series = models.ForeignKey(
        ConferenceSeries, on_delete=models.PROTECT, related_name="conferences"
    )
    number = small_number_field(_("number in the series"), default=1, minimum=1)
    kind = models.CharField(_("kind"), max_length=20, choices=ConferenceKind.choices)
    convening_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="conferences_convened"
    )
    preparatory_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences_prepared",
        help_text=_("A body with a mandate: the preparatory committee."),
    )
    # The body that chairs the sessions: its members run them, as the secretariat does.
    presidium = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="conferences_chaired"
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    meeting_link = models.URLField(_("meeting link"), max_length=500, blank=True)
    occasion = models.CharField(_("occasion"), max_length=300, blank=True)
    occasion_observance = models.ForeignKey(
        Observance, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occasion_event = models.ForeignKey(
        HistoryEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The event whose anniversary the conference marks."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ConferenceState.choices, default="planned"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    quorum_percent = small_number_field(
        _("quorum (percent of the entitled voting weight)"), default=50, minimum=1, maximum=100
    )
    # Fairness the chair can switch on: first contributions are called before second ones.
    first_contributions_first = models.BooleanField(
        _("first contributions before second ones"), default=False
    )
    default_speaking_seconds = small_number_field(
        _("speaking time (seconds)"), default=300, minimum=10, maximum=7200
    )

    class Meta:
        ordering = ["-starts_on", "key"]
        verbose_name = _("conference")
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="conference_number_unique"),
            models.CheckConstraint(
                condition=Q(state__in=ConferenceState.values), name="conference_state_known"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="conference_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(format="in_person") & ~Q(venue=""))
                | (Q(format="online") & ~Q(meeting_link=""))
                | (Q(format="hybrid") & ~Q(venue="") & ~Q(meeting_link="")),
                name="conference_format_has_place",
            ),
            models.CheckConstraint(
                condition=Q(occasion_observance__isnull=True) | Q(occasion_event__isnull=True),
                name="conference_one_occasion_link",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="conference_number_positive"),
        ]

    def __str__(self) -> str:
        return self.title("en")

    def title(self, language: str) -> str:
        """ "Second Organizing Conference" in ``language`` (the series name translated, if it
        is, and the ordinal of that language)."""
        name = pick_translation(self.series.name_translations, language) or self.series.name
        gender = self.series.gender
        return ordinal_title(self.number, name, language=language, gender=gender)  # type: ignore[arg-type]  # gender is one of Gender's values (choices)

    @property
    def scope(self) -> str:
        """The journal scope of the conference's live pages."""
        return f"conference:{self.key}"


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Session(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions")
    number = small_number_field(_("number"), default=1, minimum=1)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SessionState.choices, default="scheduled"
    )

    class Meta:
        ordering = ["conference", "number"]
        verbose_name = _("session")
        constraints = [
            models.UniqueConstraint(fields=["conference", "number"], name="session_number_unique"),
            models.UniqueConstraint(
                fields=["conference"], condition=Q(state="open"), name="session_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(state__in=SessionState.values), name="session_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conference.key} #{self.number}"


class Participant(models.Model):
    """A person at a conference, in one or more roles, with a voting right and weight."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    is_delegate = models.BooleanField(_("delegate"), default=False)
    is_official = models.BooleanField(_("official"), default=False)
    is_guest = models.BooleanField(_("guest"), default=False)
    is_observer = models.BooleanField(_("observer"), default=False)
    voting_right = models.BooleanField(_("voting right"), default=False)
    weight = models.DecimalField(
        _("voting weight"),
        max_digits=8,
        decimal_places=3,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    represents_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    represents_partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A guest's personal invitation link carries this token; null for everyone else.
    invitation_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    ROLES: ClassVar[tuple[str, ...]] = ("delegate", "official", "guest", "observer")

    class Meta:
        ordering = ["conference", "id"]
        verbose_name = _("participant")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"], name="participant_once_per_conference"
            ),
            models.CheckConstraint(
                condition=Q(is_delegate=True)
                | Q(is_official=True)
                | Q(is_guest=True)
                | Q(is_observer=True),
                name="participant_has_a_role",
            ),
            models.CheckConstraint(
                condition=Q(represents_branch__isnull=True) | Q(represents_partner__isnull=True),
                name="participant_represents_one",
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="participant_weight_positive"),
        ]
        indexes = [models.Index(fields=["conference", "represents_branch"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.conference.key}"

    @property
    def roles(self) -> list[str]:
        return [role for role in self.ROLES if getattr(self, f"is_{role}")]


class ItemKind(models.TextChoices):
    PROCEDURAL = "procedural", _("procedural")
    TOPIC = "topic", _("topic")
    SPEECH = "speech", _("speech")
    LETTERS = "letters", _("letters")
    MOTION = "motion", _("motion")
    ELECTION = "election", _("election")


class AgendaItem(models.Model):
    """An item of a conference's agenda: ordered among its siblings, nestable.

    ``is_internal``: members only; ``is_hidden``: those who run the conference only."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="agenda_items"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    title_translations = translations_field()
    planned_minutes = small_number_field(_("planned minutes"), default=0, maximum=24 * 60)
    is_internal = models.BooleanField(_("internal"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    is_current = models.BooleanField(_("current"), default=False)
    is_done = models.BooleanField(_("done"), default=False)

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("title",)

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("agenda item")
        constraints = [
            models.UniqueConstraint(
                fields=["conference"], condition=Q(is_current=True), name="agenda_one_current"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="agenda_not_own_parent"),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="agenda_kind_known"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience(self) -> str:
        """Who may see it: "chair" (hidden), "members" (internal) or "public"."""
        if self.is_hidden:
            return "chair"
        return "members" if self.is_internal else "public"


class SpeakerState(models.TextChoices):
    REQUESTED = "requested", _("requested")
    SPEAKING = "speaking", _("speaking")
    DONE = "done", _("done")
    WITHDRAWN = "withdrawn", _("withdrawn")


WAITING_OR_SPEAKING = Q(state__in=["requested", "speaking"])


class SpeakerRequest(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="speaker_requests"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SpeakerState.choices, default="requested"
    )
    point_of_order = models.BooleanField(_("point of order"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    speaking_seconds = models.PositiveIntegerField(_("speaking time (seconds)"), default=0)
    # The time given when the floor was given: what the countdown counts down from.
    granted_seconds = models.PositiveIntegerField(_("time given (seconds)"), default=0)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = _("speaker request")
        constraints = [
            # A speaker added twice (waiting or speaking) is refused; a point of order is
            # a request of its own.
            models.UniqueConstraint(
                fields=["item", "participant", "point_of_order"],
                condition=WAITING_OR_SPEAKING,
                name="speaker_once_in_list",
            ),
            models.UniqueConstraint(
                fields=["item"], condition=Q(state="speaking"), name="speaker_one_speaking"
            ),
            models.CheckConstraint(
                condition=Q(stopped_at__isnull=True)
                | (Q(started_at__isnull=False) & Q(stopped_at__gte=F("started_at"))),
                name="speaker_stops_after_start",
            ),
            models.CheckConstraint(
                condition=Q(state__in=SpeakerState.values), name="speaker_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} on {self.item}"


class Speech(Voidable):
    """A speech delivered: who, on which item, its title and its full text (Markdown, stored
    as written and rendered sanitized, see ``conferences.markdown``)."""

    objects = LiveManager["Speech"]()
    all_objects = models.Manager["Speech"]()
    restore_route = "speech-restore"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="speeches")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="speeches"
    )
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="speeches")
    title = models.CharField(_("title"), max_length=300)
    title_translations = translations_field()
    text = text_field(_("full text (Markdown)"), max_length=SPEECH_MAX_LENGTH)
    published = models.BooleanField(_("published"), default=False)
    delivered_at = models.DateTimeField(_("delivered at"), auto_now_add=True)

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("title",)

    class Meta:
        ordering = ["delivered_at", "id"]
        verbose_name = _("speech")

    def __str__(self) -> str:
        return self.title

    @property
    def html(self) -> str:
        """The full text rendered from Markdown, sanitized (no raw HTML, no script links)."""
        from chapterhouse.conferences.markdown import render_markdown

        return render_markdown(self.text)


class LetterDirection(models.TextChoices):
    INCOMING = "in", _("incoming")
    OUTGOING = "out", _("outgoing")


class Letter(Voidable):
    """A letter in or out. ``partner`` or ``person`` is the other side (who wrote an incoming
    letter, whom an outgoing one is for); ``body`` is ours (empty: the organization)."""

    objects = LiveManager["Letter"]()
    all_objects = models.Manager["Letter"]()
    restore_route = "letter-restore"

    key = key_field()
    direction = models.CharField(_("direction"), max_length=3, choices=LetterDirection.choices)
    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    dated_on = models.DateField(_("date"))
    occasion = models.CharField(_("occasion"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    text = text_field(_("text"), max_length=LETTER_MAX_LENGTH)

    class Meta:
        ordering = ["dated_on", "id"]
        verbose_name = _("letter")
        constraints = [
            models.CheckConstraint(
                condition=(Q(partner__isnull=False) & Q(person__isnull=True))
                | (Q(partner__isnull=True) & Q(person__isnull=False)),
                name="letter_one_correspondent",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=LetterDirection.values), name="letter_direction_known"
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class LetterPresentation(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="presentations")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="letter_presentations"
    )
    presented_at = models.DateTimeField(_("presented at"), auto_now_add=True)

    class Meta:
        ordering = ["presented_at", "id"]
        verbose_name = _("letter presentation")
        constraints = [
            models.UniqueConstraint(fields=["letter", "item"], name="letter_presented_once"),
        ]

    def __str__(self) -> str:
        return f"{self.letter} @ {self.item}"


# The motions' models live in their own module; importing them here registers them and lets
# ``conferences.models`` name every model of the context.
from chapterhouse.conferences.motions import (  # noqa: E402  (after the models it refers to)
    Amendment as Amendment,
)
from chapterhouse.conferences.motions import Motion as Motion  # noqa: E402  (as above)
from chapterhouse.conferences.motions import MotionState as MotionState  # noqa: E402  (as above)
from chapterhouse.conferences.motions import (  # noqa: E402  (as above)
    MotionSupporter as MotionSupporter,
)
from chapterhouse.conferences.motions import (  # noqa: E402  (as above)
    MotionWorkflow as MotionWorkflow,
)
from chapterhouse.conferences.projector import (  # noqa: E402  (as above)
    ProjectorToken as ProjectorToken,
)
