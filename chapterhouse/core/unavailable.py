"""When the database cannot answer: busy (SQLite's write lock held too long, a PostgreSQL lock
or pool timeout) or down (no connection). Pages and the API answer 503 with ``Retry-After``
instead of a 500, and say so in the reader's language.

``core.middleware.DatabaseUnavailableMiddleware`` maps a view's error, the API's exception
handler maps a route's, and ``core.views.server_error`` (``handler500``) maps whatever escapes
elsewhere (a middleware's session write)."""

from __future__ import annotations

import json

from django import db
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from chapterhouse.core import errors as msg

RETRY_AFTER_SECONDS = 5

# SQLite's messages when it cannot get a lock, or cannot reach its file at all.
_SQLITE_UNAVAILABLE = ("database is locked", "database table is locked", "unable to open database")
# PostgreSQL SQLSTATE classes and codes that mean "not now": connection exceptions (08),
# too many connections (53300), shutting down or starting up (57P01-57P03), lock timeouts
# (55P03), statement timeouts (57014), deadlocks and serialization failures (40P01, 40001).
_PG_CLASSES = ("08",)
_PG_CODES = frozenset({"53300", "57P01", "57P02", "57P03", "55P03", "57014", "40P01", "40001"})


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot answer now (as opposed to a bug: a missing
    table or a broken query stays a 500)."""
    if isinstance(error, db.InterfaceError):
        return True
    if not isinstance(error, db.OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:
        return bool(sqlstate in _PG_CODES or sqlstate.startswith(_PG_CLASSES))
    if cause is not None and type(cause).__module__.startswith(("psycopg", "psycopg_pool")):
        # No SQLSTATE: the connection could not be made, or the pool had none free in time.
        return True
    text = str(error).lower()
    return any(marker in text for marker in _SQLITE_UNAVAILABLE)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: JSON ``{"detail": ...}`` for the API (the shape of its other
    refusals), else the site's own page, rendered without the database."""
    message = str(msg.DATABASE_UNAVAILABLE)
    if request.path.startswith("/api/"):
        response = HttpResponse(
            json.dumps({"detail": message}), status=503, content_type="application/json"
        )
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
