"""The live endpoint against a real uvicorn server: replay, visibility, slow clients, bad ids."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client, override_settings

from chapterhouse.core.journal import journal_append
from tests.live.helpers import commit, live_server, open_stream, register_test_scope

pytestmark = pytest.mark.django_db(transaction=True)

SCOPE = "livetest:hall"


@pytest.fixture
def port() -> Iterator[int]:
    if connection.vendor != "postgresql":
        # SQLite's in-memory test database (shared cache) locks whole tables against readers in
        # other threads while a write is open, which a site's WAL file does not.
        pytest.skip("the server's threads read while the test writes: run with DATABASE_URL")
    register_test_scope()
    with live_server() as found:
        yield found


def status_of(port: int, scope: str, **options: Any) -> int:
    stream = open_stream(port, scope, **options)
    status = stream.status
    stream.close()
    return status


def session_of(username: str) -> str:
    user = User.objects.create_user(username=username, password="pw-" + username + "-1")
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_it_streams_events_as_they_commit(port: int) -> None:
    stream = open_stream(port, SCOPE)
    assert stream.status == 200
    assert stream.response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    time.sleep(0.2)  # the stream follows from now: let it be followed before committing
    ids = commit(SCOPE, 3, payload={"note": "x"})
    got = stream.events(3)
    assert [e.id for e in got] == ids
    assert got[0].kind == "item.moved"
    assert '"payload":{"note":"x"}' in got[0].data
    stream.close()


def test_last_event_id_replays_what_was_missed_then_follows(port: int) -> None:
    ids = commit(SCOPE, 5)
    commit("livetest:other", 2)
    stream = open_stream(port, SCOPE, last_id=ids[1])
    assert [e.id for e in stream.events(3)] == ids[2:]
    later = commit(SCOPE, 2)
    assert [e.id for e in stream.events(2)] == later
    assert stream.no_event_within(0.5)
    stream.close()


def test_the_query_parameter_serves_eventsources_first_connect(port: int) -> None:
    ids = commit(SCOPE, 3)
    stream = open_stream(port, SCOPE, query=f"?last_event_id={ids[0]}")
    assert [e.id for e in stream.events(2)] == ids[1:]
    stream.close()


def test_reconnecting_while_events_commit_misses_nothing_and_gets_nothing_twice(
    port: int,
) -> None:
    start = commit(SCOPE)[0]
    committed: list[int] = []
    done = threading.Event()

    def writer() -> None:
        try:
            for _ in range(120):
                committed.extend(commit(SCOPE))
                time.sleep(0.004)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    received: list[int] = []
    last = start
    reconnects = 0
    while True:
        stream = open_stream(port, SCOPE, last_id=last)
        for _ in range(7):  # a few events, then the connection drops
            try:
                event = stream.next_event(timeout=1)
            except TimeoutError:
                break
            assert event is not None
            received.append(event.id)
            last = event.id
        stream.close()
        reconnects += 1
        if done.is_set():
            break
    thread.join()
    final = open_stream(port, SCOPE, last_id=last)
    while len(received) < len(committed):
        event = final.next_event(timeout=5)
        assert event is not None
        received.append(event.id)
    assert final.no_event_within(0.3)
    final.close()
    assert reconnects > 3
    assert received == committed  # in order, none missing, none twice


def test_each_client_gets_only_what_it_may_see(port: int) -> None:
    chair = session_of("chair")
    member = session_of("member")
    streams = {
        "anonymous": open_stream(port, SCOPE, last_id=0),
        "member": open_stream(port, SCOPE, last_id=0, cookie=member),
        "chair": open_stream(port, SCOPE, last_id=0, cookie=chair),
    }
    public = commit(SCOPE)
    secret = commit(SCOPE, payload={"for": ["chair"]})
    hidden = commit(SCOPE, payload={"for": []})
    closing = commit(SCOPE)
    assert [e.id for e in streams["chair"].events(3)] == public + secret + closing
    for name in ("anonymous", "member"):
        assert [e.id for e in streams[name].events(2)] == public + closing
    for stream in streams.values():
        assert stream.no_event_within(0.3)
        stream.close()
    # The same holds for the backlog.
    replay = open_stream(port, SCOPE, last_id=public[0] - 1, cookie=member)
    assert [e.id for e in replay.events(2)] == public + closing
    assert replay.no_event_within(0.3)
    replay.close()
    chair_replay = open_stream(port, SCOPE, last_id=public[0] - 1, cookie=chair)
    assert [e.id for e in chair_replay.events(3)] == public + secret + closing
    assert hidden[0] > secret[0]
    assert chair_replay.no_event_within(0.3)
    chair_replay.close()


def test_a_scope_one_may_not_follow_is_not_there(port: int) -> None:
    member = session_of("member")
    assert status_of(port, "livetest:hidden") == 404
    assert status_of(port, "livetest:hidden", cookie=member) == 404
    assert status_of(port, "livetest:members-only") == 404
    assert status_of(port, "livetest:members-only", cookie=member) == 200
    assert status_of(port, "livetest:members-only", cookie="forged-session") == 404
    assert status_of(port, "nobody:registered") == 404
    assert status_of(port, "no-colon") == 404
    assert status_of(port, "livetest:a%00b") == 404
    assert status_of(port, "livetest:" + "x" * 5000) == 404


@pytest.mark.parametrize(
    "bad", ["abc", "-1", "1.5", "99999999999999999999", "1e3", "0x10", " 7", "%00"]
)
def test_a_bad_last_event_id_is_refused(port: int, bad: str) -> None:
    if bad == "%00":
        stream = open_stream(port, SCOPE, query="?last_event_id=%00")
    elif bad == " 7":
        stream = open_stream(port, SCOPE, query="?last_event_id=%207")
    else:
        stream = open_stream(port, SCOPE, last_id=bad)
    assert stream.status == 400
    assert b"Last-Event-ID" in stream.response.read()
    stream.close()


def test_only_get_reads_the_stream(port: int) -> None:
    assert status_of(port, SCOPE, method="POST") == 405
    assert status_of(port, SCOPE, method="HEAD") == 200


def test_a_rolled_back_write_reaches_no_client(port: int) -> None:
    stream = open_stream(port, SCOPE, last_id=0)
    first = commit(SCOPE)

    class UndoError(Exception):
        pass

    with pytest.raises(UndoError), transaction.atomic():
        journal_append(scope=SCOPE, kind="item.moved", payload={}, by=None)
        raise UndoError
    last = commit(SCOPE)
    assert [e.id for e in stream.events(2)] == first + last
    assert stream.no_event_within(0.3)
    stream.close()


@override_settings(CHAPTERHOUSE_LIVE_CLIENT_BUFFER=4)
def test_a_client_that_cannot_keep_up_is_closed_and_catches_up_on_reconnect(port: int) -> None:
    # A client that reads nothing, with a tiny receive window: the server's writes stall, the
    # client's buffer fills, and the server gives up on it.
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", port))
    raw.sendall(f"GET /live/{SCOPE}?last_event_id=0 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    time.sleep(0.3)
    # More than the kernel's socket buffers hold (tcp_wmem's 4 MiB at most).
    ids = commit(SCOPE, 120, payload={"text": "x" * 60_000})
    time.sleep(0.5)
    raw.settimeout(10)
    body = b""
    while True:
        chunk = raw.recv(65536)
        if not chunk:
            break
        body += chunk
        if body.endswith(b"0\r\n\r\n"):  # the chunked stream's end: the server closed it
            break
    raw.close()
    got = [int(line[4:]) for line in body.split(b"\n") if line.startswith(b"id: ")]
    assert 0 < len(got) < len(ids), "the slow client was not cut off"
    assert got == ids[: len(got)]
    rest = open_stream(port, SCOPE, last_id=got[-1])
    assert [e.id for e in rest.events(len(ids) - len(got))] == ids[len(got) :]
    rest.close()


@override_settings(CHAPTERHOUSE_LIVE_HEARTBEAT_SECONDS=1)
def test_an_idle_stream_gets_heartbeats(port: int) -> None:
    stream = open_stream(port, SCOPE)
    assert stream.no_event_within(2.5)
    assert ": keep-alive" in stream.comments
    stream.close()


@override_settings(CHAPTERHOUSE_LIVE_CLIENT_BUFFER=4, CHAPTERHOUSE_LIVE_HEARTBEAT_SECONDS=1)
def test_a_client_that_reads_nothing_at_all_is_dropped(port: int) -> None:
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", port))
    raw.sendall(f"GET /live/{SCOPE}?last_event_id=0 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    time.sleep(0.3)
    commit(SCOPE, 120, payload={"text": "x" * 60_000})
    time.sleep(4)  # the buffer overflowed; two heartbeats later the connection is dropped
    raw.settimeout(10)
    body = b""
    while chunk := raw.recv(65536):
        body += chunk
    raw.close()
    # The server closed the connection (recv returned b"") without finishing the response.
    assert not body.endswith(b"0\r\n\r\n")
    assert body.startswith(b"HTTP/1.1 200")
