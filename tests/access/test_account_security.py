"""A password reset by the secretariat revokes the account's API tokens; the log-in lockout
counts the connection's address, not an X-Forwarded-For header anyone can write."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from chapterhouse.api.models import ApiToken
from chapterhouse.api.services import api_token_create
from chapterhouse.core.models import AuditEntry
from chapterhouse.people.accounts import account_update
from tests.helpers import seed_static
from tests.test_serve import free_port

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
    monkeypatch.setattr(  # the test settings collect no static files
        "chapterhouse.core.management.commands.serve.call_command", lambda *a, **k: None
    )
    call_command("serve", "--no-migrate")
    assert {k: seen[k] for k in expected} == expected


@pytest.mark.serial
def test_through_serve_a_spoofed_forwarded_for_is_not_the_counted_address(
    tmp_path: Path,
) -> None:
    """uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise; `serve` tells it
    to believe nobody by default, so a failed log-in counts the connection's own address."""
    seed_static(tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.pop("DATABASE_URL", None)
    env.update(CHAPTERHOUSE_DATA_DIR=str(tmp_path), CHAPTERHOUSE_SECRET_KEY="s" * 50)
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "chapterhouse.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                page = opener.open(f"{base}/accounts/login/", timeout=5).read().decode()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("server did not come up")
                time.sleep(0.2)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": found.group(1), "username": "ana", "password": "wrong"}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (our server)
            f"{base}/accounts/login/", data=form, headers={"X-Forwarded-For": "198.51.100.9"}
        )
        assert opener.open(request, timeout=10).status == 200  # the form again, with an error
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
    with sqlite3.connect(tmp_path / "chapterhouse.sqlite3") as db:
        addresses = [row[0] for row in db.execute("SELECT ip_address FROM axes_accessattempt")]
    assert addresses == ["127.0.0.1"]
