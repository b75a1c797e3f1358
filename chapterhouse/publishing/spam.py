"""Protection of the public forms (comments, feedback) against spam, without storing readers'
addresses.

The edge turns the connection's address into a *client key*: an HMAC of the address under the
site's secret key, so the key cannot be turned back into the address without the secret. The
rate limit counts a client's messages in the cache (``CACHES``; per process with the default
local-memory cache, shared across workers with Redis or a database cache) under that key for
a short window, after which the counter expires: nothing about a reader reaches the database.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from chapterhouse.access.addresses import client_address
from chapterhouse.publishing import errors as msg

# The honeypot: a field hidden from people (its label asks them to leave it empty) that
# bots fill in.
HONEYPOT_FIELD = "website"
# At most RATE_LIMIT messages of one kind per client per RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 600


def keyed_hash(*parts: str) -> str:
    """A short HMAC-SHA256 of ``parts`` under the secret key (not reversible without it)."""
    message = "\x00".join(parts).encode("utf-8", "surrogatepass")
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def client_key(request: HttpRequest) -> str:
    """The client's key: a keyed hash of its address (never the address itself)."""
    return keyed_hash("client", client_address(request) or "unknown")


def check_honeypot(honeypot: str) -> None:
    if honeypot:
        raise ValidationError({HONEYPOT_FIELD: [ValidationError(msg.SPAM_REFUSED)]})


def check_rate(*, scope: str, client: str) -> None:
    """Count one message of ``scope`` ("comment", "feedback") from ``client``; refuse it when
    the client sent RATE_LIMIT of them in the window already."""
    key = f"publishing:rate:{scope}:{client}"
    cache.add(key, 0, timeout=RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.set(key, 1, timeout=RATE_WINDOW)
        count = 1
    if count > RATE_LIMIT:
        raise ValidationError(msg.RATE_LIMITED.format(minutes=RATE_WINDOW // 60))
