from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import Letter, LetterPresentation
from chapterhouse.core.models import JournalEntry
from tests.conferences.conftest import World

pytestmark = pytest.mark.django_db


def _letter(w: World, key: str = "greeting") -> Letter:
    return cs.letter_register(
        key=key, direction="in", subject="Greetings", dated_on=dt.date(2026, 8, 30),
        partner=w.partners[0], occasion="Third Congress", text="Dear comrades", by=w.sec,
    )  # fmt: skip


def test_a_letter_has_one_correspondent(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        cs.letter_register(
            key="x", direction="in", subject="s", dated_on=dt.date(2026, 1, 1), by=world.sec
        )
    assert caught.value.message_dict["partner"] == [msg.LETTER_CORRESPONDENT]


def test_a_letter_is_presented_once_per_item_and_journaled(world: World) -> None:
    item = cs.agenda_item_add(
        conference=world.conference, title="Letters", kind="letters", by=world.sec
    )
    letter = _letter(world)
    cs.letter_present(letter=letter, item=item, by=world.sec)
    entry = JournalEntry.objects.filter(kind="letter.presented").get()
    assert entry.payload["correspondent"] == "Dockers' Union"
    with pytest.raises(ValidationError):
        cs.letter_present(letter=letter, item=item, by=world.sec)


def test_a_letter_presented_at_a_closed_conference_is_refused(world: World) -> None:
    item = cs.agenda_item_add(
        conference=world.conference, title="Letters", kind="letters", by=world.sec
    )
    letter = _letter(world)
    cs.conference_state_change(conference=world.conference, state="closed", by=world.sec)
    journal = JournalEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        cs.letter_present(letter=letter, item=item, by=world.sec)
    assert caught.value.message_dict == {"conference": [msg.CLOSED]}
    assert not LetterPresentation.objects.exists()
    assert JournalEntry.objects.count() == journal


def test_a_speech_is_recorded_then_published_and_rendered_safely(world: World) -> None:
    speech = cs.speech_record(
        conference=world.conference,
        speaker=world.persons["okafor"],
        title="Opening remarks",
        text="# Friends\n<script>alert(1)</script> [x](javascript:alert(1)) **now**",
        by=world.sec,
    )
    assert not speech.published
    html = speech.html
    assert "<h1>Friends</h1>" in html and "<strong>now</strong>" in html
    assert "<script>" not in html and 'href="javascript' not in html
    cs.speech_publish(speech=speech, by=world.sec)
    kinds = list(JournalEntry.objects.values_list("kind", flat=True))
    assert kinds[-2:] == ["speech.delivered", "speech.published"]
