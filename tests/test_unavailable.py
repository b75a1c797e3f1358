"""When the database cannot answer, pages and the API say so with 503 and Retry-After, never a
500: a write that cannot get SQLite's lock in time (a long import holds it), and a database that
is down. A read with an API token does not write, so it does not wait for the lock at all."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.contrib.auth.models import Group, User
from django.db import OperationalError, connection
from django.test import Client

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.api.services import api_token_create
from chapterhouse.core import errors as msg
from chapterhouse.core.unavailable import RETRY_AFTER_SECONDS, is_database_unavailable
from chapterhouse.organizations.factories import make_branch
from tests.helpers import seed_static

ROOT = Path(__file__).resolve().parents[1]


def run_faults(mode: str, tmp_path: Path, **extra: str) -> dict[str, dict[str, Any]]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CHAPTERHOUSE_", "DATABASE_URL"))
    }
    env.update(
        CHAPTERHOUSE_DATA_DIR=str(tmp_path),
        CHAPTERHOUSE_DEBUG="false",
        CHAPTERHOUSE_ALLOWED_HOSTS="testserver",
        **extra,
    )
    env.setdefault("CHAPTERHOUSE_SECRET_KEY", "s" * 50)
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.faults", mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    results: dict[str, dict[str, Any]] = json.loads(result.stdout.strip().splitlines()[-1])
    return results


def assert_unavailable(answer: dict[str, Any], *, api: bool) -> None:
    assert answer["status"] == 503, answer
    assert answer["retry_after"] == str(RETRY_AFTER_SECONDS)
    if api:
        assert answer["type"] == "application/json"
        assert json.loads(answer["body"]) == {"detail": str(msg.DATABASE_UNAVAILABLE)}
    else:
        assert answer["type"].startswith("text/html")
        assert "Temporarily unavailable" in answer["body"]


@pytest.mark.serial
def test_while_an_import_holds_the_sqlite_write_lock(tmp_path: Path) -> None:
    seed_static(tmp_path)
    results = run_faults("locked", tmp_path)
    # Reads go on (WAL), and a token read does not wait to note its last use.
    assert results["token_read"]["status"] == 200, results["token_read"]
    assert results["token_read"]["seconds"] < 1
    assert results["page_read"]["status"] == 200
    # Writes wait for the lock (1 s here), then answer 503 with Retry-After.
    assert_unavailable(results["api_write"], api=True)
    assert_unavailable(results["page_write"], api=False)


@pytest.mark.serial
def test_when_the_database_is_down(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]  # nothing listens once the socket closes
    results = run_faults(
        "down", tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port}/nowhere"
    )
    assert_unavailable(results["page"], api=False)
    assert_unavailable(results["home"], api=False)
    assert_unavailable(results["api"], api=True)


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_lock_timeout_answers_503() -> None:
    """A write that cannot get a row lock in time (settings: lock_timeout) answers 503."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's lock timeout (SQLite's lock: the file-based test above)")
    user = User.objects.create_user(username="sec")
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    _, token = api_token_create(user=user, name="ci", by=None)
    branch = make_branch(key="held")
    params = connection.get_connection_params()
    holder = psycopg.connect(
        **{k: v for k, v in params.items() if k in ("host", "port", "user", "dbname")}
    )
    try:
        holder.execute("SELECT 1 FROM organizations_branch WHERE id = %s FOR UPDATE", [branch.pk])
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")  # instead of the site's 20 s
        response = Client().patch(
            "/api/v1/branches/held",
            {"name": "Renamed"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    finally:
        holder.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": str(msg.DATABASE_UNAVAILABLE)}


def test_other_database_errors_stay_errors() -> None:
    assert is_database_unavailable(OperationalError("database is locked"))
    assert not is_database_unavailable(OperationalError("no such table: people_person"))
    assert not is_database_unavailable(ValueError("database is locked"))
