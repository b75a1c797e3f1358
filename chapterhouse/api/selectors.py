"""Reads of API tokens."""

from __future__ import annotations

import hashlib

from chapterhouse.api.models import ApiToken


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256, hex. Tokens are random (256 bits), so a plain
    hash suffices; a slow password hash would only slow every API request."""
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_find(*, token: str) -> ApiToken | None:
    """The token ``token`` stands for, with its user; None if it is unknown or revoked."""
    return ApiToken.objects.select_related("user").filter(token_hash=token_hash(token)).first()
