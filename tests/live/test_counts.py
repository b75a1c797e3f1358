"""Counts on the live stream: of several events that only tell how something stands now (the
votes cast in a poll), a client gets the newest of those read together, in the backlog and
live; every other event still arrives, in order (docs/live.md, "Counts: the newest only")."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Hashable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from chapterhouse.core.journal import JournalEvent, journal_append
from chapterhouse.live.policy import ScopePolicy, register_scope, unregister_scope
from tests.live.helpers import Stream, live_server, open_stream

PREFIX = "counttest"
SCOPE = f"{PREFIX}:hall"
NOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)


def count_of(event: JournalEvent) -> Hashable | None:
    """A ``count`` event is the count of its payload's ``of``; every other kind counts."""
    return ("count.counted", event.payload["of"]) if event.kind == "count.counted" else None


def everyone(*args: object) -> bool:
    return True


POLICY = ScopePolicy(PREFIX, everyone, lambda u, s: "all", lambda e: ("all",), None, count_of)


def event(event_id: int, kind: str, **payload: object) -> JournalEvent:
    return JournalEvent(id=event_id, scope=SCOPE, kind=kind, payload=payload, created_at=NOW)


def test_the_newest_count_of_each_thing_is_kept_and_everything_else_in_order() -> None:
    events = [
        event(1, "count.counted", of=7, cast=1),
        event(2, "item.moved"),
        event(3, "count.counted", of=8, cast=1),
        event(4, "count.counted", of=7, cast=2),
        event(5, "item.moved"),
        event(6, "count.counted", of=7, cast=3),
    ]
    assert [e.id for e in POLICY.newest_only(events)] == [2, 3, 5, 6]
    assert POLICY.settles(events)
    assert not POLICY.settles([events[1], events[4]])
    assert POLICY.newest_only([]) == []


def test_a_key_that_cannot_be_made_delivers_the_event() -> None:
    events = [event(1, "count.counted", cast=1), event(2, "count.counted", cast=2)]  # no "of"
    assert [e.id for e in POLICY.newest_only(events)] == [1, 2]


def test_without_a_supersedes_function_every_event_is_delivered() -> None:
    plain = ScopePolicy(PREFIX, everyone, lambda u, s: "all", lambda e: ("all",))
    events = [event(1, "count.counted", of=7, cast=1), event(2, "count.counted", of=7, cast=2)]
    assert plain.newest_only(events) == events
    assert not plain.settles(events)


@pytest.fixture
def port() -> Iterator[int]:
    if connection.vendor != "postgresql":
        pytest.skip("the server's threads read while the test writes: run with DATABASE_URL")
    unregister_scope(PREFIX)
    register_scope(PREFIX, may_follow=everyone, supersedes=count_of)
    try:
        with live_server() as found:
            yield found
    finally:
        unregister_scope(PREFIX)


def append(kind: str, **payload: object) -> int:
    with transaction.atomic():
        return journal_append(scope=SCOPE, kind=kind, payload=payload, by=None).pk


Received = list[tuple[int, str, dict[str, Any]]]


def read_until(stream: Stream, done: Callable[[Received], bool], timeout: float = 15.0) -> Received:
    got: Received = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = stream.next_event(deadline - time.monotonic())
        assert found is not None, "the stream ended"
        got.append((found.id, found.kind, json.loads(found.data)["payload"]))
        if done(got):
            return got
    raise AssertionError(f"not done within {timeout} s: {got[-5:]}")


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_counts_reaches_a_client_as_a_few_frames_ending_with_the_newest(
    port: int,
) -> None:
    stream = open_stream(port, SCOPE)
    assert stream.status == 200
    time.sleep(0.2)  # followed from now: let it be followed first
    for n in range(1, 151):
        append("count.counted", of=7, cast=n)
        if n == 75:
            other = append("item.moved", note="between")
    last = append("item.moved", note="after")
    got = read_until(stream, lambda got: got[-1][0] == last)
    counts = [payload["cast"] for _id, kind, payload in got if kind == "count.counted"]
    assert counts[-1] == 150
    assert counts == sorted(counts)
    assert len(counts) < 50, f"{len(counts)} count frames for 150 counts"
    assert [i for i, kind, _ in got if kind == "item.moved"] == [other, last]
    assert [i for i, _, _ in got] == sorted(i for i, _, _ in got)
    stream.close()


@pytest.mark.django_db(transaction=True)
def test_the_backlog_gives_the_newest_count_of_each_thing_and_every_other_event(
    port: int,
) -> None:
    first = append("item.moved", note="before")
    for n in range(1, 31):
        append("count.counted", of=7, cast=n)
        append("count.counted", of=8, cast=n * 2)
        if n == 10:
            middle = append("item.moved", note="middle")
    newest_8 = append("count.counted", of=8, cast=61)
    stream = open_stream(port, SCOPE, last_id=first - 1)
    got = read_until(stream, lambda got: got[-1][0] == newest_8)
    assert [(kind, payload) for _id, kind, payload in got] == [
        ("item.moved", {"note": "before"}),
        ("item.moved", {"note": "middle"}),
        ("count.counted", {"of": 7, "cast": 30}),
        ("count.counted", {"of": 8, "cast": 61}),
    ]
    assert got[1][0] == middle
    assert stream.no_event_within(0.5)
    stream.close()
