"""Reports drafted from a conference's journal (docs/publishing.md, "Reports").

``report_draft`` reads the conference's journal as the public sees it (each event through its
``for_level(PUBLIC)``: nothing internal or hidden reaches a public post), tells it in order with
the sentence templates of ``report_sentences`` in the language asked for, and writes a draft
post with a ``Report`` row that keeps, for each sentence, the journal entry it comes from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from chapterhouse.access.selectors import Roles
from chapterhouse.conferences import events as ev
from chapterhouse.conferences.access import may_see_conference
from chapterhouse.conferences.models import Conference, Session, Speech
from chapterhouse.core.actors import Actor
from chapterhouse.core.audit import audit_record
from chapterhouse.core.countries import country_name
from chapterhouse.core.journal import journal_since
from chapterhouse.people.models import Appointment
from chapterhouse.publishing import report_sentences as say
from chapterhouse.publishing.models import Post, Report, public_q
from chapterhouse.publishing.services import post_create


@dataclass(frozen=True)
class Sentence:
    """One sentence (or one quoted text) of a report, and the journal entry it tells of."""

    text: str
    entry: int
    # A new paragraph starts with this sentence.
    paragraph: bool = False


def _appointment(event: ev.AppointmentMade) -> Appointment | None:
    """The appointment a journal entry tells of (the entry names it, not its id)."""
    return (
        Appointment.objects.filter(
            body__name=event.body,
            position__name=event.position,
            person__display_name=event.person,
            starts_on=dt.date.fromisoformat(event.starts_on),
        )
        .prefetch_related("responsibilities__duty", "responsibilities__branch")
        .order_by("-id")
        .first()
    )


def _areas(appointment: Appointment | None) -> list[str]:
    if appointment is None:
        return []
    areas = []
    for r in appointment.responsibilities.all():
        if r.branch is not None:
            areas.append(say.duty_in(r.duty.name, r.branch.name))
        elif r.country:
            areas.append(say.duty_in(r.duty.name, country_name(r.country)))
        else:
            areas.append(r.duty.name)
    return areas


def report_sentences(*, conference: Conference, language: str) -> list[Sentence]:
    """The report's sentences in order, each traced to a public journal entry."""
    out: list[Sentence] = []
    title = conference.title(language)
    prep = conference.preparatory_body
    prep_told = False
    last_closed: int | None = None
    closed = False
    sessions = {s.number: s for s in Session.objects.filter(conference=conference)}
    with translation.override(language):
        for entry in journal_since(scope=conference.scope):
            event = ev.entry_event(entry).for_level(ev.PUBLIC)
            if event is None:
                continue
            eid = entry.pk
            if isinstance(event, ev.SessionOpened):
                session = sessions.get(event.number)
                day = timezone.localdate(session.starts_at if session else entry.created_at)
                if event.number == 1:
                    text = say.opened(conference, title=title, on=day, language=language)
                else:
                    text = say.session_opened(event.number, on=day, language=language)
                out.append(Sentence(text, eid, paragraph=True))
            elif isinstance(event, ev.AppointmentMade):
                appointment = _appointment(event)
                out.append(Sentence(say.appointed(event, _areas(appointment), language), eid))
                if (
                    not prep_told
                    and prep is not None
                    and prep.name == event.body
                    and prep.starts_on is not None
                    and prep.ends_on is not None
                ):
                    prep_told = True
                    out.append(
                        Sentence(say.works(prep.name, prep.starts_on, prep.ends_on, language), eid)
                    )
            elif isinstance(event, ev.LetterPresented):
                out.append(Sentence(say.letter(event.correspondent, event.subject), eid))
            elif isinstance(event, ev.SpeechDelivered):
                out.append(Sentence(say.spoke(event.speaker, event.title), eid, paragraph=True))
            elif isinstance(event, ev.SpeechPublished):
                speech = Speech.objects.filter(pk=event.speech, published=True).first()
                if speech is None:
                    continue
                out.append(Sentence(say.full_text_follows(), eid))
                out.append(Sentence(say.quoted(speech.text), eid, paragraph=True))
            elif isinstance(event, ev.SessionClosed):
                last_closed = eid
            elif isinstance(event, ev.ConferenceStateChanged) and event.state == "closed":
                closed = True
                out.append(Sentence(say.closed(title), eid, paragraph=True))
        # No journal kind records a vote's result yet: nothing is said of votes.
        if not closed and last_closed is not None:
            out.append(Sentence(say.continues(title), last_closed, paragraph=True))
    return out


def _body(sentences: list[Sentence]) -> str:
    paragraphs: list[list[str]] = []
    for sentence in sentences:
        after_quote = bool(paragraphs) and paragraphs[-1][-1].startswith(">")
        if sentence.paragraph or not paragraphs or after_quote:
            paragraphs.append([])
        paragraphs[-1].append(sentence.text)
    return "\n\n".join(" ".join(p) for p in paragraphs)


@transaction.atomic
def report_draft(*, conference: Conference, language: str, by: Actor) -> Post:
    """A draft post telling what the conference's journal records, in ``language``; its
    ``Report`` row keeps each sentence's journal entry. The secretariat edits and publishes it
    like any post."""
    sentences = report_sentences(conference=conference, language=language)
    with translation.override(language):
        title = say.headline(conference.title(language))
    first = next(iter(Session.objects.filter(conference=conference).order_by("number")), None)
    post = post_create(
        title=title,
        language=language,
        body=_body(sentences),
        dateline_place=conference.venue[:100],
        dateline_date=timezone.localdate(first.starts_at) if first else conference.starts_on,
        by=by,
    )
    report = Report.objects.create(
        post=post,
        conference=conference,
        language=post.language,
        sentences=[s.text for s in sentences],
        sources=[[i, s.entry] for i, s in enumerate(sentences)],
    )
    audit_record(
        by=by,
        action="report.drafted",
        obj=report,
        after={"post": post.slug, "conference": conference.key, "sources": report.sources},
    )
    return post


def reports_of(conference: Conference) -> QuerySet[Post]:
    """The posts drafted from ``conference``'s journal, newest first (drafts included: the
    caller shows the public ones with ``.public()``)."""
    return Post.objects.filter(report__conference=conference).order_by("-created_at", "-id")


def reports_shown(conference: Conference, roles: Roles) -> list[Post]:
    """The reports of ``conference`` a reader may see: the public ones, newest first; every
    one, drafts included, for the secretariat."""
    reports = reports_of(conference).prefetch_related("versions")
    return list(reports if roles.secretariat else reports.filter(public_q()))


def report_conference(post: Post, roles: Roles) -> Conference | None:
    """The conference ``post`` is a report of, when the reader may see that conference."""
    try:
        report = post.report  # selected with the post by selectors.post_access_public
    except Report.DoesNotExist:
        return None
    if not may_see_conference(report.conference, roles):
        return None
    return report.conference
