"""Live fan-out: N delegate screens follow a real conference (``/live/conference:<key>``) on
one server process while the chair acts through the real HTTP path: 5 POSTs to the console's
action endpoint (``/conferences/<key>/console/act/``, with the chair's session and CSRF token,
on the same server), each running a service that commits a journal entry, published on commit
through the Redis broker. For each action it prints the time until every screen had its
entries, p50/p99/max over all deliveries, events missed, memory per open connection and the
server's threads. The same run measures a bare raw-ASGI SSE endpoint (``bench/bare_sse.py``),
fed by a Redis ``PUBLISH`` per action, so that Chapterhouse's overhead is a ratio.

    ulimit -n 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ch_live_bench \\
        .venv/bin/python bench/live_fanout.py [--clients 1000] [--only chapterhouse]

Needs PostgreSQL (the database in DATABASE_URL is migrated first; each run adds its own
conference, chair and delegate) and Redis on 127.0.0.1:6379. Latency = receipt (client's
``time.monotonic()``) − just before the chair's POST is sent, so it includes the request, the
service, the commit, the broker and the fan-out; both clocks are the system's CLOCK_MONOTONIC.
Clients: 2 processes of raw asyncio connections (uvloop), at most 200 connects in flight.
Results: docs/benchmarks.md, "Live updates".
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import http.client
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
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/5"
ID_LINE = re.compile(rb"(?m)^id: ([0-9]+)$")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"(?:^|;\s*|,\s*)csrftoken=([^;,\s]+)")


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


@dataclasses.dataclass(frozen=True)
class Hall:
    """What a run needs of the conference set up for it."""

    key: str
    screen_cookie: str  # the delegates' session (every screen sends it)
    chair_cookie: str  # the chair's session (the secretariat)
    first_item: int
    next_item: int
    delegate: int  # the participant the chair puts on the list of speakers


def set_up_hall() -> Hall:
    """An open public conference with two agenda items and a delegate (a member with a login),
    and a chair in the secretariat; made through the services as the demo and the tests do,
    with keys of the run's own so that runs can share a database."""
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.utils import timezone

    from chapterhouse.access.selectors import SECRETARIAT_GROUP
    from chapterhouse.conferences.factories import (
        make_conference,
        make_item,
        make_participant,
        make_series,
    )
    from chapterhouse.organizations.factories import make_body
    from chapterhouse.people.services import NameSpec, membership_start, person_create

    run = uuid.uuid4().hex[:8]
    chair = User.objects.create_user(username=f"bench-chair-{run}")
    chair.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    screen = User.objects.create_user(username=f"bench-delegate-{run}")
    person = person_create(
        key=f"bench-delegate-{run}",
        names=[NameSpec("en", f"Delegate {run}", True)],
        user=screen,
        by=None,
    )
    membership_start(
        person=person, starts_on=timezone.localdate() - dt.timedelta(days=365), by=None
    )
    conference = make_conference(
        key=f"bench-{run}",
        series=make_series(key=f"bench-series-{run}"),
        convening_body=make_body(key=f"bench-body-{run}"),
        starts_on=timezone.localdate(),
        state="open",
    )
    first = make_item(conference=conference, title="Reports", kind="topic")
    following = make_item(conference=conference, title="Elections", kind="topic")
    delegate = make_participant(conference=conference, person=person)
    cookies = []
    for user in (screen, chair):
        browser = Client()
        browser.force_login(user)
        cookies.append(browser.cookies["sessionid"].value)
    return Hall(
        key=conference.key,
        screen_cookie=cookies[0],
        chair_cookie=cookies[1],
        first_item=first.pk,
        next_item=following.pk,
        delegate=delegate.pk,
    )


class Chair:
    """The chair's browser: the console page for the CSRF token, then POSTs to its action
    endpoint on the benchmark's server (a new HTTP/1.1 connection per request)."""

    def __init__(self, port: int, hall: Hall) -> None:
        self.port = port
        self.hall = hall
        self.console = f"/conferences/{hall.key}/console/"
        headers = self._headers()
        answer = self._send("GET", self.console, headers, b"")
        if answer.status != 200:
            raise RuntimeError(f"the console answered {answer.status}")
        page = answer.read().decode()
        field = CSRF_FIELD.search(page)
        cookie = CSRF_COOKIE.search(", ".join(answer.headers.get_all("Set-Cookie") or []))
        if field is None or cookie is None:
            raise RuntimeError("the console gave no CSRF token")
        self.token = field.group(1)
        self.csrf_cookie = cookie.group(1)

    def _headers(self, csrf: str = "") -> dict[str, str]:
        cookie = f"sessionid={self.hall.chair_cookie}" + (f"; csrftoken={csrf}" if csrf else "")
        return {"Host": "127.0.0.1", "Cookie": cookie}

    def _send(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body=body or None, headers=headers)
        return connection.getresponse()

    def act(self, fields: dict[str, str]) -> tuple[float, float]:
        """POST one action; the monotonic times just before the request was sent and when the
        answer (the redirect back to the console) was read."""
        body = urlencode({"csrfmiddlewaretoken": self.token, **fields}).encode()
        headers = {
            **self._headers(self.csrf_cookie),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        t0 = time.monotonic()
        answer = self._send("POST", self.console + "act/", headers, body)
        answer.read()
        if answer.status != 302 or answer.headers.get("Location") != self.console:
            raise RuntimeError(f"{fields['action']} answered {answer.status}")
        return t0, time.monotonic()


def chair_actions(hall: Hall) -> list[dict[str, str]]:
    """The 5 actions: make an item current, add a speaker, start, stop, next item. The speaker
    request's id is looked up when it is needed (it exists once the second action ran)."""
    return [
        {"action": "item_current", "item": str(hall.first_item)},
        {"action": "speaker_add", "item": str(hall.first_item), "participant": str(hall.delegate)},
        {"action": "speaker_start", "request": "?", "seconds": "120"},
        {"action": "speaker_stop", "request": "?"},
        {"action": "item_current", "item": str(hall.next_item)},
    ]


def run(kind: str, n: int, env: dict[str, str], hall: Hall) -> dict[str, Any]:
    import redis

    from chapterhouse.conferences.models import SpeakerRequest
    from chapterhouse.core.journal import journal_since

    port = free_port()
    channel = env["CHAPTERHOUSE_BROKER_CHANNEL"]
    scope = f"conference:{hall.key}"
    if kind == "chapterhouse":
        command = [sys.executable, str(ROOT / "bench/live_server.py"), str(port)]
        path = f"/live/{scope}"
    else:
        command = [sys.executable, str(ROOT / "bench/bare_sse.py"), str(port), REDIS_URL, channel]
        path = "/sse"
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    kinds: list[str] = []
    posts: list[int] = []  # ms from the chair's POST to its answer, per action
    try:
        wait_listening(port)
        # The chair opens the console first: its first render (templates, translations) is
        # the app warming up, not memory of the screens' connections.
        chair = Chair(port, hall) if kind == "chapterhouse" else None
        time.sleep(1)
        idle_rss, idle_threads = proc_status(server.pid)
        started = time.monotonic()
        halves = [n // 2, n - n // 2]
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--client",
                    str(port),
                    path,
                    hall.screen_cookie,
                    str(count),
                ],
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
        sent: dict[int, float] = {}  # event id -> just before its action
        action_of: dict[int, int] = {}  # event id -> the action that made it
        for k, fields in enumerate(chair_actions(hall)):
            time.sleep(1.5)
            if chair is not None:
                if fields.get("request") == "?":
                    request = SpeakerRequest.objects.filter(
                        item_id=hall.first_item, participant_id=hall.delegate
                    ).latest("pk")
                    fields = {**fields, "request": str(request.pk)}
                newest = journal_since(scope=scope).order_by("-id").first()
                before = newest.pk if newest is not None else 0
                t0, answered = chair.act(fields)
                posts.append(round((answered - t0) * 1000))
                made = list(journal_since(scope=scope).filter(id__gt=before).order_by("id"))
                if not made:
                    raise RuntimeError(f"{fields['action']} wrote no journal entry")
                for entry in made:
                    sent[entry.pk] = t0
                    action_of[entry.pk] = k
                kinds.append("+".join(entry.kind for entry in made))
            else:
                t0 = time.monotonic()
                publisher.publish(channel, str(k + 1))
                sent[k + 1] = t0
                action_of[k + 1] = k
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
    actions = sorted(set(action_of.values()))
    every = []
    for k in actions:
        ids = [i for i in sent if action_of[i] == k]
        last = [max(received[i]) - sent[i] for i in ids if i in received]
        every.append(round(max(last) * 1000) if last else None)
    missed = n * len(sent) - len(delays)
    result: dict[str, Any] = {
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
        "all_had_it_ms": every,
        "missed": missed,
    }
    if kinds:
        result["events"] = kinds
        result["chair_post_ms"] = posts
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
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
    env.setdefault("CHAPTERHOUSE_ALLOWED_HOSTS", "127.0.0.1")
    env["CHAPTERHOUSE_BROKER_URL"] = REDIS_URL
    env["CHAPTERHOUSE_BROKER_CHANNEL"] = f"chapterhouse-bench-{uuid.uuid4().hex}"
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "chapterhouse.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `serve` does
    hall = set_up_hall()
    kinds = [args.only] if args.only else ["bare", "chapterhouse"]
    results = [run(kind, args.clients, env, hall) for kind in kinds]
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
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
