"""The demo's Third Congress: made through the services, so its journal is a real session's."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from chapterhouse.conferences import events as ev
from chapterhouse.conferences import selectors
from chapterhouse.conferences.models import Conference, LetterPresentation, Speech
from chapterhouse.core.journal import journal_since

pytestmark = pytest.mark.django_db


def test_the_demo_opens_the_third_congress() -> None:
    call_command("demo", stdout=io.StringIO())
    congress = Conference.objects.get(key="third-congress")
    assert congress.title("en") == "Third Congress"
    assert (congress.format, congress.state, congress.occasion) == (
        "hybrid",
        "open",
        "formation day",
    )
    assert congress.preparatory_body is not None
    assert str(congress.preparatory_body.starts_on) == "2026-08-20"
    assert str(congress.preparatory_body.ends_on) == "2026-09-03"
    keys = set(congress.participants.values_list("person__key", flat=True))
    assert {"mira-okafor", "tomas-rivera", "aiko-tanaka", "lars-nilsson", "maria-santos"} <= keys
    partners = set(
        congress.participants.filter(is_guest=True).values_list(
            "represents_partner__key", flat=True
        )
    )
    assert partners == {"nordic-port-workers", "pacific-seafarers"}
    kinds = set(congress.agenda_items.values_list("kind", flat=True))
    assert {"procedural", "letters", "speech", "election"} <= kinds
    assert LetterPresentation.objects.filter(item__conference=congress).count() == 2
    remarks = Speech.objects.get(conference=congress, title="Opening remarks")
    assert remarks.published and remarks.speaker.key == "mira-okafor"
    # The journal is the one the services wrote, in order, and the public may read it.
    journal = [e.kind for e in journal_since(scope=congress.scope, after_id=0)]
    assert journal.count("letter.presented") == 2
    assert journal.index("speech.delivered") > journal.index("letter.presented")
    assert {"session.opened", "speech.published", "speaker.started", "speaker.stopped"} <= set(
        journal
    )
    public = selectors.journal_for(conference=congress, level=ev.PUBLIC)
    assert any(isinstance(e, ev.SpeechPublished) for e in public)
    state = selectors.projector_state(conference=congress, level=ev.PUBLIC)
    assert state.item is not None and state.item.title == "Report of the Coordinating Committee"
    assert (state.present, state.entitled, state.quorum_met) == (5, 5, True)
