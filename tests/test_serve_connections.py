"""Under bursts of concurrent requests, `chapterhouse serve --workers 2` on PostgreSQL holds at
most workers × CHAPTERHOUSE_DB_POOL_SIZE connections: request threads share a pool per process
instead of each keeping a connection of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.helpers import seed_static
from tests.test_serve import free_port

WORKERS = 2
POOL_SIZE = 3
APPLICATION_NAME = "chapterhouse-burst-test"
PATHS = ["/healthz", "/api/v1/bodies", "/", "/people/"]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (our server)
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_connections_stay_within_workers_times_pool_size(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("counts PostgreSQL connections (run with DATABASE_URL)")
    seed_static(tmp_path)
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
        f"{settings_dict['NAME']}?application_name={APPLICATION_NAME}"
    )
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.update(
        DATABASE_URL=url,
        CHAPTERHOUSE_DATA_DIR=str(tmp_path),
        CHAPTERHOUSE_SECRET_KEY="s" * 50,
        CHAPTERHOUSE_DB_POOL_SIZE=str(POOL_SIZE),
        CHAPTERHOUSE_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [
            sys.executable,
            "-m",
            "chapterhouse.cli",
            "serve",
            "--no-migrate",
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    counts: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        with psycopg.connect(
            f"host={settings_dict['HOST']} port={settings_dict['PORT']} "
            f"user={settings_dict['USER']} dbname={settings_dict['NAME']}",
            autocommit=True,
        ) as watcher:
            while not stop.is_set():
                row = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                    [APPLICATION_NAME],
                ).fetchone()
                counts.append(int(row[0]) if row else 0)
                time.sleep(0.05)

    try:
        deadline = time.monotonic() + 60
        while get_or_none(f"{base}/healthz") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"server did not come up: {output}")
            time.sleep(0.2)
        watcher = threading.Thread(target=watch)
        watcher.start()
        statuses: list[int] = []
        try:
            for burst in (20, 40, 30, 40):
                urls = [f"{base}{PATHS[i % len(PATHS)]}" for i in range(burst)]
                with ThreadPoolExecutor(max_workers=burst) as pool:
                    statuses.extend(pool.map(get, urls))
                time.sleep(0.3)
        finally:
            stop.set()
            watcher.join(timeout=10)
        assert set(statuses) == {200}
        assert counts, "pg_stat_activity was never read"
        assert max(counts) <= WORKERS * POOL_SIZE, counts
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout:
            process.stdout.close()


def get_or_none(url: str) -> int | None:
    try:
        return get(url)
    except OSError:
        return None
