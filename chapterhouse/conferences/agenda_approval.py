"""The agenda's approval: the hook a vote calls when the conference adopts its agenda.

A conference's agenda is approved by a poll of the voting context (subject "approval of the
agenda"). When such a poll is adopted, the voting service calls :func:`agenda_approve` inside its
own transaction: an audit row and the journal entry ``agenda.approved`` on the conference's live
stream. The approval is the record itself (:func:`agenda_approved`), not a column of the
conference, so that the conference's own tables do not change for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from chapterhouse.conferences import events as ev
from chapterhouse.core.audit import audit_record
from chapterhouse.core.models import JournalEntry

if TYPE_CHECKING:
    from chapterhouse.conferences.models import Conference
    from chapterhouse.core.actors import Actor

APPROVED = "agenda.approved"


@ev.register_event
@dataclass(frozen=True)
class AgendaApproved(ev.Event):
    kind: ClassVar[str] = APPROVED
    poll: int
    title: str


def agenda_approve(*, conference: Conference, poll: int, title: str, by: Actor) -> None:
    """Record that ``conference`` approved its agenda by the poll ``poll`` (its id and title).
    Runs inside the caller's transaction (``journal_append`` refuses otherwise)."""
    audience = ev.PUBLIC if conference.visibility == "public" else ev.MEMBERS
    audit_record(by=by, action=APPROVED, obj=conference, after={"poll": poll, "title": title})
    ev.journal_write(
        scope=conference.scope,
        event=AgendaApproved(audience=audience, poll=poll, title=title),
        by=by,
    )


def agenda_approved(conference: Conference) -> bool:
    """Whether the conference has approved its agenda by a vote."""
    return JournalEntry.objects.filter(scope=conference.scope, kind=APPROVED).exists()


__all__ = ["APPROVED", "AgendaApproved", "agenda_approve", "agenda_approved"]
