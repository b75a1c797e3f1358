"""`chapterhouse serve` starts a real uvicorn server that answers /healthz."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


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
