"""``GET /live/<scope>``: the journal of a scope as Server-Sent Events, as a raw ASGI app.

It runs in front of Django (``chapterhouse.asgi``) so that an open stream holds no thread: the
connection is a coroutine waiting on the hub. The session cookie is read once at connect, in a
thread; so is the scope's policy. A client that sends ``Last-Event-ID`` (or, on its first
connect, ``?last_event_id=``) first gets every entry after that id it may see, then follows live;
without one it follows from now. docs/live.md describes the protocol.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import import_module
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib.auth import get_user
from django.db import DatabaseError
from django.http.cookie import parse_cookie
from django.utils.translation import gettext as _

from chapterhouse.live.hub import (
    BATCH,
    Client,
    all_hubs,
    close_connections,
    hub,
    read_after,
    stop_hub,
)
from chapterhouse.live.policy import policy_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from chapterhouse.live.policy import ScopePolicy

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[..., Awaitable[None]]  # Django's handler types its arguments its own way

logger = logging.getLogger(__name__)

PREFIX = "/live/"
EVENT_ID = re.compile(r"^[0-9]{1,18}$")  # a journal id: a positive 64-bit integer
RETRY_MILLISECONDS = 2000
OPENING = f": connected\nretry: {RETRY_MILLISECONDS}\n\n".encode()


class BadRequestError(Exception):
    pass


def last_event_id(scope: Scope) -> int | None:
    """The id the client saw last: the Last-Event-ID header, else ``?last_event_id=``; None
    when it sent neither. Anything but a decimal journal id is refused."""
    raw: str | None = None
    for name, value in scope.get("headers", ()):
        if name == b"last-event-id":
            raw = value.decode("latin-1")
    if raw is None:
        query = scope.get("query_string", b"").decode("latin-1")
        values = parse_qs(query, keep_blank_values=True).get("last_event_id")
        if values:
            raw = values[-1]
    if raw is None or raw == "":
        return None
    if not EVENT_ID.match(raw):
        raise BadRequestError(_("Last-Event-ID must be a journal id (a whole number)."))
    return int(raw)


def session_key(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            key = parse_cookie(value.decode("latin-1")).get(settings.SESSION_COOKIE_NAME)
            if key:
                return key
    return None


class _SessionRequest:
    """What ``django.contrib.auth.get_user`` reads from a request: its session."""

    def __init__(self, key: str | None) -> None:
        engine = import_module(settings.SESSION_ENGINE)
        self.session = engine.SessionStore(key)


def admit(key: str | None, scope: str, policy: ScopePolicy) -> str | None:
    """The client's visibility class, or None if it may not follow ``scope`` (runs in a
    thread: the session, the user and the policy may all read the database)."""
    try:
        user: AbstractBaseUser | AnonymousUser = get_user(_SessionRequest(key))  # type: ignore[arg-type]  # only .session is read
        if not policy.may_follow(user, scope):
            return None
        return policy.visibility(user, scope)
    finally:
        close_connections()


async def respond(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": (text + "\n").encode()})


async def live(scope: Scope, receive: Receive, send: Send) -> None:
    """Serve one ``/live/<scope>`` request."""
    if scope["method"] not in ("GET", "HEAD"):
        await respond(send, 405, _("The live stream is read with GET."))
        return
    name: str = scope["path"][len(PREFIX) :]
    policy = policy_for(name)
    if policy is None:
        await respond(send, 404, _("There is no such live stream."))
        return
    try:
        after = last_event_id(scope)
    except BadRequestError as error:
        await respond(send, 400, str(error))
        return
    center = hub()
    key = session_key(scope)
    try:
        visibility = await center.in_thread(admit, key, name, policy)
    except DatabaseError:
        logger.warning("live: the database is unavailable", exc_info=True)
        await respond(send, 503, _("The site cannot reach its database; try again shortly."))
        return
    if visibility is None:
        # Not allowed looks like not there: a hidden scope is not revealed to exist.
        await respond(send, 404, _("There is no such live stream."))
        return
    client = Client(visibility, settings.CHAPTERHOUSE_LIVE_CLIENT_BUFFER)
    try:
        feed = await center.join(name, policy, client)  # follow first, then read the backlog
    except DatabaseError:
        logger.warning("live: the database is unavailable", exc_info=True)
        await respond(send, 503, _("The site cannot reach its database; try again shortly."))
        return
    watcher = asyncio.get_running_loop().create_task(watch_disconnect(receive, client))
    client.task = asyncio.current_task()
    try:
        await stream(scope, send, client, policy, name, after)
    except asyncio.CancelledError:
        if not client.aborted:
            raise
        # The hub gave up on a client that reads nothing: returning with the response
        # unfinished makes the server close the connection (uvicorn logs that it did).
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()
        logger.info("live: dropped a client of %s that stopped reading", name)
    finally:
        watcher.cancel()
        center.leave(feed, client)


async def watch_disconnect(receive: Receive, client: Client) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            client.close()
            return


async def stream(
    scope: Scope, send: Send, client: Client, policy: ScopePolicy, name: str, after: int | None
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/event-stream; charset=utf-8"),
                (b"cache-control", b"no-store"),
                (b"x-accel-buffering", b"no"),  # a proxy must pass each event on at once
            ],
        }
    )
    if scope["method"] == "HEAD":
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.body", "body": OPENING, "more_body": True})
    seen = 0  # the highest journal id this client has been given or shown to be past
    if after is not None:
        seen = after
        center = hub()
        while not client.closed:
            start = seen
            try:
                events = await center.in_thread(read_after, name, start)
            except DatabaseError:
                logger.warning("live: the backlog of %s could not be read", name, exc_info=True)
                break
            chunk = [
                data
                for e in policy.newest_only(events)
                if client.visibility in policy.audience(e)
                for data in policy.frames(e, (client.visibility,)).values()
            ]
            if events:
                seen = events[-1].id
            if chunk:
                body = b"".join(chunk)
                await send({"type": "http.response.body", "body": body, "more_body": True})
            if len(events) < BATCH:  # a short page: the backlog is read
                break
    while not client.closed:
        await client.wake.wait()
        client.wake.clear()
        if client.closed:
            break
        parts = []
        while client.buffer:
            event_id, data = client.buffer.popleft()
            if event_id == 0:
                parts.append(data)
            elif event_id > seen:  # what the backlog already gave is not given twice
                seen = event_id
                parts.append(data)
        if parts:
            await send({"type": "http.response.body", "body": b"".join(parts), "more_body": True})
    if client.overflowed:
        logger.info("live: closed a client of %s that could not keep up", name)
    await send({"type": "http.response.body", "body": b""})


class LiveASGI:
    """The site's ASGI application: ``/live/`` here, everything else to Django; the lifespan
    protocol closes every open stream on shutdown."""

    def __init__(self, django: ASGIApp) -> None:
        self.django = django

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http" and scope["path"].startswith(PREFIX):
            await live(scope, receive, send)
        elif kind == "lifespan":
            await self.lifespan(receive, send)
        else:
            await self.django(scope, receive, send)

    async def lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                close_streams_on_exit_signal()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                stop_hub()
                await send({"type": "lifespan.shutdown.complete"})
                return


def close_streams_on_exit_signal() -> None:
    """uvicorn waits, on SIGINT/SIGTERM, for open responses to finish before it runs the
    lifespan shutdown; a live stream never finishes on its own. So the exit signal, as uvicorn
    handles it, first ends every open stream (each client reconnects, to this server once it is
    back or to another worker, with its last id)."""
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(number)
        if callable(previous):
            try:
                signal.signal(number, _chained(loop, previous))
            except ValueError:  # not the main thread: no signals to chain
                return


def _chained(
    loop: asyncio.AbstractEventLoop, previous: Callable[[int, Any], Any]
) -> Callable[[int, Any], None]:
    def on_exit(signum: int, frame: Any) -> None:
        loop.call_soon_threadsafe(close_all_streams)
        previous(signum, frame)

    return on_exit


def close_all_streams() -> None:
    for found in all_hubs():
        found.close_all()
