"""Every environment variable Chapterhouse reads, declared once with its default and help text.

``docs/configuration.md`` documents each of them; a test fails when one is missing there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "CHAPTERHOUSE_DATA_DIR",
        "./data",
        "Directory for the SQLite database file and uploaded files.",
    ),
    Variable(
        "DATABASE_URL",
        "",
        "A PostgreSQL URL (postgres://user:password@host:port/name). Unset: SQLite in the data "
        "directory.",
    ),
    Variable(
        "CHAPTERHOUSE_BROKER_URL",
        "",
        "Live-update broker. Unset: in-process (one worker). redis://host:port/db for several "
        "workers.",
    ),
    Variable(
        "CHAPTERHOUSE_SECRET_KEY",
        "",
        "Django's secret key. Required unless CHAPTERHOUSE_DEBUG is on; the site refuses to start "
        "without it.",
    ),
    Variable(
        "CHAPTERHOUSE_DEBUG",
        "false",
        "Debug mode (true/false). Off by default; never on a public site.",
    ),
    Variable(
        "CHAPTERHOUSE_ALLOWED_HOSTS",
        "127.0.0.1,localhost,[::1]",
        "Comma-separated host names the site answers to.",
    ),
    Variable(
        "CHAPTERHOUSE_CSRF_TRUSTED_ORIGINS",
        "",
        "Comma-separated origins (https://example.org) trusted for form posts behind a proxy.",
    ),
    Variable(
        "CHAPTERHOUSE_TIME_ZONE",
        "UTC",
        "Time zone in which dates and times are shown and 'today' is reckoned.",
    ),
    Variable(
        "CHAPTERHOUSE_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed log-ins from one user name and address before log-in is locked for an hour.",
    ),
    Variable(
        "CHAPTERHOUSE_DOSSIER_MAX_BYTES",
        "20000000",
        "The largest dossier file 'chapterhouse import' reads, in bytes (20 MB by default).",
    ),
)

_BY_NAME = {v.name: v for v in VARIABLES}

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigurationError(Exception):
    """A configuration value is missing or malformed; the message says which and why."""


def env(name: str) -> str:
    """The value of a declared variable, or its default."""
    return os.environ.get(name, _BY_NAME[name].default)


def env_bool(name: str) -> bool:
    value = env(name).strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}.")


def env_int(name: str) -> int:
    value = env(name).strip()
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str) -> list[str]:
    return [part.strip() for part in env(name).split(",") if part.strip()]
