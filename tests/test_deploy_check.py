"""`chapterhouse check --deploy` is clean once the HTTPS settings are set from the
environment (docs/configuration.md), and names what is missing when they are not."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

HTTPS_SETTINGS = {
    "CHAPTERHOUSE_HTTPS": "true",
    "CHAPTERHOUSE_HSTS_SECONDS": "31536000",
    "CHAPTERHOUSE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "CHAPTERHOUSE_HSTS_PRELOAD": "true",
    "CHAPTERHOUSE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
}


def check_deploy(data: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHAPTERHOUSE_", "DATABASE"))}
    env.update(
        CHAPTERHOUSE_DATA_DIR=str(data),
        CHAPTERHOUSE_SECRET_KEY=secrets.token_urlsafe(50),
        CHAPTERHOUSE_ALLOWED_HOSTS="chapterhouse.example.org",
        **settings,
    )
    return subprocess.run(
        [sys.executable, "-m", "chapterhouse.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_the_https_settings(tmp_path: Path) -> None:
    result = check_deploy(tmp_path, **HTTPS_SETTINGS)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_each_https_setting_left_unset(tmp_path: Path) -> None:
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in result.stderr
