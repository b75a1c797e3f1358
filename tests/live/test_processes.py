"""Across processes: the Redis broker carries a commit in one process to the live streams of
others (real Redis on 127.0.0.1:6379, db 5, a channel of the test's own); a server that is
told to stop ends its open streams first. Needs PostgreSQL (the processes share the test
database)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.test import override_settings

from chapterhouse.core import journal
from chapterhouse.core.journal import JournalEvent, broker, subscribe
from chapterhouse.live.redis_broker import RedisBroker
from tests.live.helpers import commit, free_port, open_stream

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.serial]

REDIS_URL = "redis://127.0.0.1:6379/5"
SCOPE = "livetest:hall"
ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    if connection.vendor != "postgresql":
        pytest.skip("the server processes share the test database: run with DATABASE_URL")
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.fixture
def channel() -> Iterator[str]:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    name = f"chapterhouse-test-{uuid.uuid4().hex}"
    with override_settings(CHAPTERHOUSE_BROKER_URL=REDIS_URL, CHAPTERHOUSE_BROKER_CHANNEL=name):
        try:
            yield name
        finally:
            found = broker()
            if isinstance(found, RedisBroker):
                found.close()
            journal._configured.clear()  # the next test's channel gets a broker of its own


def start_server(tmp_path: Path, channel: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.update(
        DATABASE_URL=database_url(),
        CHAPTERHOUSE_DATA_DIR=str(tmp_path),
        CHAPTERHOUSE_SECRET_KEY="s" * 50,
        CHAPTERHOUSE_BROKER_URL=REDIS_URL,
        CHAPTERHOUSE_BROKER_CHANNEL=channel,
        CHAPTERHOUSE_DB_POOL_SIZE="4",
    )
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.live.server", str(port)], env=env, cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            stream = open_stream(port, "nobody:here")
            stream.close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server process did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_an_event_committed_here_reaches_streams_served_by_two_other_processes(
    tmp_path: Path, channel: str
) -> None:
    first, first_port = start_server(tmp_path, channel)
    second, second_port = start_server(tmp_path, channel)
    try:
        streams = [open_stream(port, SCOPE) for port in (first_port, second_port)]
        assert [s.status for s in streams] == [200, 200]
        time.sleep(0.3)
        started = time.monotonic()
        ids = commit(SCOPE, 3)
        for stream in streams:
            # Within the heartbeat (15 s, when each scope is reread anyway): carried by Redis.
            assert [e.id for e in stream.events(3, timeout=5)] == ids
        assert time.monotonic() - started < 3
        for stream in streams:
            stream.close()
    finally:
        stop(first)
        stop(second)


def test_the_redis_broker_hands_events_to_subscribers_in_another_process(
    channel: str,
) -> None:
    got: list[JournalEvent] = []
    unsubscribe = subscribe(SCOPE, got.append)
    found = broker()
    assert isinstance(found, RedisBroker)
    assert found.wait_listening(5)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.update(
        DATABASE_URL=database_url(),
        CHAPTERHOUSE_SECRET_KEY="s" * 50,
        CHAPTERHOUSE_BROKER_URL=REDIS_URL,
        CHAPTERHOUSE_BROKER_CHANNEL=channel,
    )
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='chapterhouse.settings';"
        "django.setup();"
        "from django.db import transaction;"
        "from chapterhouse.core.journal import journal_append;"
        "exec('with transaction.atomic():\\n"
        f' journal_append(scope="{SCOPE}", kind="item.moved", payload={{"n": 1}}, by=None)\\n'
        "with transaction.atomic():\\n"
        f' journal_append(scope="{SCOPE}", kind="item.moved", payload={{"n": 2}}, by=None)\\n'
        " raise SystemExit(0)')"
    )
    subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True)  # noqa: S603
    deadline = time.monotonic() + 5
    while not got and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    unsubscribe()
    # The second write was rolled back (SystemExit inside the atomic block): only the first.
    assert [e.payload for e in got] == [{"n": 1}]
    assert got[0].scope == SCOPE


def test_a_server_told_to_stop_ends_its_open_streams_first(tmp_path: Path, channel: str) -> None:
    process, port = start_server(tmp_path, channel)
    try:
        stream = open_stream(port, SCOPE)
        assert stream.status == 200
        time.sleep(0.3)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert stream.next_event(timeout=8) is None  # the stream ended cleanly
        # uvicorn ends by raising the signal it caught again, as a process killed by it.
        assert process.wait(timeout=8) in (0, -signal.SIGTERM)
        # Well before the 10 s grace period after which uvicorn would cut it.
        assert time.monotonic() - started < 5
        stream.close()
    finally:
        stop(process)
