"""Settings refuse unsafe or malformed values, with a message that says what to do."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chapterhouse import conf


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("CHAPTERHOUSE_", "DATABASE_URL"))
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import chapterhouse.settings as s; "
            "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.PASSWORD_HASHERS[0])",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_mode_refuses_to_start_without_a_secret_key() -> None:
    result = load_settings()
    assert result.returncode != 0
    assert "CHAPTERHOUSE_SECRET_KEY is not set" in result.stderr


def test_defaults_debug_off_sqlite_and_argon2() -> None:
    result = load_settings(CHAPTERHOUSE_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


def test_a_postgresql_url_selects_postgresql_and_others_are_refused() -> None:
    ok = load_settings(CHAPTERHOUSE_SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@127.0.0.1/db")
    assert ok.stdout.split()[:2] == ["False", "django.db.backends.postgresql"]
    bad = load_settings(CHAPTERHOUSE_SECRET_KEY="x" * 50, DATABASE_URL="mysql://u@127.0.0.1/db")
    assert "DATABASE_URL must be a PostgreSQL URL" in bad.stderr


def test_a_malformed_boolean_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAPTERHOUSE_DEBUG", "maybe")
    with pytest.raises(conf.ConfigurationError, match="CHAPTERHOUSE_DEBUG must be true or false"):
        conf.env_bool("CHAPTERHOUSE_DEBUG")
    monkeypatch.setenv("CHAPTERHOUSE_LOGIN_FAILURE_LIMIT", "five")
    with pytest.raises(conf.ConfigurationError, match="whole number"):
        conf.env_int("CHAPTERHOUSE_LOGIN_FAILURE_LIMIT")


def test_a_broker_url_must_be_redis() -> None:
    bad = load_settings(CHAPTERHOUSE_SECRET_KEY="x" * 50, CHAPTERHOUSE_BROKER_URL="amqp://h")
    assert "CHAPTERHOUSE_BROKER_URL must be a Redis URL" in bad.stderr
    ok = load_settings(CHAPTERHOUSE_SECRET_KEY="x" * 50, CHAPTERHOUSE_BROKER_URL="redis://h:6379/0")
    assert ok.returncode == 0, ok.stderr


HTTPS_VALUES = (
    "import chapterhouse.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)"
)


def settings_value(expression: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("CHAPTERHOUSE_", "DATABASE_URL"))
    }
    return subprocess.run(  # noqa: S603 (our own interpreter, our own expressions)
        [sys.executable, "-c", expression],
        env={**clean, "CHAPTERHOUSE_SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_https_is_off_by_default_and_each_setting_comes_from_the_environment() -> None:
    off = settings_value(HTTPS_VALUES)
    assert off.stdout.strip() == "False False False 0 False False None", off.stderr
    on = settings_value(
        HTTPS_VALUES,
        CHAPTERHOUSE_HTTPS="true",
        CHAPTERHOUSE_HSTS_SECONDS="31536000",
        CHAPTERHOUSE_HSTS_INCLUDE_SUBDOMAINS="yes",
        CHAPTERHOUSE_HSTS_PRELOAD="on",
        CHAPTERHOUSE_PROXY_SSL_HEADER="X-Forwarded-Proto: https",
    )
    assert on.stdout.strip() == (
        "True True True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https')"
    ), on.stderr


@pytest.mark.parametrize("value", ["X-Forwarded-Proto", "X-Forwarded-Proto:", "Bad Header: https"])
def test_a_malformed_proxy_header_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CHAPTERHOUSE_PROXY_SSL_HEADER", value)
    with pytest.raises(conf.ConfigurationError, match="Header-Name: value"):
        conf.env_header("CHAPTERHOUSE_PROXY_SSL_HEADER")


def test_an_unknown_log_format_is_refused() -> None:
    result = settings_value("import chapterhouse.settings", CHAPTERHOUSE_LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "CHAPTERHOUSE_LOG_FORMAT must be one of text, json, not 'xml'" in result.stderr
