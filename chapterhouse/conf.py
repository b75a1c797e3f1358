"""Every environment variable Chapterhouse reads, declared once with its default and help text.

``docs/configuration.md`` documents each of them; a test fails when one is missing there.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


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
        "CHAPTERHOUSE_BROKER_CHANNEL",
        "chapterhouse.journal",
        "Redis pub/sub channel the broker uses. Redis channels are shared by every database "
        "number: give each site on one Redis a channel of its own.",
    ),
    Variable(
        "CHAPTERHOUSE_LIVE_HEARTBEAT_SECONDS",
        "15",
        "Seconds between the keep-alive comments sent on every open live stream (each followed "
        "scope's journal is reread as often, a safety net for a lost broker message).",
    ),
    Variable(
        "CHAPTERHOUSE_LIVE_CLIENT_BUFFER",
        "256",
        "Events waiting for one live client at most; a client further behind is disconnected "
        "and catches up when it reconnects with its last event id.",
    ),
    Variable(
        "CHAPTERHOUSE_SECRET_KEY",
        "",
        "Django's secret key. Unset: read from the file secret_key in the data directory (which "
        "./dev start makes). Required unless CHAPTERHOUSE_DEBUG is on; the site refuses to start "
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
        "CHAPTERHOUSE_DB_POOL_SIZE",
        "8",
        "PostgreSQL connections each server process keeps at most (a pool shared by its request "
        "threads).",
    ),
    Variable(
        "CHAPTERHOUSE_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed. Unset: "
        "none; the client's address is the connection's.",
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
    Variable(
        "CHAPTERHOUSE_EMAIL_URL",
        "",
        "Where outgoing mail goes: smtp://user:password@host:port (unencrypted), "
        "smtp+tls://... (STARTTLS, port 587 by default) or smtps://... (TLS from the start, "
        "port 465); ?from=news@example.org sets the sender. Unset: each message is written to "
        "a file in the outbox folder of the data directory and nothing is sent.",
    ),
    Variable(
        "CHAPTERHOUSE_PUBLIC_URL",
        "",
        "The site's public address (https://example.org), for the links in e-mail. Unset: the "
        "address of the request that sent the mail (the subscribe form, the send button).",
    ),
    Variable(
        "CHAPTERHOUSE_DOSSIER_MAX_BYTES",
        "20000000",
        "The largest dossier file 'chapterhouse import' reads, in bytes (20 MB by default).",
    ),
)

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)

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


def secret_key(data_dir: Path) -> str:
    """The secret key: ``CHAPTERHOUSE_SECRET_KEY`` if set, else the file ``secret_key`` in the
    data directory (``./dev start`` makes it once), else ``""``. Every command reads it the same
    way, so the site and the CLI agree."""
    key = env("CHAPTERHOUSE_SECRET_KEY").strip()
    if key:
        return key
    path = data_dir / SECRET_KEY_FILE
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"Cannot read the secret key file {path}: {error}.") from None


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


EMAIL_SCHEMES = ("smtp", "smtp+tls", "smtps")
OUTBOX_DIR = "outbox"
# Seconds an SMTP connection waits for the server (a newsletter's lease is far longer).
EMAIL_TIMEOUT = 30


@dataclass(frozen=True)
class EmailSettings:
    """Django's e-mail settings, read from ``CHAPTERHOUSE_EMAIL_URL``."""

    backend: str
    file_path: str = ""
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    sender: str = "chapterhouse@localhost"
    timeout: int = EMAIL_TIMEOUT


def email_settings(url: str, data_dir: Path) -> EmailSettings:
    """The e-mail settings from ``CHAPTERHOUSE_EMAIL_URL`` (docs/configuration.md). Unset:
    Django's file backend, one file per message in ``<data dir>/outbox``."""
    url = url.strip()
    if not url:
        return EmailSettings(
            backend="django.core.mail.backends.filebased.EmailBackend",
            file_path=str(data_dir / OUTBOX_DIR),
        )
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_SCHEMES or not parts.hostname:
        raise ConfigurationError(
            "CHAPTERHOUSE_EMAIL_URL must be smtp://, smtp+tls:// or smtps://user:password@host:"
            f"port, not {parts.scheme + '://' if parts.scheme else url!r}."
        )
    try:
        port = parts.port
    except ValueError:
        raise ConfigurationError("CHAPTERHOUSE_EMAIL_URL has a malformed port.") from None
    default_port = {"smtp": 25, "smtp+tls": 587, "smtps": 465}[parts.scheme]
    sender = parse_qs(parts.query).get("from", [""])[0].strip()
    return EmailSettings(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname,
        port=port or default_port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=parts.scheme == "smtp+tls",
        use_ssl=parts.scheme == "smtps",
        sender=sender or f"chapterhouse@{parts.hostname}",
    )
