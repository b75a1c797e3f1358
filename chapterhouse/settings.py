"""Django settings, read from the environment (chapterhouse/conf.py, docs/configuration.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from wsgiref.headers import Headers

import dj_database_url

from chapterhouse.conf import (
    ConfigurationError,
    email_settings,
    env,
    env_bool,
    env_choice,
    env_header,
    env_int,
    env_list,
    secret_key,
)


def cache_hashed_files_for_a_year(headers: Headers, path: str, url: str) -> None:
    """WhiteNoise marks a file with a content hash in its name immutable and caches it for ten
    years; a year is the longest HTTP/1.1 advises, and plenty."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "max-age=31536000, public, immutable"


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env("CHAPTERHOUSE_DATA_DIR")).resolve()

DEBUG = env_bool("CHAPTERHOUSE_DEBUG")
TESTING = "pytest" in sys.modules

SECRET_KEY = secret_key(DATA_DIR)
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105
    else:
        raise ConfigurationError(
            "CHAPTERHOUSE_SECRET_KEY is not set and there is no secret_key file in the data "
            f"directory ({DATA_DIR}). Set it to a long random string, or set "
            "CHAPTERHOUSE_DEBUG=true for a local development site."
        )

ALLOWED_HOSTS = env_list("CHAPTERHOUSE_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CHAPTERHOUSE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the sitemap template (publishing)
    "django_htmx",
    "ninja",  # its static files: the API's interactive docs load nothing from a CDN
    "axes",
    "django_countries",
    "chapterhouse.core",
    "chapterhouse.calendars",
    "chapterhouse.access",
    "chapterhouse.organizations",
    "chapterhouse.people",
    "chapterhouse.conferences",
    "chapterhouse.live",
    "chapterhouse.voting",
    "chapterhouse.publishing",
    "chapterhouse.dossier",
    "chapterhouse.demo",
    "chapterhouse.api",
]

MIDDLEWARE = [
    "chapterhouse.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "chapterhouse.core.middleware.ContentSecurityPolicyMiddleware",
    "chapterhouse.core.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "chapterhouse.core.middleware.RefuseHostileTextMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "chapterhouse.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "chapterhouse.urls"
ASGI_APPLICATION = "chapterhouse.asgi.application"
WSGI_APPLICATION = "chapterhouse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chapterhouse.organizations.context_processors.site",
            ],
            # {% localized %} and |localized_text on every page, for names in many languages.
            "builtins": ["chapterhouse.core.templatetags.chapterhouse"],
        },
    }
]


DB_POOL_TIMEOUT = 10  # seconds a request waits for a free PostgreSQL connection
LOCK_TIMEOUT = 20  # seconds a write waits for a lock (SQLite's write lock, PostgreSQL's rows)


def _databases() -> dict[str, Any]:
    url = env("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
        )
        if not config["ENGINE"].endswith("postgresql"):
            raise ConfigurationError("DATABASE_URL must be a PostgreSQL URL (postgres://...).")
        # Request threads share one pool per process, so a process holds at most
        # CHAPTERHOUSE_DB_POOL_SIZE connections however many requests arrive at once; a request
        # that finds none free within `timeout` seconds answers 503 (core.middleware).
        pool_size = env_int("CHAPTERHOUSE_DB_POOL_SIZE")
        if pool_size < 1:
            raise ConfigurationError(
                f"CHAPTERHOUSE_DB_POOL_SIZE must be at least 1, not {pool_size}."
            )
        # A write waits for a row lock as long as SQLite's writers wait for theirs, then
        # answers 503 (core.unavailable) rather than hanging.
        config.setdefault("OPTIONS", {}).setdefault("options", f"-c lock_timeout={LOCK_TIMEOUT}s")
        config["OPTIONS"]["pool"] = {
            "min_size": 1,
            "max_size": pool_size,
            "timeout": DB_POOL_TIMEOUT,
        }
        return {"default": config}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "chapterhouse.sqlite3",
            "OPTIONS": {
                # Writers take the lock when the transaction starts, so a check-then-write
                # service (one chair at a time) cannot interleave with another writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": LOCK_TIMEOUT,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = env_int("CHAPTERHOUSE_LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The lockout counts the connection's address; `serve` lets uvicorn take it from X-Forwarded-For
# only when the connection comes from one of these proxies.
CHAPTERHOUSE_TRUSTED_PROXIES = env_list("CHAPTERHOUSE_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "chapterhouse.access.addresses.client_address"

# The largest dossier the import reads (chapterhouse.dossier.yamlio).
DOSSIER_MAX_BYTES = env_int("CHAPTERHOUSE_DOSSIER_MAX_BYTES")

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("ru", "Русский"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("CHAPTERHOUSE_TIME_ZONE")

STATIC_URL = "/static/"
# `chapterhouse serve` collects the static files here before it starts: hashed names,
# gzip-compressed copies, served by WhiteNoise and cached for a year. Debug mode serves the
# source files instead, as they change.
STATIC_ROOT: Path | None = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_ADD_HEADERS_FUNCTION = cache_hashed_files_for_a_year

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Read by chapterhouse.core.middleware.ContentSecurityPolicyMiddleware (in Django 6's shape).
# Nothing inline: every script and style is a file of the site's own.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# HTTPS (docs/configuration.md): all off by default, for a site on http://127.0.0.1.
HTTPS = env_bool("CHAPTERHOUSE_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's plain-HTTP health check
SECURE_HSTS_SECONDS = env_int("CHAPTERHOUSE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CHAPTERHOUSE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("CHAPTERHOUSE_HSTS_PRELOAD")
SECURE_PROXY_SSL_HEADER = env_header("CHAPTERHOUSE_PROXY_SSL_HEADER")

CHAPTERHOUSE_BROKER_URL = env("CHAPTERHOUSE_BROKER_URL")
if CHAPTERHOUSE_BROKER_URL and not CHAPTERHOUSE_BROKER_URL.startswith(
    ("redis://", "rediss://", "unix://")
):
    raise ConfigurationError(
        "CHAPTERHOUSE_BROKER_URL must be a Redis URL (redis://host:6379/0), or unset for the "
        "in-process broker."
    )

CHAPTERHOUSE_BROKER_CHANNEL = env("CHAPTERHOUSE_BROKER_CHANNEL")
CHAPTERHOUSE_LIVE_HEARTBEAT_SECONDS = env_int("CHAPTERHOUSE_LIVE_HEARTBEAT_SECONDS")
CHAPTERHOUSE_LIVE_CLIENT_BUFFER = env_int("CHAPTERHOUSE_LIVE_CLIENT_BUFFER")
if CHAPTERHOUSE_LIVE_HEARTBEAT_SECONDS < 1 or CHAPTERHOUSE_LIVE_CLIENT_BUFFER < 1:
    raise ConfigurationError(
        "CHAPTERHOUSE_LIVE_HEARTBEAT_SECONDS and CHAPTERHOUSE_LIVE_CLIENT_BUFFER must be at "
        "least 1."
    )

# Outgoing mail (newsletters, subscription confirmations): CHAPTERHOUSE_EMAIL_URL, else files in
# <data dir>/outbox. CHAPTERHOUSE_PUBLIC_URL: the site's address in the mail's links.
_email = email_settings(env("CHAPTERHOUSE_EMAIL_URL"), DATA_DIR)
EMAIL_BACKEND = _email.backend
EMAIL_FILE_PATH = _email.file_path
EMAIL_HOST, EMAIL_PORT = _email.host, _email.port
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email.user, _email.password
EMAIL_USE_TLS, EMAIL_USE_SSL = _email.use_tls, _email.use_ssl
EMAIL_TIMEOUT = _email.timeout
DEFAULT_FROM_EMAIL = _email.sender
CHAPTERHOUSE_PUBLIC_URL = env("CHAPTERHOUSE_PUBLIC_URL").strip().rstrip("/")
if CHAPTERHOUSE_PUBLIC_URL and not CHAPTERHOUSE_PUBLIC_URL.startswith(("http://", "https://")):
    raise ConfigurationError(
        "CHAPTERHOUSE_PUBLIC_URL must be the site's address (https://example.org)."
    )

LOG_FORMAT = env_choice("CHAPTERHOUSE_LOG_FORMAT", ("text", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "chapterhouse.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "axes": {"level": "ERROR"},
        # One line per request (chapterhouse.core.middleware.RequestLogMiddleware); Django's
        # own "Not Found: /x" warnings would repeat what that line already says.
        "chapterhouse.request": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}

if TESTING:
    # Fast hashing, and a time zone far from UTC so that date logic mixing the two fails.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    TIME_ZONE = "America/Santiago"
    # Tests render pages without collecting the static files first: plain names, served from
    # the source folders. tests/test_static_files.py runs the collected, hashed storage.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    STATIC_ROOT = None
    WHITENOISE_USE_FINDERS = True
