"""Django settings, read from the environment (chapterhouse/conf.py, docs/configuration.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import dj_database_url

from chapterhouse.conf import ConfigurationError, env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env("CHAPTERHOUSE_DATA_DIR")).resolve()

DEBUG = env_bool("CHAPTERHOUSE_DEBUG")
TESTING = "pytest" in sys.modules

SECRET_KEY = env("CHAPTERHOUSE_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105
    else:
        raise ConfigurationError(
            "CHAPTERHOUSE_SECRET_KEY is not set. Set it to a long random string, or set "
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
    "django_htmx",
    "axes",
    "chapterhouse.core",
    "chapterhouse.calendars",
    "chapterhouse.access",
    "chapterhouse.organizations",
    "chapterhouse.people",
    "chapterhouse.dossier",
    "chapterhouse.demo",
    "chapterhouse.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "chapterhouse.core.context_processors.site",
            ],
        },
    }
]


def _databases() -> dict[str, Any]:
    url = env("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        if not config["ENGINE"].endswith("postgresql"):
            raise ConfigurationError("DATABASE_URL must be a PostgreSQL URL (postgres://...).")
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
                "timeout": 20,
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
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CHAPTERHOUSE_BROKER_URL = env("CHAPTERHOUSE_BROKER_URL")
if CHAPTERHOUSE_BROKER_URL and not CHAPTERHOUSE_BROKER_URL.startswith(
    ("redis://", "rediss://", "unix://")
):
    raise ConfigurationError(
        "CHAPTERHOUSE_BROKER_URL must be a Redis URL (redis://host:6379/0), or unset for the "
        "in-process broker."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"axes": {"level": "ERROR"}},
}

if TESTING:
    # Fast hashing, and a time zone far from UTC so that date logic mixing the two fails.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    TIME_ZONE = "America/Santiago"
