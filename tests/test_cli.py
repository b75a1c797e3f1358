"""Every `chapterhouse` command reads the secret key that `./dev start` keeps in the data
directory, and a configuration error is one line on standard error with exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def chapterhouse(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CHAPTERHOUSE_", "DATABASE_URL"))
    }
    env.update(CHAPTERHOUSE_DATA_DIR=str(data_dir), **extra)
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "chapterhouse.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.serial
def test_commands_read_the_secret_key_file_in_the_data_directory(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("k" * 60 + "\n")
    migrated = chapterhouse(tmp_path, "migrate", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    made = chapterhouse(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create_user('ana')",
    )
    assert made.returncode == 0, made.stderr
    token = chapterhouse(tmp_path, "token", "create", "ana", "--name", "laptop")
    assert token.returncode == 0, token.stderr
    assert "Traceback" not in token.stderr
    key = chapterhouse(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.SECRET_KEY)",
    )
    assert key.stdout.strip() == "k" * 60


def test_the_environment_comes_before_the_key_file(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("f" * 60)
    key = chapterhouse(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.SECRET_KEY)",
        CHAPTERHOUSE_SECRET_KEY="e" * 60,
    )
    assert key.stdout.strip() == "e" * 60, key.stderr


def test_a_missing_secret_key_is_one_line_and_exit_status_2(tmp_path: Path) -> None:
    result = chapterhouse(tmp_path, "token", "create", "ana", "--name", "laptop")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "CHAPTERHOUSE_SECRET_KEY is not set" in lines[0]


def test_a_malformed_variable_is_one_line_and_exit_status_2(tmp_path: Path) -> None:
    result = chapterhouse(tmp_path, "check", CHAPTERHOUSE_DEBUG="maybe")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "chapterhouse: configuration error: CHAPTERHOUSE_DEBUG must be true or false, not 'maybe'."
    ]
