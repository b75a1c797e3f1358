"""schemathesis over the OpenAPI document: requests generated from each operation's schema (valid
and invalid ones), sent to the in-process WSGI app as the public and as the secretariat (a
token), answer no 5xx, only documented status codes and content types, and bodies that fit the
documented response schemas. Bounded examples keep it under a minute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chapterhouse.api.services import api_token_create
from chapterhouse.api.urls import api
from chapterhouse.wsgi import application

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Requests through the WSGI app, as Django's test client makes them: the test's database
    connection (and its transaction) stays open between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def secretariat_token(secretariat_user: User) -> str:
    return api_token_create(user=secretariat_user, name="schemathesis", by=None)[1]


@pytest.mark.django_db
@pytest.mark.usefixtures("hwi", "in_test_transaction")
@pytest.mark.parametrize("viewer", ["public", "secretariat"])
@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_its_document(case: Any, viewer: str, request: pytest.FixtureRequest) -> None:
    headers = {}
    if viewer == "secretariat":
        token = request.getfixturevalue("secretariat_token")
        headers["Authorization"] = f"Bearer {token}"
    case.call_and_validate(headers=headers, checks=CHECKS)
