"""Who is asking: bearer tokens, sessions with CSRF, the public; and who may write."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from chapterhouse.api import errors as api_msg
from chapterhouse.api.models import ApiToken
from chapterhouse.api.services import api_token_create, api_token_revoke
from chapterhouse.core.models import AuditEntry

pytestmark = pytest.mark.usefixtures("hwi")

JSON = "application/json"
INTERNAL = "/api/v1/bodies/finance-commission"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def secretariat_token(secretariat_user: User) -> str:
    return api_token_create(user=secretariat_user, name="ci", by=None)[1]


@pytest.fixture
def plain_token(plain_user: User) -> str:
    return api_token_create(user=plain_user, name="plain", by=None)[1]


# --- bearer tokens ------------------------------------------------------------------------


def test_a_token_acts_as_its_user(client: Client, secretariat_token: str) -> None:
    assert client.get(INTERNAL).status_code == 404
    response = client.get(INTERNAL, headers=bearer(secretariat_token))
    assert response.status_code == 200
    assert response.json()["internal_notes"] == "Two branches in arrears."
    assert ApiToken.objects.get(name="ci").last_used is not None


def test_a_token_has_its_users_roles_and_no_more(client: Client, plain_token: str) -> None:
    assert client.get(INTERNAL, headers=bearer(plain_token)).status_code == 404
    assert client.get("/api/v1/bodies", headers=bearer(plain_token)).status_code == 200


def test_a_token_writes_without_csrf_and_the_audit_names_its_user(
    secretariat_user: User, secretariat_token: str
) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/duties",
        {"key": "translation", "name": "translation"},
        content_type=JSON,
        headers=bearer(secretariat_token),
    )
    assert response.status_code == 201, response.json()
    entry = AuditEntry.objects.get(action="duty.created", object_key="translation")
    assert entry.actor == secretariat_user


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not-a-token",
        "Bearer ",
        "Bearer",
        "Token abc",
        "Basic c2VjOnB3LXNlY3JldGFyaWF0LTE=",
    ],
)
def test_a_wrong_token_is_401_even_where_the_public_may_read(client: Client, header: str) -> None:
    response = client.get("/api/v1/bodies", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_401(client: Client, secretariat_token: str) -> None:
    assert client.get(INTERNAL, headers=bearer(secretariat_token)).status_code == 200
    api_token_revoke(name="ci", by=None)
    assert client.get(INTERNAL, headers=bearer(secretariat_token)).status_code == 401
    response = client.post(
        "/api/v1/duties",
        {"key": "d", "name": "d"},
        content_type=JSON,
        headers=bearer(secretariat_token),
    )
    assert response.status_code == 401


def test_a_token_of_a_deactivated_account_is_401(
    client: Client, secretariat_user: User, secretariat_token: str
) -> None:
    User.objects.filter(pk=secretariat_user.pk).update(is_active=False)
    assert client.get("/api/v1/bodies", headers=bearer(secretariat_token)).status_code == 401


def test_only_the_tokens_hash_is_stored(secretariat_token: str) -> None:
    stored = ApiToken.objects.get(name="ci")
    assert re.fullmatch(r"[0-9a-f]{64}", stored.token_hash)
    assert secretariat_token not in stored.token_hash
    entry = AuditEntry.objects.get(action="api_token.created")
    assert entry.after is not None and "token_hash" not in entry.after


# --- sessions and CSRF --------------------------------------------------------------------

CSRF = "abcdefghijklmnopqrstuvwxyzABCDEF"  # a CSRF secret: 32 letters and digits


def _session_client(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_session_write_needs_the_csrf_token(secretariat_user: User) -> None:
    client = _session_client(secretariat_user)
    payload = {"key": "translation", "name": "translation"}
    response = client.post("/api/v1/duties", payload, content_type=JSON)
    assert response.status_code == 403
    assert response.json() == {"detail": api_msg.CSRF_FAILED}

    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF
    response = client.post("/api/v1/duties", payload, content_type=JSON, HTTP_X_CSRFTOKEN=CSRF)
    assert response.status_code == 201, response.json()


def test_a_session_read_needs_no_csrf_token(secretariat_user: User) -> None:
    assert _session_client(secretariat_user).get(INTERNAL).status_code == 200


# --- who may write ------------------------------------------------------------------------


def test_a_non_secretariat_session_gets_404_not_a_csrf_error(plain_user: User) -> None:
    client = _session_client(plain_user)
    response = client.post("/api/v1/duties", {"key": "d", "name": "d"}, content_type=JSON)
    assert response.status_code == 404


def test_the_public_reads_without_credentials(client: Client) -> None:
    response: Any = client.get("/api/v1/bodies/coordinating-committee")
    assert response.status_code == 200
    assert response.json()["internal_notes"] is None
