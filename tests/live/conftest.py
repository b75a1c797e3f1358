from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.db import connections


def _release() -> None:
    connection = connections["default"]
    if connection.vendor == "postgresql":
        connection.close()
        cast(Any, connection).close_pool()


@pytest.fixture(autouse=True)
def release_pooled_connections() -> Iterator[None]:
    """These tests reach the database from server threads and processes; on PostgreSQL, hand
    the pool's connections back after each test, or the test database cannot be dropped."""
    yield
    _release()


@pytest.fixture(scope="session", autouse=True)
def release_pooled_connections_at_the_end(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[None]:
    """The same once more after the last test's flush, before the test database is dropped;
    and a session a server thread still held when its server stopped (a journal read that
    finished after the pool closed) is ended, or the drop would fail."""
    yield
    _release()
    connection = connections["default"]
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        _release()
