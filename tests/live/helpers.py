"""A test scope, a real uvicorn server on a free port, and a small SSE client."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import uvicorn
from django.db import connections, transaction

from chapterhouse.core.journal import journal_append
from chapterhouse.live.policy import register_scope, unregister_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from chapterhouse.core.journal import JournalEvent

PREFIX = "livetest"


def may_follow(user: AbstractBaseUser | AnonymousUser, scope: str) -> bool:
    """``livetest:hidden`` nobody; ``livetest:members-…`` signed-in users; the rest everyone."""
    rest = scope.split(":", 1)[1]
    if rest == "hidden":
        return False
    if rest.startswith("members-"):
        return bool(user.is_authenticated)
    return True


def visibility(user: AbstractBaseUser | AnonymousUser, scope: str) -> str:
    del scope
    return "chair" if user.is_authenticated and user.get_username() == "chair" else "all"


def audience(event: JournalEvent) -> Collection[str]:
    """An event's payload may say who gets it (``{"for": ["chair"]}``); else everyone."""
    return tuple(event.payload.get("for", ("all", "chair")))


def register_test_scope() -> None:
    unregister_scope(PREFIX)
    register_scope(PREFIX, may_follow=may_follow, visibility=visibility, audience=audience)


def commit(scope: str, n: int = 1, payload: dict[str, Any] | None = None) -> list[int]:
    """Append ``n`` entries to ``scope``, each in a transaction of its own; their ids."""
    ids = []
    for _ in range(n):
        with transaction.atomic():
            entry = journal_append(
                scope=scope, kind="item.moved", payload=dict(payload or {}), by=None
            )
            ids.append(entry.pk)
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server() -> Iterator[int]:
    """``chapterhouse.asgi.application`` under uvicorn in a thread of this process (so the
    in-process broker and the test database are shared); yields its port."""
    from chapterhouse.asgi import application

    port = free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        # Streams still open end with the lifespan shutdown at the latest.
        thread.join(timeout=15)
        if thread.is_alive():
            raise RuntimeError("the test server did not stop within 15 s")
        # The server's threads returned their connections to the pool; the test database can
        # only be dropped once the pool lets them go.
        connection = connections["default"]
        if connection.vendor == "postgresql":
            connection.close_pool()  # type: ignore[attr-defined]  # PostgreSQL's wrapper has it


@dataclass
class Event:
    id: int
    kind: str
    data: str


@dataclass
class Stream:
    """An open ``/live/…`` response read line by line."""

    response: http.client.HTTPResponse
    connection: http.client.HTTPConnection
    comments: list[str] = field(default_factory=list)
    ended: bool = False

    @property
    def status(self) -> int:
        return self.response.status

    def next_event(self, timeout: float = 10.0) -> Event | None:
        """The next event, or None when the server ended the stream; TimeoutError when none
        arrives within ``timeout`` seconds (comments do not count)."""
        assert self.connection.sock is not None
        deadline = time.monotonic() + timeout
        fields: dict[str, str] = {}
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.connection.sock.settimeout(remaining)
            line = self.response.readline()
            if not line:
                self.ended = True
                return None
            text = line.decode().rstrip("\n")
            if text == "":
                if "id" in fields:
                    return Event(int(fields["id"]), fields.get("event", ""), fields["data"])
                fields = {}
                continue
            if text.startswith(":"):
                self.comments.append(text)
                continue
            key, _, value = text.partition(": ")
            fields[key] = value

    def events(self, count: int, timeout: float = 10.0) -> list[Event]:
        found = []
        for _ in range(count):
            event = self.next_event(timeout)
            if event is None:
                break
            found.append(event)
        return found

    def no_event_within(self, seconds: float) -> bool:
        """True if nothing but comments arrives within ``seconds`` (the stream stays open)."""
        try:
            self.next_event(seconds)
        except TimeoutError:
            return True
        return False

    def close(self) -> None:
        self.connection.close()


def open_stream(
    port: int,
    scope: str,
    *,
    last_id: int | str | None = None,
    query: str = "",
    cookie: str | None = None,
    method: str = "GET",
) -> Stream:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Accept": "text/event-stream"}
    if last_id is not None:
        headers["Last-Event-ID"] = str(last_id)
    if cookie is not None:
        headers["Cookie"] = f"sessionid={cookie}"
    connection.request(method, f"/live/{scope}{query}", headers=headers)
    stream = Stream(connection.getresponse(), connection)
    return stream
