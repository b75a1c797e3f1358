"""Live fan-out: N screens hold ``/live/<scope>`` open on one server process; events are
committed through the journal (a service's path: ``journal_append`` in a transaction, published
on commit through the Redis broker); for each event it prints the time until every screen had
it, p50/p99/max over all deliveries, events missed, memory per open connection and the
server's threads. The same run measures a bare raw-ASGI SSE endpoint (``bench/bare_sse.py``),
fed by the same Redis, so that Chapterhouse's overhead is a ratio.

    ulimit -n 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ch_live_bench \\
        .venv/bin/python bench/live_fanout.py [--clients 1000] [--events 5] [--only chapterhouse]

Needs PostgreSQL (the database in DATABASE_URL is migrated first) and Redis on 127.0.0.1:6379.
Latency = receipt (client's ``time.monotonic()``) − just before the commit; both clocks are the
system's CLOCK_MONOTONIC. Clients: 2 processes of raw asyncio connections (uvloop), at most 200
connects in flight. Results: docs/benchmarks.md, "Live updates".
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/5"
ID_LINE = re.compile(rb"(?m)^id: ([0-9]+)$")


def raise_fd_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# --- client process ---------------------------------------------------------------------


class Screen(asyncio.Protocol):
    def __init__(self, received: dict[int, list[float]], connected: asyncio.Event) -> None:
        self.received = received
        self.connected = connected
        self.tail = b""
        self.ok = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        if not self.ok:
            if b": connected" in data:
                self.ok = True
                self.connected.set()
            else:
                self.tail += data
                if b": connected" in self.tail:
                    self.ok = True
                    self.connected.set()
                return
        buffer = self.tail + data
        cut = buffer.rfind(b"\n") + 1
        for match in ID_LINE.finditer(buffer, 0, cut):
            self.received.setdefault(int(match.group(1)), []).append(now)
        self.tail = buffer[cut:]


async def clients(port: int, path: str, cookie: str, count: int) -> None:
    raise_fd_limit()
    loop = asyncio.get_running_loop()
    received: dict[int, list[float]] = {}
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        f"Cookie: sessionid={cookie}\r\n\r\n"
    ).encode()
    gate = asyncio.Semaphore(200)
    screens: list[Screen] = []

    async def connect() -> None:
        async with gate:
            connected = asyncio.Event()
            for _attempt in range(20):
                try:
                    transport, screen = await loop.create_connection(
                        lambda: Screen(received, connected), "127.0.0.1", port
                    )
                    break
                except OSError:
                    await asyncio.sleep(0.2)
            else:
                raise RuntimeError("could not connect")
            transport.write(request)
            screens.append(screen)
            await asyncio.wait_for(connected.wait(), 60)

    await asyncio.gather(*(connect() for _ in range(count)))
    print("ready", flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)  # until the run is over
    print(json.dumps({str(k): v for k, v in received.items()}), flush=True)
    for screen in screens:
        if screen.transport is not None:
            screen.transport.close()


# --- orchestrator ------------------------------------------------------------------------


def proc_status(pid: int) -> tuple[int, int]:
    """(RSS in KiB, threads) of a process."""
    rss = threads = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
        elif line.startswith("Threads:"):
            threads = int(line.split()[1])
    return rss, threads


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(kind: str, n: int, events: int, env: dict[str, str], cookie: str) -> dict[str, Any]:
    import redis
    from django.db import transaction

    from chapterhouse.core.journal import journal_append

    port = free_port()
    channel = env["CHAPTERHOUSE_BROKER_CHANNEL"]
    if kind == "chapterhouse":
        command = [sys.executable, str(ROOT / "bench/live_server.py"), str(port)]
        path = "/live/bench:hall"
    else:
        command = [sys.executable, str(ROOT / "bench/bare_sse.py"), str(port), REDIS_URL, channel]
        path = "/sse"
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        wait_listening(port)
        time.sleep(1)
        idle_rss, idle_threads = proc_status(server.pid)
        started = time.monotonic()
        halves = [n // 2, n - n // 2]
        workers = [
            subprocess.Popen(
                [sys.executable, __file__, "--client", str(port), path, cookie, str(count)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for count in halves
        ]
        for worker in workers:
            if worker.stdout is None or worker.stdout.readline().strip() != "ready":
                raise RuntimeError("a client process could not connect its screens")
        connect_seconds = time.monotonic() - started
        time.sleep(1)
        rss, threads = proc_status(server.pid)
        publisher = redis.Redis.from_url(REDIS_URL)
        sent: dict[int, float] = {}
        for k in range(events):
            time.sleep(1.5)
            if kind == "chapterhouse":
                with transaction.atomic():
                    t0 = time.monotonic()
                    entry = journal_append(
                        scope="bench:hall", kind="item.moved", payload={"k": k}, by=None
                    )
                sent[entry.pk] = t0
            else:
                t0 = time.monotonic()
                publisher.publish(channel, str(k + 1))
                sent[k + 1] = t0
        time.sleep(2)
        received: dict[int, list[float]] = {}
        for worker in workers:
            if worker.stdin is None or worker.stdout is None:
                raise RuntimeError("a client process has no pipes")
            worker.stdin.write("done\n")
            worker.stdin.flush()
            for key, times in json.loads(worker.stdout.readline()).items():
                received.setdefault(int(key), []).extend(times)
            worker.wait(timeout=30)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    delays = [(t - sent[i]) * 1000 for i in sent for t in received.get(i, [])]
    every = [max(received[i]) - sent[i] for i in sent if i in received]
    missed = n * len(sent) - len(delays)
    return {
        "server": kind,
        "n": n,
        "connect_s": round(connect_seconds, 1),
        "rss_idle_mib": round(idle_rss / 1024, 1),
        "rss_mib": round(rss / 1024, 1),
        "kib_per_conn": round((rss - idle_rss) / n, 1),
        "threads": f"{idle_threads} → {threads}",
        "p50_ms": round(statistics.median(delays), 1) if delays else None,
        "p99_ms": round(percentile(delays, 0.99), 1) if delays else None,
        "max_ms": round(max(delays), 1) if delays else None,
        "all_had_it_ms": [round(x * 1000) for x in every],
        "missed": missed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--events", type=int, default=5)
    parser.add_argument("--only", choices=["chapterhouse", "bare"])
    parser.add_argument("--client", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        import uvloop

        port, path, cookie, count = args.client
        uvloop.run(clients(int(port), path, cookie, int(count)))
        return
    raise_fd_limit()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may use.")
    env = dict(os.environ)
    env.setdefault("CHAPTERHOUSE_SECRET_KEY", "bench-" + "s" * 50)
    env["CHAPTERHOUSE_BROKER_URL"] = REDIS_URL
    env["CHAPTERHOUSE_BROKER_CHANNEL"] = f"chapterhouse-bench-{uuid.uuid4().hex}"
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "chapterhouse.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", interactive=False, verbosity=0)
    user, _ = User.objects.get_or_create(username="bench-screen")
    browser = Client()
    browser.force_login(user)
    cookie = browser.cookies["sessionid"].value
    kinds = [args.only] if args.only else ["bare", "chapterhouse"]
    results = [run(kind, args.clients, args.events, env, cookie) for kind in kinds]
    for result in results:
        print(json.dumps(result))
    if len(results) == 2:
        bare, ours = results
        if bare["p99_ms"] and ours["p99_ms"]:
            print(
                json.dumps(
                    {
                        "p99_ratio": round(ours["p99_ms"] / bare["p99_ms"], 2),
                        "kib_ratio": round(
                            ours["kib_per_conn"] / max(bare["kib_per_conn"], 0.1), 2
                        ),
                    }
                )
            )


if __name__ == "__main__":
    main()
