"""The journal: what live pages follow, written in a service's transaction, published after commit.

A service that changes something a live page shows calls ``journal_append`` inside its own
transaction, next to its audit row. The entry is stored with the rest of the write; only when
the transaction commits is it handed to the broker, which passes it to the subscribers of its
scope. A rolled-back write publishes nothing, and nothing is published before the data it
describes can be read. The entry's id is the live stream's event id: a client that reconnects
reads the entries of its scope after the last id it saw (``journal_since``), so it misses nothing
that was published while it was away.

The broker is in-process by default (one worker). ``CHAPTERHOUSE_BROKER_URL`` names a Redis
broker for several workers; core does not know how to reach Redis: the live package registers a
factory (``register_broker_factory``) when its app is ready, and without one, asking for the
broker fails loudly rather than quietly publishing to this process alone.

Within one scope, ids follow commit order: ``journal_append`` takes a transaction-scoped lock on
the scope (PostgreSQL advisory lock; SQLite writers are serialized already), so an entry with a
higher id of the same scope can never become visible before one with a lower id. A reader that
has seen every entry of a scope up to id N therefore never finds a later entry below N.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from chapterhouse.core.models import JournalEntry

if TYPE_CHECKING:
    import datetime as dt

    from django.db.models import QuerySet

    from chapterhouse.core.actors import Actor

logger = logging.getLogger(__name__)

# Dotted past tense, like the audit log's actions: "poll.opened", "speech.delivered".
KIND_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


@dataclass(frozen=True)
class JournalEvent:
    """What the broker carries: a committed entry, as plain values (no database row crosses
    threads or, later, processes)."""

    id: int
    scope: str
    kind: str
    payload: dict[str, Any]
    created_at: dt.datetime

    @classmethod
    def of(cls, entry: JournalEntry) -> JournalEvent:
        return cls(
            id=entry.pk,
            scope=entry.scope,
            kind=entry.kind,
            payload=entry.payload,
            created_at=entry.created_at,
        )


Subscriber = Callable[[JournalEvent], None]


class Broker(Protocol):
    """Carries committed journal events to the subscribers of their scope."""

    def publish(self, event: JournalEvent) -> None: ...

    def subscribe(self, scope: str, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` with every event of ``scope`` published from now on; returns
        the function that unsubscribes it."""
        ...


class InProcessBroker:
    """The broker of a single worker process: subscribers are called in the publishing thread,
    in the order they subscribed. A subscriber that fails is logged and the others still get the
    event (the write it reports has committed; nothing can undo it). A subscriber on an event loop
    (the SSE endpoint) hands the event over with ``loop.call_soon_threadsafe``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, list[Subscriber]] = {}

    def publish(self, event: JournalEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers.get(event.scope, ()))
        for subscriber in subscribers:
            try:
                subscriber(event)
            except Exception:
                logger.exception("journal subscriber failed on %s #%s", event.kind, event.id)

    def subscribe(self, scope: str, subscriber: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subscribers.setdefault(scope, []).append(subscriber)

        def unsubscribe() -> None:
            with self._lock:
                listeners = self._subscribers.get(scope, [])
                if subscriber in listeners:
                    listeners.remove(subscriber)
                if not listeners:
                    self._subscribers.pop(scope, None)

        return unsubscribe


_in_process = InProcessBroker()

BrokerFactory = Callable[[str], Broker]
_factory: BrokerFactory | None = None
_configured: dict[str, Broker] = {}
_configured_lock = threading.Lock()


def register_broker_factory(factory: BrokerFactory) -> None:
    """Let an upper layer (``chapterhouse.live``) build the broker that
    ``CHAPTERHOUSE_BROKER_URL`` names; called from its ``AppConfig.ready``."""
    global _factory
    _factory = factory


def broker() -> Broker:
    """The configured broker: in-process unless ``CHAPTERHOUSE_BROKER_URL`` is set; one
    instance per URL and process."""
    url: str = settings.CHAPTERHOUSE_BROKER_URL
    if not url:
        return _in_process
    with _configured_lock:
        found = _configured.get(url)
        if found is None:
            if _factory is None:
                raise ImproperlyConfigured(
                    "CHAPTERHOUSE_BROKER_URL is set, but no broker for it is registered: "
                    "chapterhouse.live must be in INSTALLED_APPS."
                )
            found = _configured[url] = _factory(url)
        return found


def subscribe(scope: str, subscriber: Subscriber) -> Callable[[], None]:
    """Follow ``scope`` on the configured broker; returns the function that stops following."""
    return broker().subscribe(scope, subscriber)


def publish(event: JournalEvent) -> None:
    """Hand a committed event to the configured broker. Services do not call this:
    ``journal_append`` does, after commit."""
    broker().publish(event)


def journal_append(*, scope: str, kind: str, payload: dict[str, Any], by: Actor) -> JournalEntry:
    """Append an entry to the journal of ``scope`` in the caller's transaction, and publish it
    once that transaction commits (never if it rolls back).

    It must be called inside the service's ``transaction.atomic``: an entry written on its own
    could be published for a write that then fails. ``kind`` is dotted past tense
    (``poll.opened``); ``payload`` is JSON-ready. ``by`` is taken so that every write states who
    acts, as services do; who did it is the audit row's business, which the service writes in the
    same transaction, so the journal (which live pages show to everyone in the scope) does not
    store it."""
    del by  # recorded by the service's audit row
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal_append runs inside the service's transaction.atomic.")
    if not scope:
        raise ValueError("A journal entry needs a scope.")
    if not KIND_PATTERN.match(kind):
        raise ValueError(f"A journal kind is dotted past tense, like 'poll.opened': {kind!r}.")
    _lock_scope(scope)
    entry = JournalEntry.objects.create(scope=scope, kind=kind, payload=payload)
    event = JournalEvent.of(entry)
    transaction.on_commit(lambda: publish(event))
    return entry


def _lock_scope(scope: str) -> None:
    """Hold the scope's journal lock until the transaction ends, so that ids within a scope
    become visible in order (see the module's docstring)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["journal:" + scope])


def journal_since(*, scope: str, after_id: int = 0) -> QuerySet[JournalEntry]:
    """The entries of ``scope`` after ``after_id`` in the order they were written: what a
    client that reconnects with ``Last-Event-ID`` missed."""
    return JournalEntry.objects.filter(scope=scope, id__gt=after_id).order_by("id")
