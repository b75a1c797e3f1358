"""The endpoint's answers without a server (an in-memory ASGI driver), and the Redis message
format."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

import pytest
from django.db import OperationalError

from chapterhouse.core.journal import JournalEvent
from chapterhouse.live import endpoint, hub
from chapterhouse.live.policy import policy_for, register_scope
from chapterhouse.live.redis_broker import decode, encode
from tests.live.helpers import register_test_scope

NOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)


def call(path: str, query: bytes = b"") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(30)
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    async def run() -> None:
        scope = {"type": "http", "method": "GET", "path": path, "query_string": query}
        scope["headers"] = []
        try:
            await endpoint.live(scope, receive, send)
        finally:
            hub.stop_hub()

    asyncio.run(run())
    return sent


def boom(*args: Any) -> None:
    raise OperationalError("connection refused")


def test_the_database_being_down_answers_503(monkeypatch: pytest.MonkeyPatch) -> None:
    register_test_scope()
    monkeypatch.setattr(endpoint, "admit", boom)
    sent = call("/live/livetest:hall")
    assert sent[0]["status"] == 503
    assert b"database" in sent[1]["body"]


def test_the_database_going_down_while_following_a_scope_answers_503(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register_test_scope()
    monkeypatch.setattr(endpoint, "admit", lambda *args: "all")
    monkeypatch.setattr(hub, "last_id_of", boom)
    sent = call("/live/livetest:hall")
    assert sent[0]["status"] == 503


def test_bad_input_is_refused_before_the_database_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register_test_scope()
    monkeypatch.setattr(endpoint, "admit", boom)
    assert call("/live/livetest:hall", b"last_event_id=12%00")[0]["status"] == 400
    assert call("/live/livetest:hall", b"last_event_id=" + b"9" * 19)[0]["status"] == 400
    assert call("/live/unknown:hall")[0]["status"] == 404
    assert call("/live/livetest:\x00")[0]["status"] == 404


def test_a_prefix_is_registered_once_and_well_formed() -> None:
    register_test_scope()
    with pytest.raises(ValueError, match="registered already"):
        register_scope("livetest", may_follow=lambda user, scope: True)
    with pytest.raises(ValueError, match="lower-case"):
        register_scope("Bad-Prefix", may_follow=lambda user, scope: True)
    assert policy_for("livetest:x") is not None
    assert policy_for("livetest:") is None
    assert policy_for("livetest:a b") is None


def test_an_event_crosses_redis_unchanged_and_is_framed_once() -> None:
    event = JournalEvent(
        id=7, scope="livetest:hall", kind="item.moved", payload={"t": "ü\n"}, created_at=NOW
    )
    assert decode(encode(event)) == event
    data = hub.frame(event)
    assert data.startswith(b"id: 7\nevent: item.moved\ndata: {")
    assert data.endswith(b"\n\n")
    assert data.count(b"\n") == 4  # a newline in the payload cannot end the frame early


def test_a_publish_redis_cannot_take_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Port 1 refuses at once: the write this event reports has committed; raising would turn
    # the committed request into an error page.
    from chapterhouse.live.redis_broker import RedisBroker

    broker = RedisBroker("redis://127.0.0.1:1/5", "chapterhouse-test")
    event = JournalEvent(id=1, scope="livetest:hall", kind="item.moved", payload={}, created_at=NOW)
    # The module's logger enabled for the test: other tests (the CLI's) apply the site's logging
    # settings again, which can leave it disabled, and then nothing would reach caplog.
    broker_logger = logging.getLogger("chapterhouse.live.redis_broker")
    disabled = broker_logger.disabled
    broker_logger.disabled = False
    try:
        with caplog.at_level(logging.ERROR, logger="chapterhouse.live.redis_broker"):
            broker.publish(event)
    finally:
        broker_logger.disabled = disabled
        broker.close()
    assert "could not publish journal entry #1" in caplog.text
