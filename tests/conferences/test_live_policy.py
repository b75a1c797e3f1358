"""The conference live scope: each level receives its own version of an event, encoded once."""

from __future__ import annotations

import datetime as dt

import pytest

from chapterhouse.conferences import events as ev
from chapterhouse.conferences import live
from chapterhouse.conferences.selectors import item_data
from chapterhouse.core.journal import JournalEvent
from chapterhouse.live.policy import policy_for

from .conftest import World

pytestmark = pytest.mark.django_db


def journal_event(event: ev.Event) -> JournalEvent:
    return JournalEvent(
        id=7,
        scope="conference:third-congress",
        kind=event.kind,
        payload=ev.payload_of(event),
        created_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
    )


def test_a_hidden_item_opened_reaches_the_public_as_no_current_item(world: World) -> None:
    from chapterhouse.conferences import services as cs

    hidden = cs.agenda_item_add(
        conference=world.conference, title="Hidden business", kind="topic", is_hidden=True,
        by=world.sec,
    )  # fmt: skip
    event = journal_event(ev.ItemOpened(audience=ev.CHAIR, item=item_data(hidden)))
    assert set(live.audience(event)) == {ev.PUBLIC, ev.MEMBERS, ev.CHAIR}
    policy = policy_for("conference:third-congress")
    assert policy is not None
    frames = policy.frames(event, live.audience(event))
    assert b"Hidden business" in frames[ev.CHAIR]
    assert b"Hidden business" not in frames[ev.PUBLIC]
    assert b"Hidden business" not in frames[ev.MEMBERS]
    assert b'"item":null' in frames[ev.PUBLIC]


def test_an_event_everyone_sees_whole_is_one_frame(world: World) -> None:
    event = journal_event(ev.SessionOpened(audience=ev.PUBLIC, number=1))
    policy = policy_for("conference:third-congress")
    assert policy is not None
    frames = policy.frames(event, live.audience(event))
    assert frames[ev.PUBLIC] is frames[ev.CHAIR] is frames[ev.MEMBERS]


def test_a_members_event_is_kept_from_the_public(world: World) -> None:
    event = journal_event(ev.SessionOpened(audience=ev.MEMBERS, number=1))
    assert set(live.audience(event)) == {ev.MEMBERS, ev.CHAIR}
    assert live.rewrite(event, ev.PUBLIC) is None


def test_an_unknown_kind_goes_to_nobody() -> None:
    event = JournalEvent(
        id=1, scope="conference:x", kind="other.thing", payload={},
        created_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    assert live.audience(event) == ()
    assert live.rewrite(event, ev.CHAIR) is None


def test_who_may_follow(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert live.may_follow(AnonymousUser(), "conference:third-congress")
    assert not live.may_follow(AnonymousUser(), "conference:no-such")
    assert live.visibility(AnonymousUser(), "conference:third-congress") == ev.PUBLIC
    assert live.visibility(world.sec, "conference:third-congress") == ev.CHAIR
    assert live.visibility(world.users["rivera"], "conference:third-congress") == ev.MEMBERS
