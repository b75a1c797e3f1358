"""Two secretaries appoint two chairs of the same body at the same moment: one wins, the other
is told why, and the database never holds two chairs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.people.chair_race import race

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.serial
def test_concurrent_chairs_on_the_embedded_sqlite_file(tmp_path: Path) -> None:
    """The production SQLite set-up (a file, WAL, IMMEDIATE transactions), in a process of its
    own: the in-memory test database cannot show how the file's write lock behaves."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CHAPTERHOUSE_DATA_DIR=str(tmp_path), CHAPTERHOUSE_DEBUG="true")
    result = subprocess.run(
        [sys.executable, "-m", "tests.people.chair_race"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["made", "refused", "1"]


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_concurrent_chairs_on_the_configured_database() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is covered by the file-based test")
    outcomes, chairs = race()
    assert (outcomes, chairs) == (["made", "refused"], 1)
