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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command

from chapterhouse.core.management.commands import serve
from tests.helpers import seed_static


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# `serve` migrates and collects the static files before it listens: give it time on a busy
# machine.
START_TIMEOUT_S = 120


@contextmanager
def serving(data: Path, *, seed: bool = True, **settings: str) -> Iterator[tuple[int, Path]]:
    """Run `chapterhouse serve` on a free port with ``data`` as its data directory until the
    block ends; yield the port and the file its output goes to. With ``seed``, the static files
    are there already (collected once for the run), so serve does not collect them again."""
    if seed:
        seed_static(data)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.pop("DATABASE_URL", None)
    env.update(CHAPTERHOUSE_DATA_DIR=str(data), CHAPTERHOUSE_SECRET_KEY="s" * 50, **settings)
    output = data / "server.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "chapterhouse.cli", "serve", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.terminate()
                    process.wait(timeout=10)
                    pytest.fail(f"server did not come up: {output.read_text()}")
                time.sleep(0.2)
        yield port, output
    finally:
        process.terminate()
        process.wait(timeout=10)


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


def test_a_restart_collects_the_static_files_again_only_when_a_source_changed(
    settings: Any, tmp_path: Path
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "extra.css").write_text("a { color: red }")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, sources]
    settings.STATIC_ROOT = tmp_path / "static"

    def collect(*args: Any, **kwargs: Any) -> None:
        settings.STATIC_ROOT.mkdir(exist_ok=True)
        (settings.STATIC_ROOT / "staticfiles.json").write_text("{}")

    with mock.patch(
        "chapterhouse.core.management.commands.serve.call_command", side_effect=collect
    ) as steps:
        assert serve.collect_static_if_changed()
        assert not serve.collect_static_if_changed()  # nothing changed
        (sources / "extra.css").write_text("a { color: blue; }")
        assert serve.collect_static_if_changed()
        assert not serve.collect_static_if_changed()
        (settings.STATIC_ROOT / "staticfiles.json").unlink()  # the collected files went away
        assert serve.collect_static_if_changed()
    assert steps.call_count == 3


@pytest.mark.serial
def test_serve_starts_the_site_collects_static_files_and_logs_each_request(
    tmp_path: Path,
) -> None:
    """`serve` migrates and answers /healthz; it collects the static files (hashed names, gzip
    copies) and WhiteNoise serves them cached for a year; every response has the security
    headers; each request is one JSON log line with the request id the response echoes; and
    nothing warns (no "No directory at")."""
    with serving(tmp_path, seed=False, CHAPTERHOUSE_LOG_FORMAT="json", PYTHONWARNINGS="always") as (
        port,
        output,
    ):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert b'"database": true' in response.read()
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
    assert (tmp_path / "chapterhouse.sqlite3").exists()
    log = output.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    [login] = [line for line in lines if line.get("request_id") == "t-1"]
    assert login["logger"] == "chapterhouse.request"
    assert (login["method"], login["path"], login["status"]) == ("GET", "/accounts/login/", 200)
    assert isinstance(login["duration_ms"], float)
    assert "Warning" not in log
