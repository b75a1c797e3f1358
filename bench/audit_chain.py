"""The audit chain's cost on the write path: audited writes, each in its own transaction, with
the chain (lock, head read, SHA-256, insert: ``core.audit.audit_record``) against the same insert
without it (the writer as it was before the chain), one writer and several at once; then how
long ``verify-audit`` takes over the rows written.

    .venv/bin/python bench/audit_chain.py [--writes 2000] [--threads 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ch_bench \\
        .venv/bin/python bench/audit_chain.py

Without DATABASE_URL it runs on the embedded SQLite file in a fresh data directory; with it, on
that database (migrated first; its audit log grows by the rows written). Results:
docs/benchmarks.md, "Audit chain".
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        os.environ.setdefault("CHAPTERHOUSE_DATA_DIR", tempfile.mkdtemp(prefix="audit-bench-"))
    os.environ.setdefault("CHAPTERHOUSE_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _run(write: Callable[[int], None], *, writes: int, threads: int) -> tuple[float, list[float]]:
    from django.db import connection

    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    per_thread = writes // threads

    def worker(offset: int) -> None:
        mine: list[float] = []
        barrier.wait()
        for i in range(per_thread):
            started = time.perf_counter()
            write(offset + i)
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=worker, args=(t * per_thread,)) for t in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - started, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=2000, help="audited writes per run")
    parser.add_argument("--threads", type=int, default=4, help="writers at once (second run)")
    args = parser.parse_args()
    _setup()

    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from chapterhouse.core.audit import audit_record, audit_verify
    from chapterhouse.core.models import AuditEntry

    subject, _ = User.objects.get_or_create(username="audit-bench")
    payload = {"name": "Executive Committee", "starts_on": "2026-01-01", "parent": 12}

    def chained(i: int) -> None:
        with transaction.atomic():
            audit_record(by=None, action="bench.written", obj=subject, after={**payload, "i": i})

    def unchained(i: int) -> None:
        with transaction.atomic():
            AuditEntry.objects.create(
                actor=None,
                action="bench.written",
                object_type="auth.user",
                object_key=str(subject.pk),
                after={**payload, "i": i},
            )

    print(f"database: {connection.vendor}; writes per run: {args.writes}")
    print("| writer | threads | writes/s | p50 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for threads in (1, args.threads):
        for name, write in (("without the chain", unchained), ("with the chain", chained)):
            wall, latencies = _run(write, writes=args.writes, threads=threads)
            # The rows written without the chain would break it: gone before the next run.
            AuditEntry.objects.filter(prev_hash="").delete()
            quantiles = statistics.quantiles(latencies, n=100)
            print(
                f"| {name} | {threads} | {len(latencies) / wall:.0f} "
                f"| {quantiles[49] * 1000:.2f} | {quantiles[98] * 1000:.2f} |"
            )
    started = time.perf_counter()
    report = audit_verify()
    took = time.perf_counter() - started
    state = "intact" if report.broken is None else f"broken at {report.broken.entry_id}"
    rate = report.rows / took
    print(f"verify-audit: {report.rows} rows in {took:.2f} s ({rate:.0f} rows/s), {state}")


if __name__ == "__main__":
    main()
