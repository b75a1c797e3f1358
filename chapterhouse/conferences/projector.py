"""The projector's controls for the hall's AV desk, and what the projector shows over the item.

A conference has at most one projector token: the chair level (the secretariat, the
presidium) creates it, and creating it again (rotating) replaces it, so the old one stops
working at once. Only its SHA-256 digest is stored (the token is 256 random bits: a slow hash
adds nothing); whoever holds it may do five things and nothing else, through the same services
as the console, in the name of the one who issued it (who must still be at the chair level):
open the next item, give the floor to the next speaker on the current item and stop the one
speaking, show the last result of a vote, show or clear a message.

The message and the result are journal entries (``projector.shown``), so the projector follows
them live and a late screen reads the latest one (``projector_display``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import events as ev
from chapterhouse.conferences.access import require_chair
from chapterhouse.core.audit import audit_record
from chapterhouse.core.errors import field_error
from chapterhouse.core.journal import journal_since

if TYPE_CHECKING:
    from chapterhouse.conferences.models import AgendaItem, Conference, SpeakerRequest
    from chapterhouse.core.actors import Actor

MESSAGE_MAX_LENGTH = 300
TOKEN_BYTES = 32
RESULT_LOOKBACK = 20  # poll.closed entries read to find the last one the projector may show


class ProjectorToken(models.Model):
    """The AV desk's token of a conference, by its digest; the issuer is whom it acts for."""

    conference = models.OneToOneField(
        "conferences.Conference", on_delete=models.CASCADE, related_name="projector_token"
    )
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        app_label = "conferences"
        verbose_name = _("projector token")

    def __str__(self) -> str:
        return f"projector token of conference {self.conference_id}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _audience(conference: Conference) -> str:
    return ev.PUBLIC if conference.visibility == "public" else ev.MEMBERS


def _locked(conference: Conference) -> Conference:
    from chapterhouse.conferences.models import Conference

    return Conference.objects.select_for_update().select_related("series").get(pk=conference.pk)


# --- the token -----------------------------------------------------------------------------


@transaction.atomic
def projector_token_rotate(*, conference: Conference, by: Actor) -> str:
    """Issue the conference's projector token (replacing any before it); the token itself,
    which is shown once and never stored."""
    require_chair(conference, by)
    if by is None or not by.is_authenticated:
        raise field_error("token", msg.PROJECTOR_SIGNED_IN)
    conference = _locked(conference)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    ProjectorToken.objects.filter(conference=conference).delete()
    ProjectorToken.objects.create(
        conference=conference,
        digest=token_digest(token),
        issued_by_id=by.pk,
        issued_at=timezone.now(),
    )
    audit_record(by=by, action="projector_token.issued", obj=conference)
    return token


@transaction.atomic
def projector_token_revoke(*, conference: Conference, by: Actor) -> None:
    """Withdraw the conference's projector token (nothing if there is none)."""
    require_chair(conference, by)
    conference = _locked(conference)
    if ProjectorToken.objects.filter(conference=conference).delete()[0]:
        audit_record(by=by, action="projector_token.revoked", obj=conference)


def projector_token_find(*, key: str, token: str) -> ProjectorToken | None:
    """The token of conference ``key`` if ``token`` is it (compared in constant time)."""
    found = (
        ProjectorToken.objects.select_related("conference__series", "issued_by")
        .filter(conference__key=key)
        .first()
    )
    if found is None or not hmac.compare_digest(found.digest, token_digest(token)):
        return None
    return found


# --- what the desk may do ------------------------------------------------------------------


def projector_next_item(*, conference: Conference, by: Actor) -> AgendaItem:
    """Make current the first item after the current one (in the agenda's order) that is not
    done; with no current item, the first that is not done."""
    from chapterhouse.conferences import selectors, services
    from chapterhouse.conferences.models import AgendaItem

    require_chair(conference, by)
    order = selectors.agenda(conference=conference, level=ev.CHAIR)
    now = set(conference.agenda_items.filter(is_current=True).values_list("pk", flat=True))
    current = next((i for i, row in enumerate(order) if row.id in now), None)
    after = order if current is None else order[current + 1 :]
    following = next((row for row in after if not row.is_done), None)
    if following is None:
        raise field_error("item", msg.PROJECTOR_NO_NEXT_ITEM)
    item = AgendaItem.objects.get(pk=following.id)
    return services.agenda_item_set_current(item=item, by=by)


def _current_item(conference: Conference) -> AgendaItem:
    item = conference.agenda_items.filter(is_current=True).first()
    if item is None:
        raise field_error("item", msg.PROJECTOR_NO_CURRENT_ITEM)
    return item


def projector_speaker_start(*, conference: Conference, by: Actor) -> SpeakerRequest:
    """Give the floor to the first speaker waiting on the current item (the conference's
    speaking time)."""
    from chapterhouse.conferences import services

    require_chair(conference, by)
    item = _current_item(conference)
    waiting = item.speakers.filter(state="requested").order_by("position", "id").first()
    if waiting is None:
        raise field_error("speaker", msg.PROJECTOR_NOBODY_WAITING)
    return services.speaker_start(request=waiting, by=by)


def projector_speaker_stop(*, conference: Conference, by: Actor) -> SpeakerRequest:
    """Stop the speaker who has the floor on the current item."""
    from chapterhouse.conferences import services

    require_chair(conference, by)
    item = _current_item(conference)
    speaking = item.speakers.filter(state="speaking").first()
    if speaking is None:
        raise field_error("speaker", msg.PROJECTOR_NOBODY_SPEAKING)
    return services.speaker_stop(request=speaking, by=by)


def _check_message(message: object) -> str:
    if (
        not isinstance(message, str)
        or not message.strip()
        or len(message) > MESSAGE_MAX_LENGTH
        or any(ch < " " for ch in message)
    ):
        raise field_error("message", msg.PROJECTOR_BAD_MESSAGE.format(limit=MESSAGE_MAX_LENGTH))
    return message.strip()


@transaction.atomic
def projector_show(
    *, conference: Conference, by: Actor, message: str = "", result: bool = False
) -> ev.ProjectorShown:
    """Show ``message`` on the projector, or (``result``) the last result of a vote, or
    (neither) clear what it showed."""
    require_chair(conference, by)
    conference = _locked(conference)
    text = _check_message(message) if message else ""
    event = ev.ProjectorShown(audience=_audience(conference), message=text, result=result)
    audit_record(
        by=by,
        action="projector.shown",
        obj=conference,
        after={"message": text, "result": result},
    )
    ev.journal_write(scope=conference.scope, event=event, by=by)
    return event


# --- what the projector shows --------------------------------------------------------------


@dataclass(frozen=True)
class ProjectorDisplay:
    message: str
    result_title: str  # "" if no result is shown
    result: dict[str, Any] | None


def projector_display(*, conference: Conference, level: str) -> ProjectorDisplay:
    """The latest message or result shown, as a viewer of ``level`` may see it (one query,
    two with a result shown)."""
    entries = journal_since(scope=conference.scope)
    latest = entries.filter(kind=ev.ProjectorShown.kind).order_by("-id").first()
    shown = ev.entry_event(latest).for_level(level) if latest is not None else None
    if not isinstance(shown, ev.ProjectorShown):
        return ProjectorDisplay("", "", None)
    if not shown.result:
        return ProjectorDisplay(shown.message, "", None)
    for entry in entries.filter(kind="poll.closed").order_by("-id")[:RESULT_LOOKBACK]:
        try:
            event = ev.entry_event(entry).for_level(level)
        except (KeyError, TypeError):
            continue
        if event is None:
            continue
        poll = entry.payload.get("poll")
        result = entry.payload.get("result")
        if isinstance(poll, dict) and isinstance(result, dict):
            return ProjectorDisplay("", str(poll.get("title", "")), result)
    return ProjectorDisplay("", "", None)
