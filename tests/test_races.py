"""Every check-then-write service holds its rule when raced (tests/races.py): on the embedded
SQLite file (IMMEDIATE transactions serialize writers) and on PostgreSQL (row locks, and a unique
key taken meanwhile refused as a field error)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.races import EXPECTED, SCENARIOS, race

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.serial
def test_races_on_the_embedded_sqlite_file(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CHAPTERHOUSE_DATA_DIR=str(tmp_path), CHAPTERHOUSE_DEBUG="true")
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.races", *SCENARIOS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == EXPECTED


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_races_on_the_configured_database(scenario: str) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is covered by the file-based test")
    assert race(scenario) == EXPECTED[scenario]
