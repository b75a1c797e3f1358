"""The OpenAPI document matches its snapshot, and every route is documented in docs/api.md.

After a deliberate change to the API, rewrite the snapshot with
``CHAPTERHOUSE_DEBUG=true chapterhouse export_openapi > docs/openapi.json``.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from chapterhouse.api.urls import api

DOCS = Path(__file__).resolve().parents[2] / "docs"
SNAPSHOT = DOCS / "openapi.json"
REWRITE = "CHAPTERHOUSE_DEBUG=true chapterhouse export_openapi > docs/openapi.json"


def routes() -> list[str]:
    """Every route as "METHOD /path", in the document's order."""
    schema = api.get_openapi_schema()
    return [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    ]


def test_the_schema_matches_the_snapshot() -> None:
    out = StringIO()
    call_command("export_openapi", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(SNAPSHOT.read_text()), (
        f"The API changed; if that was meant, run: {REWRITE}"
    )
    assert out.getvalue() == SNAPSHOT.read_text(), f"Reformat the snapshot: {REWRITE}"


@pytest.mark.django_db
def test_the_schema_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(SNAPSHOT.read_text())


def test_operation_ids_are_unique() -> None:
    schema = api.get_openapi_schema()
    ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("route", routes())
def test_every_route_is_documented(route: str) -> None:
    assert f"`{route}`" in (DOCS / "api.md").read_text()


def test_docs_list_no_route_that_does_not_exist() -> None:
    documented = set(
        re.findall(
            r"^\| `((?:GET|POST|PATCH|PUT|DELETE) /api/v1/[^`]*)`",
            (DOCS / "api.md").read_text(),
            re.M,
        )
    )
    assert documented == set(routes())


@pytest.mark.django_db
def test_the_docs_page_is_served(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/api/v1/openapi.json" in response.content
