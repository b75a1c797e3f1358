"""A password reset by the secretariat revokes the account's API tokens; the log-in lockout
counts the connection's address, not an X-Forwarded-For header anyone can write."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from chapterhouse.access.accounts import account_update
from chapterhouse.access.models import AuditEntry
from chapterhouse.api.models import ApiToken
from chapterhouse.api.services import api_token_create

NEW_PASSWORD = "tide-and-harbor-42"


@pytest.mark.django_db
def test_a_password_reset_revokes_the_accounts_api_tokens(plain_user: User) -> None:
    _, token = api_token_create(user=plain_user, name="laptop", by=None)
    api_token_create(user=plain_user, name="phone", by=None)
    other = User.objects.create_user(username="other")
    api_token_create(user=other, name="other's", by=None)
    client = Client()
    assert (
        client.get("/api/v1/bodies", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )

    account_update(user=plain_user, password=NEW_PASSWORD, by=None)

    assert (
        client.get("/api/v1/bodies", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["other's"]
    revoked = AuditEntry.objects.filter(action="api_token.revoked").count()
    assert revoked == 2


@pytest.mark.django_db
def test_a_role_change_keeps_the_tokens(plain_user: User) -> None:
    api_token_create(user=plain_user, name="laptop", by=None)
    account_update(user=plain_user, secretariat=True, by=None)
    assert ApiToken.objects.filter(user=plain_user).count() == 1


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_does_not_change_the_locked_address(plain_user: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "plain", "password": "wrong"},
            headers={"X-Forwarded-For": f"198.51.100.{i}"},
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    # Locked out: the right password from the same connection is refused, whatever it claims.
    response = client.post(
        "/accounts/login/",
        {"username": "plain", "password": "pw-plain-1"},
        headers={"X-Forwarded-For": "192.0.2.99"},
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [
        ("", {"proxy_headers": False, "forwarded_allow_ips": ""}),
        (
            "10.0.0.1, 10.0.0.2",
            {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.1,10.0.0.2"},
        ),
    ],
)
def test_serve_believes_forwarded_for_only_from_configured_proxies(
    monkeypatch: pytest.MonkeyPatch, proxies: str, expected: dict[str, Any]
) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    monkeypatch.setattr(
        settings,
        "CHAPTERHOUSE_TRUSTED_PROXIES",
        [p.strip() for p in proxies.split(",") if p.strip()],
    )
    call_command("serve", "--no-migrate")
    assert {k: seen[k] for k in expected} == expected
