"""Every environment variable Chapterhouse reads, declared once with its default and help text.

``docs/configuration.md`` documents each of them; a test fails when one is missing there.
"""

from __future__ import annotations

import os
import re
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
        "CHAPTERHOUSE_HTTPS",
        "false",
        "The site is reached over HTTPS only (true/false): secure cookies, and plain HTTP "
        "requests are redirected to HTTPS.",
    ),
    Variable(
        "CHAPTERHOUSE_HSTS_SECONDS",
        "0",
        "Strict-Transport-Security max-age in seconds (31536000 is a year). 0: no HSTS header.",
    ),
    Variable(
        "CHAPTERHOUSE_HSTS_INCLUDE_SUBDOMAINS",
        "false",
        "HSTS covers every subdomain too (true/false).",
    ),
    Variable(
        "CHAPTERHOUSE_HSTS_PRELOAD",
        "false",
        "Ask browsers to preload HSTS for the domain (true/false).",
    ),
    Variable(
        "CHAPTERHOUSE_PROXY_SSL_HEADER",
        "",
        "A request header set by the TLS-terminating proxy and its value for HTTPS requests, "
        "as 'Header-Name: value' (X-Forwarded-Proto: https). Unset: trust no such header.",
    ),
    Variable(
        "CHAPTERHOUSE_LOG_FORMAT",
        "text",
        "Log line format: text (one readable line per event) or json (one JSON object per line).",
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


def env_choice(name: str, choices: tuple[str, ...]) -> str:
    value = env(name).strip().lower()
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_header(name: str) -> tuple[str, str] | None:
    """A 'Header-Name: value' pair as Django's request.META key and value, or None if unset."""
    value = env(name).strip()
    if not value:
        return None
    header, colon, expected = (part.strip() for part in value.partition(":"))
    if not colon or not expected or not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ConfigurationError(
            f"{name} must be 'Header-Name: value' (X-Forwarded-Proto: https), not {value!r}."
        )
    return "HTTP_" + header.upper().replace("-", "_"), expected
