"""The real server killed in the middle of a stream of ballots (T10): every ballot acknowledged
before the kill is stored, the poll is still open after a restart, the voters whose answers were
lost send the same submission again and count once, and the poll closes with every ballot.

The server is ``chapterhouse serve`` (uvicorn, one worker: the process the test started) on the
test's PostgreSQL database when DATABASE_URL is set, else on a SQLite file of its own (WAL). The
voters and the poll are made by ``bench/vote_storm.py --prepare``; everything after goes over
HTTP, and the stored ballots are read back through the published receipts."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.helpers import seed_static
from tests.test_serve import START_TIMEOUT_S, free_port

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
VOTERS = 60
KILL_AFTER = 20  # acknowledged ballots before the kill
CSRF = "c" * 32


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.pop("DATABASE_URL", None)
    env.update(
        CHAPTERHOUSE_DATA_DIR=str(data),
        CHAPTERHOUSE_SECRET_KEY="s" * 50,
        DJANGO_SETTINGS_MODULE="chapterhouse.settings",
    )
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return env


def _start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "chapterhouse.cli", "serve", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    # `serve` migrates and collects the static files again on each start: on a busy machine
    # that takes minutes.
    deadline = time.monotonic() + START_TIMEOUT_S * 8
    while True:
        try:
            status, _ = _request(port, "GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"server did not come up: {log.read_text()[-3000:]}")
        time.sleep(0.2)


def _request(
    port: int, method: str, path: str, cookie: str = "", body: dict[str, Any] | None = None
) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json", "X-CSRFToken": CSRF}
        if cookie:
            headers["Cookie"] = f"sessionid={cookie}; csrftoken={CSRF}"
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        answer = conn.getresponse()
        data = answer.read()
        return answer.status, json.loads(data) if data.startswith((b"{", b"[")) else data
    finally:
        conn.close()


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    seed_static(tmp_path)
    yield tmp_path


def test_kill_restart_mid_poll(data: Path) -> None:
    env = _env(data)
    prepared = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, str(ROOT / "bench/vote_storm.py"), "--prepare", str(VOTERS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    world = json.loads(prepared.stdout.strip().splitlines()[-1])
    base = f"/api/v1/conferences/{world['conference']}/polls/{world['poll']}"
    voters: list[str] = world["voters"]
    keys = [f"kill-test-key-{n:06}" for n in range(VOTERS)]
    choices = ["yes" if n % 3 else "no" for n in range(VOTERS)]
    port = free_port()
    server = _start(env, port, data / "server.log")
    acknowledged: dict[int, str] = {}
    lock = threading.Lock()
    killed = threading.Event()

    def vote(n: int) -> None:
        if killed.is_set():
            return
        try:
            status, body = _request(
                port,
                "POST",
                f"{base}/ballots",
                voters[n],
                {"choice": choices[n], "client_key": keys[n]},
            )
        except (OSError, http.client.HTTPException):
            return  # the answer was lost with the server: the voter does not know
        assert status == 201, body
        with lock:
            acknowledged[n] = body["receipts"][0]["receipt"]
            if len(acknowledged) >= KILL_AFTER and not killed.is_set():
                killed.set()
                os.kill(server.pid, signal.SIGKILL)

    try:

        def lane(first: int) -> None:
            for n in range(first, VOTERS, 4):
                vote(n)

        lanes = [threading.Thread(target=lane, args=(i,)) for i in range(4)]
        for worker in lanes:
            worker.start()
        for worker in lanes:
            worker.join(timeout=600)
        assert killed.is_set(), "the server was not killed: too few ballots acknowledged"
        assert server.wait(timeout=30) == -signal.SIGKILL
        server = _start(env, port, data / "server.log")
        status, poll = _request(port, "GET", base, world["chair"])
        assert status == 200 and poll["state"] == "open"
        # Every acknowledged ballot is there (perhaps more: those committed without an answer).
        assert poll["cast"] >= len(acknowledged)
        # The poll goes on: every voter sends their submission (again, for the acknowledged
        # and the lost ones: the same key and ballot answer 200 with the same receipt).
        final: dict[int, str] = {}
        for n in range(VOTERS):
            status, body = _request(
                port,
                "POST",
                f"{base}/ballots",
                voters[n],
                {"choice": choices[n], "client_key": keys[n]},
            )
            assert status in (200, 201), body
            final[n] = body["receipts"][0]["receipt"]
            if n in acknowledged:
                assert status == 200 and final[n] == acknowledged[n]
        status, closed = _request(port, "POST", f"{base}/close", world["chair"], {})
        assert status == 200 and closed["state"] == "closed", closed
        assert closed["result"]["ballots"] == VOTERS
        assert closed["result"]["no"] == f"{choices.count('no')}.000"
        status, published = _request(port, "GET", f"{base}/receipts", world["chair"])
        assert status == 200
        assert sorted(r["receipt"] for r in published) == sorted(final.values())
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
