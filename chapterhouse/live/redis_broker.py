"""The broker for several worker processes: committed journal events travel over Redis pub/sub.

``publish`` sends the event to one Redis channel; every process that follows a scope runs one
listener thread subscribed to that channel, which hands each event to the process's local
subscribers (the live hub). A process does not deliver its own events directly: they come back
through Redis like everyone else's, so every process sees the same order.

Redis pub/sub keeps nothing: an event published while a listener was disconnected is not
redelivered. That loses nothing a client sees, because the hub treats events as a doorbell and
reads the journal itself (``chapterhouse.live.hub``), and rereads every followed scope on its
heartbeat; at worst an event reaches screens one heartbeat late.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import redis
from django.conf import settings

from chapterhouse.core.journal import InProcessBroker, JournalEvent, Subscriber

logger = logging.getLogger(__name__)

RECONNECT_SECONDS = 1.0


def encode(event: JournalEvent) -> bytes:
    return json.dumps(
        {
            "id": event.id,
            "scope": event.scope,
            "kind": event.kind,
            "payload": event.payload,
            "created_at": event.created_at.isoformat(),
        },
        separators=(",", ":"),
    ).encode()


def decode(data: bytes) -> JournalEvent:
    raw: dict[str, Any] = json.loads(data)
    return JournalEvent(
        id=int(raw["id"]),
        scope=str(raw["scope"]),
        kind=str(raw["kind"]),
        payload=dict(raw["payload"]),
        created_at=dt.datetime.fromisoformat(raw["created_at"]),
    )


class RedisBroker:
    """Publishes to the Redis channel ``CHAPTERHOUSE_BROKER_CHANNEL``; subscribers of this
    process are called in the listener thread (the hub hands over to its event loop at once)."""

    def __init__(self, url: str, channel: str) -> None:
        self.url = url
        self.channel = channel
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._local = InProcessBroker()
        self._lock = threading.Lock()
        self._listener: threading.Thread | None = None
        self._stopping = threading.Event()
        self._listening = threading.Event()

    @classmethod
    def from_url(cls, url: str) -> RedisBroker:
        return cls(url, settings.CHAPTERHOUSE_BROKER_CHANNEL)

    def publish(self, event: JournalEvent) -> None:
        """Send the event to every process. The write it reports has committed: a failure is
        logged, not raised (the hub's heartbeat reread delivers it later)."""
        try:
            self._redis.publish(self.channel, encode(event))
        except redis.RedisError:
            logger.exception("could not publish journal entry #%s to Redis", event.id)

    def subscribe(self, scope: str, subscriber: Subscriber) -> Callable[[], None]:
        self._ensure_listener()
        return self._local.subscribe(scope, subscriber)

    def wait_listening(self, timeout: float) -> bool:
        """Whether the listener is subscribed in Redis (tests and the benchmark wait for it)."""
        self._ensure_listener()
        return self._listening.wait(timeout)

    def close(self) -> None:
        self._stopping.set()
        listener = self._listener
        if listener is not None:
            listener.join(timeout=5)
        self._redis.close()

    def _ensure_listener(self) -> None:
        with self._lock:
            if self._listener is None or not self._listener.is_alive():
                self._stopping.clear()
                self._listener = threading.Thread(
                    target=self._listen, name="chapterhouse-live-redis", daemon=True
                )
                self._listener.start()

    def _listen(self) -> None:
        while not self._stopping.is_set():
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]  # redis-py leaves it untyped
            try:
                pubsub.subscribe(self.channel)
                self._listening.set()
                while not self._stopping.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None and message["type"] == "message":
                        self._deliver(message["data"])
            except redis.RedisError:
                self._listening.clear()
                logger.warning("Redis broker connection lost; reconnecting", exc_info=True)
                self._stopping.wait(RECONNECT_SECONDS)
            finally:
                pubsub.close()
        self._listening.clear()

    def _deliver(self, data: bytes) -> None:
        try:
            event = decode(data)
        except (ValueError, KeyError, TypeError):
            logger.warning("ignored a malformed message on %s", self.channel)
            return
        self._local.publish(event)
