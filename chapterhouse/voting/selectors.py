"""Reading polls as a viewer may: drafts and polls on hidden items for the chair only; counts of
choices while a poll is open for the chair only; results once closed; never who voted what in a
secret poll."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from chapterhouse.conferences import events as cev
from chapterhouse.conferences.models import Conference
from chapterhouse.conferences.selectors import visible_items
from chapterhouse.voting import counting
from chapterhouse.voting.models import Entitlement, Poll, PollState, Secrecy
from chapterhouse.voting.services import stored_ballots


def visible_polls(conference: Conference, level: str) -> QuerySet[Poll]:
    polls = Poll.objects.filter(conference=conference).select_related("conference")
    if cev.level_rank(level) >= cev.level_rank(cev.CHAIR):
        return polls.order_by("id")
    items = visible_items(conference, level).values("pk")
    return (
        polls.exclude(state=PollState.DRAFT)
        .filter(Q(item__isnull=True) | Q(item__in=items))
        .order_by("id")
    )


def cast_count(poll: Poll) -> int:
    """How many votes have been cast (marks): what everyone sees grow while the poll is open."""
    return poll.marks.count()


def live_counts(poll: Poll) -> dict[str, Any]:
    """The electronic counts per choice while the poll is open (for the chair): sums only."""
    return counting.result_of(poll, stored_ballots(poll), None)["electronic"]  # type: ignore[no-any-return]  # a dict of sums, by result_of


def receipts(poll: Poll) -> list[tuple[str, Any]]:
    """(receipt, choice) of every ballot, ordered by receipt, with no voter: published after a
    poll closes when the poll says so."""
    if poll.state != PollState.CLOSED or not poll.publish_receipts:
        return []
    return [(b.receipt, b.choice) for b in poll.ballots.order_by("receipt")]


SECRECY_NOTES = {
    Secrecy.SECRET: _(
        "Secret here means pseudoanonymous with a trusted operator: who voted is recorded; what "
        "they voted is stored with no voter, no time and no order that links it to them, and the "
        "chair sees only counts. Whoever runs the server could still watch votes arrive while the "
        "poll is open."
    ),
    Secrecy.NAMED: _("Named: each person's vote is recorded and can be published."),
}
RECEIPTS_NOTE = _(
    "A published list of receipt codes with their choices lets each voter check their vote, "
    "but it also lets a voter prove their vote to someone buying it."
)


def votes_carried(poll: Poll, participant_id: int) -> list[Entitlement]:
    """The votes ``participant_id`` may cast in ``poll`` (their own and those delegated to them),
    with whose vote each is (``delegated_from``), frozen when the poll opened."""
    return list(
        poll.entitlements.filter(participant_id=participant_id)
        .select_related("delegated_from__person")
        .order_by("delegated_from_id", "id")
    )


def delegated_away(poll: Poll, participant_id: int) -> bool:
    """Whether ``participant_id``'s own vote in ``poll`` is carried by someone else."""
    return poll.entitlements.filter(delegated_from_id=participant_id).exists()


def votes_used(poll: Poll, owner_ids: list[int]) -> int:
    """How many of the votes of ``owner_ids`` have been cast (marks only, never a choice)."""
    return poll.marks.filter(voter_id__in=owner_ids).count()


def projector_polls(conference: Conference, level: str) -> list[Poll]:
    """What the hall's screen shows: the open polls, or else the poll closed last."""
    visible = visible_polls(conference, level)
    open_polls = list(visible.filter(state=PollState.OPEN))
    if open_polls:
        return open_polls
    last = visible.filter(state=PollState.CLOSED).order_by("-closed_at", "-id").first()
    return [] if last is None else [last]
