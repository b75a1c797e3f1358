"""One process's fan-out: each followed scope is read once, each event encoded once, and every
open connection gets the frames of its visibility class.

A broker event is a doorbell. The hub does not trust the order in which events arrive (two
commits of one scope may publish in either order, and Redis keeps nothing for a listener that
was away); on every ring it reads the scope's journal after the last id it delivered
(``journal_since``). Ids within a scope become visible in commit order (core.journal), so
reading after the last delivered id never skips an entry. The heartbeat rings every scope too,
so an event whose publication was lost still arrives, one heartbeat late.

Everything here runs on the event loop of the server process, except the database reads, which
run on a small pool of threads of the hub's own (never one per connection).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

from chapterhouse.core.journal import JournalEvent, broker, journal_since, subscribe

if TYPE_CHECKING:
    from chapterhouse.live.policy import ScopePolicy

logger = logging.getLogger(__name__)

T = TypeVar("T")

BATCH = 500  # journal entries read at once
DATABASE_THREADS = 4  # threads of the hub's pool (connect-time look-ups and journal reads)
HEARTBEAT = b": keep-alive\n\n"
LISTEN_TIMEOUT = 5.0  # seconds a new feed waits for the broker to listen
# After delivering a count that a later one may supersede (policy.supersedes), the feed reads
# again at most this much later: during a vote storm each poll's count reaches each screen
# about three times a second, whatever the number of ballots.
SETTLE_SECONDS = 0.3


def frame(event: JournalEvent) -> bytes:
    """The SSE frame of an event: its id is the journal id, its type the journal kind."""
    data = json.dumps(
        {
            "id": event.id,
            "scope": event.scope,
            "kind": event.kind,
            "payload": event.payload,
            "created_at": event.created_at.isoformat(),
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return f"id: {event.id}\nevent: {event.kind}\ndata: {data}\n\n".encode()


def read_after(scope: str, after_id: int, limit: int = BATCH) -> list[JournalEvent]:
    """Up to ``limit`` entries of ``scope`` after ``after_id`` (runs in a thread)."""
    try:
        return [JournalEvent.of(e) for e in journal_since(scope=scope, after_id=after_id)[:limit]]
    finally:
        close_connections()


def last_id_of(scope: str) -> int:
    """The id of the scope's newest entry, 0 if none (runs in a thread)."""
    try:
        newest = journal_since(scope=scope).order_by("-id").values_list("id", flat=True).first()
        return newest or 0
    finally:
        close_connections()


def wait_listening() -> None:
    """Wait until the broker receives what other processes publish (the Redis broker
    subscribes in a thread of its own; the in-process broker always does)."""
    wait = getattr(broker(), "wait_listening", None)
    if wait is not None and not wait(LISTEN_TIMEOUT):
        logger.warning("live: the broker is not listening yet; following by heartbeat rereads")


def close_connections() -> None:
    """Hand this thread's database connections back (to the pool on PostgreSQL)."""
    for connection in connections.all(initialized_only=True):
        connection.close()


class Client:
    """One open connection: a bounded buffer of (id, frame) the connection's task drains."""

    __slots__ = (
        "aborted",
        "buffer",
        "closed",
        "heartbeats_closed",
        "limit",
        "overflowed",
        "task",
        "visibility",
        "wake",
    )

    def __init__(self, visibility: str, limit: int) -> None:
        self.visibility = visibility
        self.limit = limit
        self.buffer: deque[tuple[int, bytes]] = deque()
        self.wake = asyncio.Event()
        self.closed = False
        self.overflowed = False
        # The connection's task, and whether the hub cancelled it: a client that reads nothing
        # leaves its task waiting for the socket to drain, which only cancelling ends.
        self.task: asyncio.Task[object] | None = None
        self.aborted = False
        self.heartbeats_closed = 0

    def offer(self, event_id: int, data: bytes) -> None:
        if self.closed:
            return
        if len(self.buffer) >= self.limit:
            # It cannot keep up: close it; it reconnects with its last id and misses nothing.
            self.overflowed = True
            self.close()
            return
        self.buffer.append((event_id, data))
        self.wake.set()

    def close(self) -> None:
        self.closed = True
        self.wake.set()


class Feed:
    """A scope followed by this process: its clients by visibility class, and the id up to which
    its journal has been delivered."""

    def __init__(self, scope: str, policy: ScopePolicy) -> None:
        self.scope = scope
        self.policy = policy
        self.clients: dict[str, set[Client]] = {}
        self.last_id = 0
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.reading = False
        self.rung = False
        self.unsubscribe: Callable[[], None] | None = None
        self.reader: asyncio.Task[None] | None = None

    def count(self) -> int:
        return sum(len(group) for group in self.clients.values())

    def close_clients(self) -> None:
        for group in self.clients.values():
            for client in group:
                client.close()


class Hub:
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.feeds: dict[str, Feed] = {}
        self.executor = ThreadPoolExecutor(DATABASE_THREADS, thread_name_prefix="chapterhouse-live")
        self.heartbeat_task = self.loop.create_task(self._heartbeat())

    async def in_thread(self, function: Callable[..., T], *args: Any) -> T:
        """Run a database look-up on the hub's threads (never on the event loop)."""
        call = sync_to_async(function, thread_sensitive=False, executor=self.executor)
        return await call(*args)

    def clients(self) -> int:
        return sum(feed.count() for feed in self.feeds.values())

    async def join(self, scope: str, policy: ScopePolicy, client: Client) -> Feed:
        """Add ``client`` to the scope's feed, following the scope first if no one here does.
        Raises what the database raised if the scope cannot be read."""
        feed = self.feeds.get(scope)
        if feed is None:
            feed = self.feeds[scope] = Feed(scope, policy)
            feed.unsubscribe = subscribe(scope, self._ring_from_thread)
            try:
                await self.in_thread(wait_listening)
                feed.last_id = await self.in_thread(last_id_of, scope)
            except BaseException as error:
                self._drop(feed)
                feed.ready.set_exception(error)
                feed.ready.exception()  # retrieved: those waiting get it from their await
                raise
            feed.ready.set_result(None)
            feed.clients.setdefault(client.visibility, set()).add(client)
            self._ring(scope)  # what committed while the feed was being set up
            return feed
        await asyncio.shield(feed.ready)
        if self.feeds.get(scope) is not feed:  # set-up failed or everyone left meanwhile
            return await self.join(scope, policy, client)
        feed.clients.setdefault(client.visibility, set()).add(client)
        return feed

    def leave(self, feed: Feed, client: Client) -> None:
        group = feed.clients.get(client.visibility)
        if group is not None:
            group.discard(client)
            if not group:
                del feed.clients[client.visibility]
        if not feed.clients and feed.ready.done() and self.feeds.get(feed.scope) is feed:
            self._drop(feed)

    def _drop(self, feed: Feed) -> None:
        if self.feeds.get(feed.scope) is feed:
            del self.feeds[feed.scope]
        if feed.unsubscribe is not None:
            feed.unsubscribe()
            feed.unsubscribe = None

    def _ring_from_thread(self, event: JournalEvent) -> None:
        """The broker's subscriber: called in the publishing (or listening) thread; it only
        hands the scope to the event loop, so publishing never waits for a client."""
        self.loop.call_soon_threadsafe(self._ring, event.scope)

    def _ring(self, scope: str) -> None:
        feed = self.feeds.get(scope)
        if feed is None or not feed.ready.done():
            return
        if feed.reading:
            feed.rung = True
            return
        feed.reading = True
        # Held by the feed: the loop keeps only a weak reference to a task.
        feed.reader = self.loop.create_task(self._read(feed))

    async def _read(self, feed: Feed) -> None:
        try:
            while True:
                feed.rung = False
                after = feed.last_id
                events = await self.in_thread(read_after, feed.scope, after)
                # Of several counts of one thing (votes cast in a poll), the newest only.
                for event in feed.policy.newest_only(events):
                    self._deliver(feed, event)
                if events:
                    feed.last_id = events[-1].id
                if feed.policy.settles(events):
                    # A count may be one of a burst (a vote storm): let the next ones gather,
                    # so that each screen gets a few frames a second, not one per ballot.
                    await asyncio.sleep(SETTLE_SECONDS)
                if len(events) < BATCH and not feed.rung:
                    break
        except Exception:
            # The database is away: the clients reconnect with their last ids and catch up
            # once it is back (until then the endpoint answers 503).
            logger.exception("live: could not read the journal of %s", feed.scope)
            feed.close_clients()
        finally:
            feed.reading = False

    def _deliver(self, feed: Feed, event: JournalEvent) -> None:
        try:
            classes = feed.policy.audience(event)
        except Exception:
            logger.exception("live: the audience of %s #%s failed", event.kind, event.id)
            return
        listening = [visibility for visibility in classes if feed.clients.get(visibility)]
        if not listening:
            return
        try:
            # Once per event and version, whatever the number of listeners.
            frames = feed.policy.frames(event, listening)
        except Exception:
            logger.exception("live: the versions of %s #%s failed", event.kind, event.id)
            return
        for visibility, data in frames.items():
            for client in feed.clients.get(visibility, ()):
                client.offer(event.id, data)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(settings.CHAPTERHOUSE_LIVE_HEARTBEAT_SECONDS)
            for scope, feed in list(self.feeds.items()):
                self._ring(scope)
                for group in feed.clients.values():
                    for client in list(group):
                        if client.closed:
                            self._abort_if_stuck(client)
                        else:
                            client.offer(0, HEARTBEAT)

    @staticmethod
    def _abort_if_stuck(client: Client) -> None:
        """A closed client still here two heartbeats later is stuck writing to a socket its
        peer does not read: cancel its task, which makes the server drop the connection."""
        client.heartbeats_closed += 1
        task = client.task
        if client.heartbeats_closed >= 2 and task is not None and not task.done():
            client.aborted = True
            task.cancel()

    def close_all(self) -> None:
        """End every open stream (server shutdown): each client reconnects with its last id."""
        for feed in list(self.feeds.values()):
            feed.close_clients()

    def stop(self) -> None:
        self.close_all()
        self.heartbeat_task.cancel()
        self.executor.shutdown(wait=False, cancel_futures=True)


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def hub() -> Hub:
    """This event loop's hub (one per server process)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub()
    return found


def all_hubs() -> list[Hub]:
    return list(_hubs.values())


def stop_hub() -> None:
    """Close the streams of this event loop's hub and forget it (lifespan shutdown)."""
    found = _hubs.pop(asyncio.get_running_loop(), None)
    if found is not None:
        found.stop()
