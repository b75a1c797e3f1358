"""Polls, their frozen entitlement, who voted, the ballots and the paper counts (docs/voting.md).

Secrecy is in the shape of the tables. ``VoterMark`` records who voted (one row per vote used,
unique per poll and voter, on every backend). ``Ballot`` records what was voted: in a named poll
with the voter; in a secret poll with no voter, no timestamp and a random primary key, so that
nothing stored links a secret ballot to a mark. At close a secret poll's ballots are also
re-inserted in a random order under new keys, so that not even the physical order of the rows
follows the order in which people voted.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from chapterhouse.conferences.models import AgendaItem, Conference, Participant
from chapterhouse.core.models import small_number_field

# A receipt is 80 random bits written in base32: 16 characters.
RECEIPT_LENGTH = 16
TITLE_MAX_LENGTH = 300


class SubjectKind(models.TextChoices):
    AGENDA_APPROVAL = "agenda_approval", _("approval of the agenda")
    MOTION = "motion", _("motion")
    ELECTION = "election", _("election")
    QUESTION = "question", _("free question")


class Method(models.TextChoices):
    YES_NO_ABSTAIN = "yes_no_abstain", _("yes / no / abstain")
    YES_NO = "yes_no", _("yes / no")
    SINGLE_CHOICE = "single_choice", _("one of several options")
    MULTIPLE_CHOICE = "multiple_choice", _("several of several options")
    SINGLE_SEAT_MAJORITY = "single_seat_majority", _("one seat by majority")
    AT_LARGE = "at_large", _("several seats, plurality at large")
    APPROVAL = "approval", _("approval")
    INSTANT_RUNOFF = "instant_runoff", _("instant runoff (ranked, one seat)")
    SCHULZE = "schulze", _("Schulze (ranked, one seat)")
    STV_SCOTTISH = "stv_scottish", _("single transferable vote, Scottish rules (ranked)")


MOTION_METHODS = frozenset({Method.YES_NO_ABSTAIN, Method.YES_NO})
SELECTION_METHODS = frozenset({Method.MULTIPLE_CHOICE, Method.AT_LARGE, Method.APPROVAL})
SINGLE_METHODS = frozenset({Method.SINGLE_CHOICE, Method.SINGLE_SEAT_MAJORITY})
RANKED_METHODS = frozenset({Method.INSTANT_RUNOFF, Method.SCHULZE, Method.STV_SCOTTISH})


class Secrecy(models.TextChoices):
    NAMED = "named", _("named: each person's vote is recorded and can be published")
    SECRET = (
        "secret",
        _(
            "secret (pseudoanonymous, trusted operator): who voted is recorded; what they voted is "
            "stored without any link to them"
        ),
    )


class PollState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


class NextBallotRule(models.TextChoices):
    REPEAT = "repeat", _("repeat the ballot with every candidate")
    RUNOFF = "runoff", _("runoff between the two leading candidates")


class Poll(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="polls")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="polls"
    )
    subject = models.CharField(_("subject"), max_length=20, choices=SubjectKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    method = models.CharField(_("method"), max_length=24, choices=Method.choices)
    # Options or candidates, in the order the ballot shows them (empty for a motion).
    options = models.JSONField(_("options"), default=list, blank=True)
    seats = small_number_field(_("seats"), default=1, minimum=1, maximum=99)
    min_choices = small_number_field(_("fewest choices"), default=1, minimum=1, maximum=100)
    # Empty: as many as there are options (or seats, at large).
    max_choices = models.PositiveSmallIntegerField(_("most choices"), null=True, blank=True)
    allow_abstain = models.BooleanField(_("abstentions allowed"), default=True)
    # [{"numerator", "denominator", "comparison", "base"}]: every one must pass (majority.py).
    thresholds = models.JSONField(_("majority thresholds"), default=list, blank=True)
    # {"of", "numerator", "denominator", "comparison", "number"} or null (majority.Quorum).
    quorum = models.JSONField(_("quorum"), null=True, blank=True)
    next_ballot = models.CharField(
        _("when nobody has a majority"),
        max_length=10,
        choices=NextBallotRule.choices,
        default=NextBallotRule.REPEAT,
    )
    secrecy = models.CharField(_("secrecy"), max_length=10, choices=Secrecy.choices)
    require_presence = models.BooleanField(_("only those checked in vote"), default=True)
    allow_delegation = models.BooleanField(_("delegated votes"), default=False)
    # When set, someone who delegated cannot vote in person: the delegate carries the vote even
    # if the delegator is present.
    forbid_delegator = models.BooleanField(
        _("someone who delegated cannot vote in person"), default=False
    )
    paper_allowed = models.BooleanField(
        _("paper ballots counted beside electronic ones"), default=False
    )
    publish_receipts = models.BooleanField(
        _("publish the receipt codes with their choices after close"),
        default=False,
        help_text=_(
            "Off by default: a published list lets a voter prove a vote to someone buying it."
        ),
    )
    # When set, a voter may cast another ballot until the poll closes: the last one counts.
    allow_vote_change = models.BooleanField(
        _("voters may change their vote until the poll closes"), default=False
    )
    state = models.CharField(
        _("state"), max_length=10, choices=PollState.choices, default=PollState.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Frozen at open: the weight of everyone entitled, and of the votes that can be cast.
    entitled_weight = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    present_weight = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    # The official result, stored once at close (``counting.result_of``).
    result = models.JSONField(_("result"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "id"]
        verbose_name = _("poll")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=PollState.values), name="poll_state_known"
            ),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="poll_method_known"),
            models.CheckConstraint(
                condition=Q(secrecy__in=Secrecy.values), name="poll_secrecy_known"
            ),
            models.CheckConstraint(
                condition=Q(subject__in=SubjectKind.values), name="poll_subject_known"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | (Q(opened_at__isnull=False) & Q(closed_at__gte=F("opened_at"))),
                name="poll_closes_after_open",
            ),
            models.CheckConstraint(
                condition=Q(result__isnull=True) | Q(state="closed"),
                name="poll_result_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_secret(self) -> bool:
        return self.secrecy == Secrecy.SECRET


class Delegation(models.Model):
    """``delegator`` gives their vote at the conference to ``delegate`` (both participants with
    a voting right). No chains: a delegate never delegates, a delegator is nobody's delegate."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="delegations")
    delegator = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["conference", "id"]
        verbose_name = _("delegation")
        constraints = [
            models.UniqueConstraint(fields=["delegator"], name="delegation_one_per_delegator"),
            models.CheckConstraint(
                condition=~Q(delegator=F("delegate")), name="delegation_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegator_id} -> {self.delegate_id}"


class Entitlement(models.Model):
    """One vote that may be cast in a poll, frozen when it opens: ``participant`` casts it with
    ``weight``; ``delegated_from`` is whose vote it is when it was delegated (empty: their own)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="entitlements")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    delegated_from = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    weight = models.DecimalField(max_digits=8, decimal_places=3)

    class Meta:
        ordering = ["poll", "id"]
        verbose_name = _("entitlement")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "participant"],
                condition=Q(delegated_from__isnull=True),
                name="entitlement_own_vote_once",
            ),
            models.UniqueConstraint(
                fields=["poll", "delegated_from"],
                condition=Q(delegated_from__isnull=False),
                name="entitlement_delegated_once",
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="entitlement_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.participant_id} ({self.weight})"

    @property
    def owner_id(self) -> int:
        """Whose vote this is."""
        return self.delegated_from_id or self.participant_id


class VoterMark(models.Model):
    """Who voted: one row per vote used, ``voter`` being whose vote it is and ``cast_by`` who
    cast it (a delegate for a delegated vote). Unique per (poll, voter) in the database.

    ``key_digest``, ``body_mac`` and ``sealed_receipt`` make a retried submission idempotent
    without storing anything that links the mark to its ballot: the receipt is sealed under a
    key derived from the client's idempotency key, which is not stored (only a digest of it)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="marks")
    voter = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    voted_at = models.DateTimeField(_("voted at"), auto_now_add=True)
    key_digest = models.CharField(max_length=64)
    body_mac = models.CharField(max_length=64)
    sealed_receipt = models.CharField(max_length=2 * RECEIPT_LENGTH)

    class Meta:
        ordering = ["poll", "id"]
        verbose_name = _("voter mark")
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="votermark_once_per_poll"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.voter_id}"


class Ballot(models.Model):
    """What was voted. A random key; no timestamp; ``voter`` only in a named poll."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    # The validated choice: "yes", an option, null (abstain), a list of options or a ranking.
    choice = models.JSONField(_("choice"), null=True, blank=True)
    weight = models.DecimalField(max_digits=8, decimal_places=3)
    receipt = models.CharField(max_length=RECEIPT_LENGTH, unique=True)
    # Named polls only: whose vote it is, and whether a delegate cast it.
    voter = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delegated = models.BooleanField(default=False)

    class Meta:
        # No ordering by anything that follows the order of casting.
        ordering = ["poll", "receipt"]
        verbose_name = _("ballot")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="ballot_weight_positive"),
            models.CheckConstraint(
                condition=Q(voter__isnull=False) | Q(delegated=False),
                name="ballot_delegated_only_named",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt


class PaperCount(models.Model):
    """The tellers' count of the paper ballots handed in (checked by ``tally.check_paper_count``).
    ``counts`` maps "yes"/"no" or each option to its number of paper votes."""

    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="paper")
    counts = models.JSONField(_("paper votes per choice"), default=dict)
    abstain = models.PositiveIntegerField(_("abstentions on paper"), default=0)
    invalid = models.PositiveIntegerField(_("invalid paper ballots"), default=0)
    handed_in = models.PositiveIntegerField(_("paper ballots handed in"), default=0)

    class Meta:
        verbose_name = _("paper count")

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.handed_in}"
