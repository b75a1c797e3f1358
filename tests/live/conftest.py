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
def release_pooled_connections_at_the_end(django_db_setup: None) -> Iterator[None]:
    """The same once more after the last test's flush, before the test database is dropped."""
    yield
    _release()
