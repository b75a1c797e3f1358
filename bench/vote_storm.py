"""Vote storm: N entitled voters, each signed in with a live screen open on the conference's
stream (``/live/conference:<key>``, as a delegate's page holds it), all vote at once through the
real HTTP path (``POST /api/v1/conferences/<key>/polls/<id>/ballots``) against ``chapterhouse
serve``; then the chair closes the poll over HTTP and every screen waits for the result.

It prints accepted, refused (the duplicates, a second ballot under another key: 409), lost (an
acknowledged receipt that is not stored: must be 0), doubled (ballots beyond one per voter, or
marks that disagree with the ballots: must be 0), other answers (5xx, timeouts), the wall time of
the storm, accepted ballots/s, p50/p99/max latency, and the time from the close request to the
result on the last connected screen.

    ulimit -n 20000
    .venv/bin/python bench/vote_storm.py [--voters 5000] [--conc 200]       # SQLite, a fresh dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ch_storm \\
        .venv/bin/python bench/vote_storm.py --voters 5000 --conc 200

Voters, sessions and the poll are made through the services (fast); only the voting and the close
go over HTTP. Clients are raw asyncio connections (uvloop), one keep-alive connection per voter
in flight; screens are held by 2 client processes. ``--check`` exits 1 unless lost = doubled = 0,
every voter was accepted and every screen had the result. Results: docs/benchmarks.md,
"Vote storm".
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLOSED = b"event: poll.closed"
CSRF = "c" * 32  # an unmasked token: the header matches the cookie
STATUS = re.compile(rb"^HTTP/1\.[01] ([0-9]{3})")


def raise_fd_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


# --- screens (a client process) ---------------------------------------------------------------


class Screen(asyncio.Protocol):
    def __init__(self, connected: asyncio.Event) -> None:
        self.connected = connected
        self.tail = b""
        self.closed_at: float | None = None
        self.frames = 0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buffer = self.tail + data
        if not self.connected.is_set() and b": connected" in buffer:
            self.connected.set()
        # Frames end with a blank line: count those in this chunk, and one split across chunks
        # (the tail kept from the last chunk is not counted again).
        self.frames += data.count(b"\n\n") + (self.tail[-1:] == b"\n" and data[:1] == b"\n")
        if self.closed_at is None and CLOSED in buffer:
            self.closed_at = now
        self.tail = buffer[-len(CLOSED) :]


async def screens(port: int, path: str, cookies: list[str]) -> None:
    raise_fd_limit()
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(200)
    held: list[Screen] = []

    async def connect(cookie: str) -> None:
        async with gate:
            connected = asyncio.Event()
            for _attempt in range(50):
                try:
                    transport, screen = await loop.create_connection(
                        lambda: Screen(connected), "127.0.0.1", port
                    )
                    break
                except OSError:
                    await asyncio.sleep(0.2)
            else:
                raise RuntimeError("could not connect a screen")
            transport.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                f"Cookie: sessionid={cookie}\r\n\r\n".encode()
            )
            held.append(screen)
            await asyncio.wait_for(connected.wait(), 900)

    await asyncio.gather(*(connect(c) for c in cookies))
    print("ready", flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)  # until the run is over
    report = {
        "closed_at": [s.closed_at for s in held],
        "frames": sum(s.frames for s in held),
        "dropped": sum(1 for s in held if s.transport is None or s.transport.is_closing()),
    }
    print(json.dumps(report), flush=True)
    for screen in held:
        if screen.transport is not None:
            screen.transport.close()


# --- voters -----------------------------------------------------------------------------------


class Answer:
    __slots__ = ("body", "latency", "status")

    def __init__(self, status: int, body: bytes, latency: float) -> None:
        self.status, self.body, self.latency = status, body, latency


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    match = STATUS.match(head)
    if match is None:
        raise RuntimeError(f"not an HTTP answer: {head[:80]!r}")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    body = await reader.readexactly(length) if length else b""
    return int(match.group(1)), body


def post(path: str, cookie: str, body: dict[str, Any]) -> bytes:
    data = json.dumps(body).encode()
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\nCookie: sessionid={cookie}; csrftoken={CSRF}\r\n"
        f"X-CSRFToken: {CSRF}\r\n\r\n"
    ).encode() + data


async def storm(
    port: int, requests: list[bytes], concurrency: int, timeout: float
) -> list[Answer | None]:
    answers: list[Answer | None] = [None] * len(requests)
    queue = list(enumerate(requests))
    queue.reverse()

    async def lane() -> None:
        reader = writer = None
        while queue:
            index, request = queue.pop()
            started = time.monotonic()
            for _attempt in range(3):
                try:
                    if writer is None or reader is None:
                        reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    status, body = await asyncio.wait_for(
                        _exchange(reader, writer, request), timeout
                    )
                    answers[index] = Answer(status, body, time.monotonic() - started)
                    break
                except (TimeoutError, OSError, asyncio.IncompleteReadError):
                    # The server closed a kept-alive connection: send again on a new one (the
                    # client key makes the retry safe).
                    if writer is not None:
                        writer.close()
                    reader = writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(lane() for _ in range(concurrency)))
    return answers


# --- the run ------------------------------------------------------------------------------------


def setup(voters: int, run: str, *, publish_receipts: bool = False) -> dict[str, Any]:
    """A conference with ``voters`` voting participants, each with a session; an open secret
    poll; the chair's session. Through the services, except the sessions."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from chapterhouse.access.selectors import SECRETARIAT_GROUP
    from chapterhouse.conferences import services as cs
    from chapterhouse.organizations.services import body_create
    from chapterhouse.people.models import Person
    from chapterhouse.people.services import NameSpec, person_create
    from chapterhouse.voting import services as vs

    backend = settings.AUTHENTICATION_BACKENDS[-1]  # the model backend (axes' comes first)

    def session(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return str(store.session_key)

    sec = User.objects.create_user(username=f"sec-{run}")
    sec.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    cc = body_create(
        key=f"cc-{run}", name="Coordinating Committee", kind="coordinating_committee", by=sec
    )
    series = cs.conference_series_create(
        key=f"storm-{run}", name="Storm", name_translations={}, gender="m", by=sec
    )
    conference = cs.conference_create(
        key=f"storm-{run}",
        series=series,
        number=1,
        kind="congress",
        convening_body=cc,
        format="in_person",
        venue="Hall",
        starts_on=dt.date(2026, 9, 1),
        by=sec,
    )
    unusable = "!"  # a password no log-in matches: the sessions are made here
    users = User.objects.bulk_create(
        User(username=f"v-{run}-{n:06}", password=unusable) for n in range(voters)
    )
    persons = []
    for n, user in enumerate(users):
        person = person_create(
            key=f"v-{run}-{n:06}", names=[NameSpec("en", f"Voter {n}", True)], by=None
        )
        persons.append(person)
        Person.objects.filter(pk=person.pk).update(user=user)
    specs = [cs.ParticipantSpec(person=p, roles=["delegate"], voting_right=True) for p in persons]
    cs.participants_add(conference=conference, participants=specs, by=sec)
    cs.conference_state_change(conference=conference, state="in_preparation", by=sec)
    conference = cs.conference_state_change(conference=conference, state="open", by=sec)
    poll = vs.poll_create(
        conference=conference,
        title="Storm",
        secrecy="secret",
        require_presence=False,
        publish_receipts=publish_receipts,
        by=sec,
    )
    poll = vs.poll_open(poll=poll, by=sec)
    return {
        "conference": conference.key,
        "poll": poll.pk,
        "chair": session(sec),
        "voters": [session(u) for u in users],
    }


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def start_server(
    port: int, env: dict[str, str], workers: int, log: Path
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "chapterhouse.cli", "serve", "--no-migrate"]
    command += ["--port", str(port), "--workers", str(workers)]
    with log.open("ab") as sink:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=5000)
    parser.add_argument("--conc", type=int, default=200)
    parser.add_argument(
        "--duplicates",
        type=float,
        default=0.1,
        help="share of voters who also send a second, different ballot",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (more than one needs Redis)"
    )
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--no-screens", action="store_true", help="vote without live screens")
    parser.add_argument("--check", action="store_true")
    parser.add_argument(
        "--data-dir", help="the server's data directory (kept; its database is new)"
    )
    parser.add_argument("--screens", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument(
        "--prepare",
        type=int,
        metavar="N",
        help="only migrate the database the environment names and make N voters, a chair and "
        "an open poll that publishes its receipts; print them as JSON (the kill test's set-up)",
    )
    args = parser.parse_args()
    if args.prepare:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
        print(json.dumps(setup(args.prepare, uuid.uuid4().hex[:8], publish_receipts=True)))
        return
    if args.screens:
        import uvloop

        port, path = args.screens
        uvloop.run(screens(int(port), path, sys.stdin.readline().split()))
        return
    raise_fd_limit()
    run = uuid.uuid4().hex[:8]
    # A data directory kept between runs (the collected static files), with a fresh database.
    work = Path(args.data_dir or Path(tempfile.gettempdir()) / "chapterhouse-vote-storm")
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("chapterhouse.sqlite3*"):
        old.unlink()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.update(
        CHAPTERHOUSE_DATA_DIR=str(work),
        CHAPTERHOUSE_SECRET_KEY=os.environ.get("CHAPTERHOUSE_SECRET_KEY", "storm-" + "s" * 50),
        CHAPTERHOUSE_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="chapterhouse.settings",
    )
    if args.workers > 1:
        env["CHAPTERHOUSE_BROKER_URL"] = "redis://127.0.0.1:6379/5"
        env["CHAPTERHOUSE_BROKER_CHANNEL"] = f"chapterhouse-storm-{run}"
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chapterhouse.voting.models import Ballot, Poll, VoterMark

    backend = connection.vendor
    say("migrating")
    call_command("migrate", interactive=False, verbosity=0)
    say(f"setting up {args.voters} voters")
    t0 = time.monotonic()
    world = setup(args.voters, run)
    setup_s = time.monotonic() - t0
    connection.close()
    port = free_port()
    say("starting the server")
    server = start_server(port, env, args.workers, work / "server.log")
    clients: list[subprocess.Popen[str]] = []
    try:
        base = f"/api/v1/conferences/{world['conference']}/polls/{world['poll']}"
        cookies: list[str] = world["voters"]
        connect_s = 0.0
        if not args.no_screens:
            t0 = time.monotonic()
            path = f"/live/conference:{world['conference']}"
            for half in (cookies[: len(cookies) // 2], cookies[len(cookies) // 2 :]):
                client = subprocess.Popen(
                    [sys.executable, __file__, "--screens", str(port), path],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    env=env,
                )
                if client.stdin is None:
                    raise RuntimeError("a screen process has no pipes")
                client.stdin.write(" ".join(half) + "\n")
                client.stdin.flush()
                clients.append(client)
            for client in clients:
                if client.stdout is None or client.stdout.readline().strip() != "ready":
                    raise RuntimeError("a screen process could not connect its screens")
            connect_s = time.monotonic() - t0
        # Every voter's ballot, and for a share of them a second, different one racing it.
        requests: list[tuple[int, bytes]] = []
        for n, cookie in enumerate(cookies):
            requests.append(
                (
                    n,
                    post(
                        f"{base}/ballots",
                        cookie,
                        {"choice": "yes" if n % 3 else "no", "client_key": secrets.token_hex(12)},
                    ),
                )
            )
        for n in random.sample(range(len(cookies)), int(len(cookies) * args.duplicates)):
            requests.append(
                (
                    n,
                    post(
                        f"{base}/ballots",
                        cookies[n],
                        {"choice": "abstain", "client_key": secrets.token_hex(12)},
                    ),
                )
            )
        random.shuffle(requests)
        import uvloop

        t0 = time.monotonic()
        say("voting")
        answers = uvloop.run(storm(port, [r for _, r in requests], args.conc, args.timeout))
        wall = time.monotonic() - t0
        # Close over HTTP; the result reaches every screen.
        say("closing")
        closing = time.monotonic()
        closed = uvloop.run(
            storm(port, [post(f"{base}/close", world["chair"], {})], 1, args.timeout)
        )[0]
        close_s = time.monotonic() - closing
        time.sleep(min(10.0, 2 + args.voters / 1000))
        report: dict[str, Any] = {}
        for client in clients:
            if client.stdin is None or client.stdout is None:
                raise RuntimeError("a screen process has no pipes")
            client.stdin.write("done\n")
            client.stdin.flush()
            part = json.loads(client.stdout.readline())
            report.setdefault("closed_at", []).extend(part["closed_at"])
            report["frames"] = report.get("frames", 0) + part["frames"]
            client.wait(timeout=60)
    finally:
        for client in clients:
            if client.poll() is None:
                client.kill()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    statuses: dict[str, int] = {}
    receipts: list[str] = []
    latencies: list[float] = []
    per_voter: dict[int, set[str]] = {}
    for (voter, _request), answer in zip(requests, answers, strict=True):
        key = "no answer" if answer is None else str(answer.status)
        statuses[key] = statuses.get(key, 0) + 1
        if answer is not None:
            latencies.append(answer.latency)
            if answer.status in (200, 201):
                got = [r["receipt"] for r in json.loads(answer.body)["receipts"]]
                receipts.extend(got)
                per_voter.setdefault(voter, set()).update(got)
    stored = set(Ballot.objects.filter(poll_id=world["poll"]).values_list("receipt", flat=True))
    ballots = Ballot.objects.filter(poll_id=world["poll"]).count()
    marks = VoterMark.objects.filter(poll_id=world["poll"]).count()
    poll = Poll.objects.get(pk=world["poll"])
    accepted = statuses.get("201", 0) + statuses.get("200", 0)
    lost = len(set(receipts) - stored)
    # A ballot beyond one per mark, a mark beyond one per voter, a voter acknowledged twice.
    doubled = max(0, ballots - marks) + max(0, marks - args.voters)
    doubled += sum(len(got) - 1 for got in per_voter.values() if len(got) > 1)
    seen = [t for t in report.get("closed_at", []) if t is not None]
    result = {
        "backend": backend,
        "workers": args.workers,
        "voters": args.voters,
        "duplicates_sent": len(requests) - args.voters,
        "concurrency": args.conc,
        "setup_s": round(setup_s, 1),
        "screens": 0 if args.no_screens else args.voters,
        "screens_connect_s": round(connect_s, 1),
        "answers": statuses,
        "accepted": accepted,
        "refused": statuses.get("409", 0),
        "lost": lost,
        "doubled": doubled,
        "stored_ballots": ballots,
        "marks": marks,
        "wall_s": round(wall, 2),
        "ballots_per_s": round(accepted / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "close_status": None if closed is None else closed.status,
        "close_request_ms": round(close_s * 1000, 1),
        "result_ballots": (poll.result or {}).get("ballots"),
        "screens_with_result": len(seen),
        "close_to_last_screen_ms": round((max(seen) - closing) * 1000, 1) if seen else None,
        "close_to_median_screen_ms": round((statistics.median(seen) - closing) * 1000, 1)
        if seen
        else None,
        "frames_received": report.get("frames", 0),
    }
    print(json.dumps(result))
    if args.check:
        ok = (
            lost == 0
            and doubled == 0
            and accepted == args.voters == marks == ballots
            and result["result_ballots"] == args.voters
            and (args.no_screens or len(seen) == args.voters)
        )
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
