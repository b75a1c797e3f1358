"""Page and API throughput of a real server with the demo organization.

Starts `chapterhouse serve` (uvicorn, ASGI) on a free loopback port with a fresh SQLite data
directory, loads the demo, warms up, then for each page sends a bounded number of requests from
a few client threads and prints requests per second and latency percentiles as a Markdown table.

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 4] [--workers 1]
                                    [--broker-url redis://127.0.0.1:6379/0]

Results and the machine they were measured on: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overview /": "/",
    "body page (holders on a date)": "/bodies/third-congress-preparatory-committee/?on=2026-08-25",
    "person page": "/people/tomas-rivera/",
    "anniversaries of a year": "/anniversaries/?year=Reiwa+8",
    "iCalendar feed": "/calendar.ics",
    "API: body holders": (
        "/api/v1/bodies/third-congress-preparatory-committee/holders?on=2026-08-25"
    ),
    "API: responsibilities": (
        "/api/v1/responsibilities?duty=organizing-work&country=JP&on=2026-08-25"
    ),
    "healthz": "/healthz",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(port: int, path: str) -> float:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return time.perf_counter() - start


def measure(port: int, path: str, *, requests: int, concurrency: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    remaining = [requests]

    def worker() -> None:
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            elapsed = fetch(port, path)
            with lock:
                latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("CHAPTERHOUSE_BROKER_URL", ""),
        help="Redis URL for the live-update broker; `serve` needs one for --workers above 1.",
    )
    options = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
        env.pop("DATABASE_URL", None)
        env.update(CHAPTERHOUSE_DATA_DIR=data, CHAPTERHOUSE_SECRET_KEY="b" * 50)
        if options.broker_url:
            env["CHAPTERHOUSE_BROKER_URL"] = options.broker_url
        cli = [sys.executable, "-m", "chapterhouse.cli"]
        subprocess.run([*cli, "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(port), "--workers", str(options.workers)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    fetch(port, "/healthz")
                    break
                except OSError:
                    if server.poll() is not None:
                        sys.exit(f"chapterhouse serve stopped (exit {server.returncode})")
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            print(
                f"{options.requests} requests per page, {options.concurrency} client threads, "
                f"{options.workers} uvicorn worker(s), SQLite, DEBUG off\n"
            )
            print("| page | requests/s | p50 ms | p95 ms | p99 ms |")
            print("| --- | ---: | ---: | ---: | ---: |")
            for name, path in PAGES.items():
                for _ in range(20):
                    fetch(port, path)
                wall, latencies = measure(
                    port, path, requests=options.requests, concurrency=options.concurrency
                )
                print(
                    f"| {name} | {len(latencies) / wall:,.0f} "
                    f"| {statistics.median(latencies) * 1000:.1f} "
                    f"| {percentile(latencies, 0.95) * 1000:.1f} "
                    f"| {percentile(latencies, 0.99) * 1000:.1f} |"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
