"""Reports drafted from a conference's journal: the DESIGN.md opening session told sentence by
sentence, each sentence traced to a public journal entry; nothing internal reaches it."""

from __future__ import annotations

import datetime as dt

import pytest

from chapterhouse.conferences import events as ev
from chapterhouse.conferences import services as cs
from chapterhouse.core.models import AuditEntry, JournalEntry
from chapterhouse.publishing.models import Post, PostState, Report
from chapterhouse.publishing.report import report_draft, reports_of
from tests.conferences.conftest import build
from tests.publishing.report_scenario import MARKER, opening_session

pytestmark = pytest.mark.django_db

ENGLISH = [
    (
        "session.opened",
        "The Third Congress opened on 1 September 2026 (Reiwa 8) at Harbor Hall on the"
        " occasion of formation day.",
    ),
    (
        "appointment.made",
        "Tomás Rivera was appointed Chair of the Preparatory Committee from 20 August 2026"
        " (Reiwa 8), responsible for organizing work in Chile.",
    ),
    (
        "appointment.made",
        "The Preparatory Committee works from 20 August to 3 September 2026 (Reiwa 8) inclusive.",
    ),
    (
        "appointment.made",
        "Aiko Tanaka was appointed Member of the Preparatory Committee from 20 August 2026"
        " (Reiwa 8), responsible for organizing work in Japan and information coverage.",
    ),
    (
        "letter.presented",
        "A letter from Dockers' Union was presented: “Greetings from Dockers' Union”.",
    ),
    (
        "letter.presented",
        "A letter from Seafarers' Federation was presented: “Greetings from Seafarers'"
        " Federation”.",
    ),
    ("speech.delivered", "Mira Okafor spoke: “Opening remarks”."),
    ("speech.published", "The full text follows."),
    ("speech.published", "> Dear delegates,\n>\n> welcome to the **Third Congress**."),
    ("session.closed", "The session closed; the Third Congress continues."),
]


def _traced(post: Post) -> list[tuple[str, str]]:
    """Each sentence of the report with the kind of the journal entry it is traced to, after
    checking that the entry belongs to the conference and the public may see it."""
    report = post.report
    assert [i for i, _ in report.sources] == list(range(len(report.sentences)))
    entries = JournalEntry.objects.in_bulk([e for _, e in report.sources])
    shown = []
    for (_, entry_id), sentence in zip(report.sources, report.sentences, strict=True):
        entry = entries[entry_id]
        assert entry.scope == report.conference.scope
        assert ev.entry_event(entry).for_level(ev.PUBLIC) is not None
        shown.append((entry.kind, sentence))
    return shown


def test_the_opening_session_is_told_in_order_each_sentence_traced(org: None) -> None:
    world = opening_session()
    post = report_draft(conference=world.conference, language="en", by=world.sec)

    assert post.state == PostState.DRAFT
    assert post.title == "Third Congress: report"
    assert post.language == "en"
    assert (post.dateline_place, post.dateline_date) == ("Harbor Hall", dt.date(2026, 9, 1))
    assert _traced(post) == ENGLISH
    # The sentences are the body, in paragraphs; the speech's text is quoted as given.
    assert post.body == (
        f"{ENGLISH[0][1]} {ENGLISH[1][1]} {ENGLISH[2][1]} {ENGLISH[3][1]} {ENGLISH[4][1]}"
        f" {ENGLISH[5][1]}\n\n{ENGLISH[6][1]} {ENGLISH[7][1]}\n\n{ENGLISH[8][1]}\n\n"
        f"{ENGLISH[9][1]}"
    )
    assert AuditEntry.objects.filter(action="post.created").count() == 1
    drafted = AuditEntry.objects.get(action="report.drafted").after
    assert drafted is not None and drafted["sources"] == post.report.sources
    assert list(reports_of(world.conference)) == [post]


def test_nothing_internal_reaches_the_report(org: None) -> None:
    world = opening_session(hidden=True)
    # The marker is in the journal (for the chair), only not in the report.
    assert sum(MARKER in str(e.payload) for e in JournalEntry.objects.all()) >= 3
    post = report_draft(conference=world.conference, language="en", by=world.sec)
    report = Report.objects.get(post=post)
    assert MARKER not in post.title + post.lead + post.body
    assert not any(MARKER in s for s in report.sentences)
    assert [kind for kind, _ in _traced(post)] == [kind for kind, _ in ENGLISH]


def test_the_japanese_draft_has_the_same_structure_and_era_dates(org: None) -> None:
    world = opening_session(hidden=False)
    english = report_draft(conference=world.conference, language="en", by=world.sec)
    japanese = report_draft(conference=world.conference, language="ja", by=world.sec)

    assert japanese.language == "ja"
    assert japanese.slug != english.slug
    assert [e for _, e in japanese.report.sources] == [e for _, e in english.report.sources]
    sentences = japanese.report.sentences
    # The dates are in the Japanese era calendar the organization shows (2026 is Reiwa 8).
    assert "令和8年" in sentences[0] and "令和8年" in sentences[1]
    assert "Reiwa" not in japanese.body
    # Names and quoted texts are the journal's, unchanged.
    assert "Tomás Rivera" in sentences[1] and "Dockers' Union" in sentences[4]
    assert sentences[8] == ENGLISH[8][1]
    assert list(reports_of(world.conference)) == [japanese, english]


def test_a_closed_conference_is_said_closed(org: None) -> None:
    world = opening_session(hidden=False)
    cs.conference_state_change(conference=world.conference, state="closed", by=world.sec)
    post = report_draft(conference=world.conference, language="en", by=world.sec)
    traced = _traced(post)
    assert traced[-1] == ("conference.state_changed", "The Third Congress closed.")
    assert not any("continues" in sentence for _, sentence in traced)


def test_an_empty_journal_gives_an_empty_draft(org: None) -> None:
    world = build()
    post = report_draft(conference=world.conference, language="en", by=world.sec)
    assert post.body == ""
    assert post.report.sources == []
