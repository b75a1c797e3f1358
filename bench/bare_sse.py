"""The baseline of ``bench/live_fanout.py``: a bare raw-ASGI SSE endpoint, no Django, no
policy. ``GET /sse`` holds a queue; a message on the Redis channel is encoded once and put on
every queue. ``python bench/bare_sse.py PORT REDIS_URL CHANNEL``"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import redis.asyncio
import uvicorn

CLIENTS: set[asyncio.Queue[bytes]] = set()
TASKS: list[asyncio.Task[None]] = []  # the loop keeps only weak references to its tasks


async def follow(url: str, channel: str) -> None:
    pubsub = redis.asyncio.Redis.from_url(url).pubsub()
    await pubsub.subscribe(channel)
    async for message in pubsub.listen():
        if message["type"] == "message":
            data = b"id: " + message["data"] + b"\ndata: {}\n\n"
            for queue in CLIENTS:
                queue.put_nowait(data)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            TASKS.append(asyncio.get_running_loop().create_task(follow(sys.argv[2], sys.argv[3])))
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    headers = [(b"content-type", b"text/event-stream")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b": connected\n\n", "more_body": True})
    CLIENTS.add(queue)
    try:
        while True:
            await send({"type": "http.response.body", "body": await queue.get(), "more_body": True})
    finally:
        CLIENTS.discard(queue)


if __name__ == "__main__":
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_level="warning",
        backlog=4096,
        timeout_graceful_shutdown=1,  # its streams never end by themselves
    )
