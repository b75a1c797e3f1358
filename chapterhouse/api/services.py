"""Every write to API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chapterhouse.access.services import audit_record, snapshot
from chapterhouse.api import errors as msg
from chapterhouse.api.models import ApiToken
from chapterhouse.api.selectors import token_hash
from chapterhouse.core.errors import Errors, field_error

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.contrib.auth.models import User as AccountUser

    User = AbstractBaseUser | AnonymousUser | None

# last_used is kept to the minute: a busy client does not write a row on every request.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user: AccountUser, name: str, by: User) -> tuple[ApiToken, str]:
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
def api_token_revoke(*, name: str, by: User) -> ApiToken:
    """Delete the token named ``name``; requests that present it answer 401 from now on."""
    api_token = ApiToken.objects.select_for_update().filter(name=name).first()
    if api_token is None:
        raise field_error("name", msg.UNKNOWN_TOKEN.format(name=name))
    before = snapshot(api_token, exclude=("token_hash",))
    audit_record(by=by, action="api_token.revoked", obj=api_token, before=before)
    api_token.delete()
    return api_token


@transaction.atomic
def api_tokens_revoke_all(*, user: AccountUser, by: User) -> int:
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
    """Note that ``api_token`` was used now. Bookkeeping, not a change anyone makes: one UPDATE
    at most a minute, and no audit row (that would log every request)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=api_token.pk).filter(
        Q(last_used__isnull=True) | Q(last_used__lt=now - LAST_USED_PRECISION)
    ).update(last_used=now)
