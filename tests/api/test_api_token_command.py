"""`chapterhouse token create USERNAME --name NAME` and `chapterhouse token revoke NAME`."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from chapterhouse.api import errors as api_msg
from chapterhouse.api.models import ApiToken
from chapterhouse.core.models import AuditEntry


def create(username: str, name: str) -> str:
    out = StringIO()
    call_command("token", "create", username, "--name", name, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_create_prints_the_token_once_and_stores_its_hash(secretariat_user: User) -> None:
    token = create("sec", "ci")
    stored = ApiToken.objects.get(name="ci")
    assert stored.user == secretariat_user
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 40
    assert AuditEntry.objects.filter(action="api_token.created").exists()
    response = Client().get("/api/v1/bodies", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_revoke(secretariat_user: User) -> None:
    token = create("sec", "ci")
    out = StringIO()
    call_command("token", "revoke", "ci", stdout=out)
    assert "ci" in out.getvalue()
    assert not ApiToken.objects.exists()
    assert AuditEntry.objects.filter(action="api_token.revoked", object_key__isnull=False).exists()
    response = Client().get("/api/v1/bodies", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_create_for_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="no active user named 'ghost'") as raised:
        create("ghost", "ci")
    assert str(raised.value) == api_msg.UNKNOWN_USER.format(username="ghost")


def test_create_with_a_name_taken(secretariat_user: User) -> None:
    create("sec", "ci")
    with pytest.raises(CommandError, match="already exists"):
        create("sec", "ci")
    assert ApiToken.objects.count() == 1


def test_revoke_an_unknown_token(db: None) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("token", "revoke", "nothing")
    assert str(raised.value) == api_msg.UNKNOWN_TOKEN.format(name="nothing")
