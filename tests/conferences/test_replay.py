"""CONVENTIONS 7: applying the journal's new entries to an old projector state gives what a
fresh read gives, for every audience (a hidden item's events reach only the chair)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chapterhouse.conferences import services as cs
from chapterhouse.conferences.events import CHAIR, EVENTS, LEVELS, MEMBERS, PUBLIC
from chapterhouse.conferences.selectors import (
    agenda,
    journal_for,
    projector_apply,
    projector_state,
)
from chapterhouse.core.models import JournalEntry
from tests.conferences.conftest import World

pytestmark = pytest.mark.django_db


def _run_a_session(w: World) -> None:
    c, p, sec = w.conference, w.participants, w.sec
    opening = cs.agenda_item_add(conference=c, title="Opening", kind="procedural", by=sec)
    secret = cs.agenda_item_add(conference=c, title="Secret", kind="topic", is_hidden=True, by=sec)
    inner = cs.agenda_item_add(conference=c, title="Inner", kind="topic", is_internal=True, by=sec)
    cs.participants_check_in(conference=c, persons=[w.persons["okafor"]], by=sec)
    cs.agenda_item_set_current(item=opening, by=sec)
    a = cs.speaker_request(item=opening, participant=p["rivera"], by=sec)
    b = cs.speaker_request(item=opening, participant=p["tanaka"], by=sec)
    cs.speaker_request(item=opening, participant=p["lee"], point_of_order=True, by=sec)
    cs.speakers_reorder(
        item=opening,
        order=[
            b.pk,
            a.pk,
            *opening.speakers.filter(point_of_order=True).values_list("pk", flat=True),
        ],
        by=sec,
    )
    cs.speaker_start(request=b, by=sec)
    cs.speaker_withdraw(request=a, by=sec)
    cs.agenda_item_set_current(item=secret, by=sec)  # the public sees no current item now
    s = cs.speaker_request(item=secret, participant=p["okafor"], by=sec)
    cs.speaker_start(request=s, by=sec)
    cs.speaker_stop(request=s, by=sec)
    cs.agenda_item_set_current(item=inner, by=sec)  # members see it, the public does not
    cs.participants_check_in(conference=c, branch=w.japan, by=sec)


@pytest.mark.parametrize("level", LEVELS)
def test_journal_applied_to_an_old_state_equals_a_fresh_read(world: World, level: str) -> None:
    old = projector_state(conference=world.conference, level=level)
    since = JournalEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    _run_a_session(world)
    state = old
    for event in journal_for(conference=world.conference, level=level, after_id=since):
        state = projector_apply(state, event)
    assert state == projector_state(conference=world.conference, level=level)


def test_replay_at_every_step(world: World) -> None:
    """Not only the end: after each entry, the replayed state equals a fresh read then."""
    c = world.conference
    states = {level: projector_state(conference=c, level=level) for level in LEVELS}
    seen = JournalEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    checks = 0

    def after_each() -> None:
        nonlocal seen, checks
        for level in LEVELS:
            for event in journal_for(conference=c, level=level, after_id=seen):
                states[level] = projector_apply(states[level], event)
            assert states[level] == projector_state(conference=c, level=level), level
        seen = JournalEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        checks += 1

    p, sec = world.participants, world.sec
    opening = cs.agenda_item_add(conference=c, title="Opening", kind="procedural", by=sec)
    after_each()
    cs.agenda_item_set_current(item=opening, by=sec)
    after_each()
    r = cs.speaker_request(item=opening, participant=p["rivera"], by=sec)
    after_each()
    cs.speaker_start(request=r, by=sec)
    after_each()
    cs.speaker_stop(request=r, by=sec)
    after_each()
    r2 = cs.speaker_request(item=opening, participant=p["lee"], by=sec)
    cs.speaker_start(request=r2, by=sec)
    after_each()
    # The current item, with a speaker, moves under a hidden item: it leaves the projector of
    # everyone below the chair.
    secret = cs.agenda_item_add(conference=c, title="Secret", kind="topic", is_hidden=True, by=sec)
    after_each()
    cs.agenda_item_move(item=opening, parent=secret, position=0, by=sec)
    after_each()
    cs.speaker_stop(request=r2, by=sec)
    cs.agenda_item_mark_done(item=opening, by=sec)
    after_each()
    assert checks == 9


def test_hidden_titles_never_reach_the_public(world: World) -> None:
    _run_a_session(world)
    for level, should_see in ((PUBLIC, False), (MEMBERS, False), (CHAIR, True)):
        text = repr(journal_for(conference=world.conference, level=level))
        assert ("Secret" in text) is should_see, level
    assert "Inner" not in repr(journal_for(conference=world.conference, level=PUBLIC))


def test_every_written_kind_is_registered(world: World) -> None:
    _run_a_session(world)
    written = set(JournalEntry.objects.values_list("kind", flat=True))
    assert written <= set(EVENTS)


def test_projector_state_query_budget(world: World) -> None:
    """A fresh projector read costs 4 queries, however many speakers wait:
    1. the current item (visible to the level);
    2. its waiting and speaking requests with their persons;
    3. the open session's number;
    4. the attendance counts (one aggregate)."""
    _run_a_session(world)
    with CaptureQueriesContext(connection) as queries:
        projector_state(conference=world.conference, level=CHAIR)
    assert len(queries) == 4


def test_agenda_query_budget(world: World) -> None:
    """The agenda costs 1 query: the items the level may see, in order."""
    _run_a_session(world)
    for n in range(20):
        cs.agenda_item_add(
            conference=world.conference, title=f"Item {n}", kind="topic", by=world.sec
        )
    with CaptureQueriesContext(connection) as queries:
        agenda(conference=world.conference, level=PUBLIC)
    assert len(queries) == 1
