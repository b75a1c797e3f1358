"""Every write to API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from chapterhouse.api import errors as msg
from chapterhouse.api.models import ApiToken
from chapterhouse.api.selectors import token_hash
from chapterhouse.core.audit import audit_record, snapshot
from chapterhouse.core.errors import Errors, field_error

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AccountUser

    from chapterhouse.core.actors import Actor


# last_used is kept to five minutes: a busy client does not write a row on every request.
LAST_USED_PRECISION = dt.timedelta(minutes=5)


@transaction.atomic
def api_token_create(*, user: AccountUser, name: str, by: Actor) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the row and the token, which is never stored and
    cannot be shown again."""
    token = secrets.token_urlsafe(32)
    api_token = ApiToken(user=user, name=name, token_hash=token_hash(token))
    Errors().check(api_token)
    api_token.save()
    audit_record(
        by=by,
        action="api_token.created",
        obj=api_token,
        after=snapshot(api_token, exclude=("token_hash",)),
    )
    return api_token, token


@transaction.atomic
def api_token_revoke(*, name: str, by: Actor) -> ApiToken:
    """Delete the token named ``name``; requests that present it answer 401 from now on."""
    api_token = ApiToken.objects.select_for_update().filter(name=name).first()
    if api_token is None:
        raise field_error("name", msg.UNKNOWN_TOKEN.format(name=name))
    before = snapshot(api_token, exclude=("token_hash",))
    audit_record(by=by, action="api_token.revoked", obj=api_token, before=before)
    api_token.delete()
    return api_token


@transaction.atomic
def api_tokens_revoke_all(*, user: AccountUser, by: Actor) -> int:
    """Delete every token of ``user`` (their password was reset: whoever held it may hold a
    token too); one audit row per token. Returns how many were revoked."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user))
    for api_token in tokens:
        audit_record(
            by=by,
            action="api_token.revoked",
            obj=api_token,
            before=snapshot(api_token, exclude=("token_hash",)),
        )
        api_token.delete()
    return len(tokens)


def api_token_used(*, api_token: ApiToken) -> None:
    """Note that ``api_token`` was used now. Bookkeeping, not a change anyone makes: no audit
    row, at most one UPDATE every few minutes, and never a wait: when another writer holds the
    lock (a long import on SQLite, the same token's row on PostgreSQL), the note is skipped, so
    a read with a token never waits for, or fails on, a write lock."""
    now = timezone.now()
    if api_token.last_used is not None and api_token.last_used >= now - LAST_USED_PRECISION:
        return
    try:
        with _without_waiting_for_locks(), transaction.atomic():
            stale = ApiToken.objects.filter(pk=api_token.pk).filter(
                Q(last_used__isnull=True) | Q(last_used__lt=now - LAST_USED_PRECISION)
            )
            if connection.vendor == "postgresql" and not stale.select_for_update(
                skip_locked=True
            ).values_list("pk", flat=True):
                return  # fresh already, or another request is noting it right now
            stale.update(last_used=now)
    except OperationalError:
        return  # busy: noted next time


@contextmanager
def _without_waiting_for_locks() -> Iterator[None]:
    """On SQLite, give up at once instead of waiting for the write lock (busy_timeout 0), then
    restore the connection's own timeout."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        row = cursor.fetchone()
        previous = int(row[0]) if row else 0
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {previous:d}")
