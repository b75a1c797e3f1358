"""`chapterhouse serve` starts a real uvicorn server that answers /healthz, serves the collected
static files and logs each request; it refuses several workers without a broker."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.serial
def test_serve_starts_the_site_and_healthz_answers(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.pop("DATABASE_URL", None)
    env.update(CHAPTERHOUSE_DATA_DIR=str(tmp_path), CHAPTERHOUSE_SECRET_KEY="s" * 50)
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "chapterhouse.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    assert b'"database": true' in r.read()
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"server did not come up: {output}")
                time.sleep(0.2)
        assert (tmp_path / "chapterhouse.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def test_several_workers_without_a_broker_are_refused_with_the_reason(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.pop("DATABASE_URL", None)
    env.update(CHAPTERHOUSE_DATA_DIR=str(tmp_path), CHAPTERHOUSE_SECRET_KEY="s" * 50)
    result = subprocess.run(
        [sys.executable, "-m", "chapterhouse.cli", "serve", "--workers", "4", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "CommandError: --workers 4 needs CHAPTERHOUSE_BROKER_URL (redis://host:6379/0): the "
        "in-process broker cannot reach other worker processes."
    ]
    assert not (tmp_path / "chapterhouse.sqlite3").exists()  # refused before migrating


def test_several_workers_with_a_broker_are_started(settings: Any) -> None:
    settings.CHAPTERHOUSE_BROKER_URL = "redis://127.0.0.1:6379/0"
    with (
        mock.patch("chapterhouse.core.management.commands.serve.call_command") as steps,
        mock.patch("uvicorn.run") as run,
    ):
        call_command("serve", "--workers", "3", stdout=io.StringIO())
    assert [c.args[0] for c in steps.call_args_list] == ["migrate", "collectstatic"]
    assert run.call_args.kwargs["workers"] == 3


@pytest.mark.serial
def test_served_static_files_are_hashed_compressed_and_cached_and_requests_logged_as_json(
    tmp_path: Path,
) -> None:
    """`serve` collects the static files (hashed names, gzip copies) and WhiteNoise serves them
    cached for a year; every response has the security headers; each request is one JSON log
    line with the request id the response echoes."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.pop("DATABASE_URL", None)
    env.update(
        CHAPTERHOUSE_DATA_DIR=str(tmp_path),
        CHAPTERHOUSE_SECRET_KEY="s" * 50,
        CHAPTERHOUSE_LOG_FORMAT="json",
        PYTHONWARNINGS="always",
    )
    output = tmp_path / "server.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "chapterhouse.cli", "serve", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not come up: {output.read_text()}")
                time.sleep(0.2)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/accounts/login/", headers={"X-Request-ID": "t-1"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http, loopback)
            page = response.read().decode()
            assert response.headers["X-Request-ID"] == "t-1"
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        stylesheet = re.search(r'href="(/static/chapterhouse/site\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, page
        assert re.search(r'src="/static/django_htmx/ext/hx-sse-2\.min\.[0-9a-f]{12}\.js"', page)
        gzipped = urllib.request.Request(
            f"http://127.0.0.1:{port}{stylesheet[1]}", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(gzipped, timeout=10) as response:  # noqa: S310 (http, loopback)
            assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
            assert response.headers["Content-Encoding"] == "gzip"
            assert b"htmx-indicator" in gzip.decompress(response.read())
    finally:
        process.terminate()
        process.wait(timeout=10)
    lines = [json.loads(line) for line in output.read_text().splitlines() if line.startswith("{")]
    [login] = [line for line in lines if line.get("request_id") == "t-1"]
    assert login["logger"] == "chapterhouse.request"
    assert (login["method"], login["path"], login["status"]) == ("GET", "/accounts/login/", 200)
    assert isinstance(login["duration_ms"], float)
    assert "Warning" not in output.read_text()  # no "No directory at" or any other
