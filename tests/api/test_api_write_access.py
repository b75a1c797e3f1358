"""One rule for writes: whoever is not in the secretariat gets 404, on object and collection
routes alike, before the request body is read. (A conference's writes let its chair level
through, and its participants for their own requests to speak: neither is a plain user.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from chapterhouse.api.services import api_token_create
from chapterhouse.api.urls import api

JSON = "application/json"


def _write_routes() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method != "get"
    ]


def _fill(path: str) -> str:
    return (
        path.replace("{key}", "coordinating-committee")
        .replace("{membership_id}", "1")
        .replace("{item_id}", "1")
        .replace("{request_id}", "1")
    )


@pytest.mark.parametrize(("method", "path"), _write_routes())
def test_every_write_is_404_for_anyone_but_the_secretariat(
    client: Client, user_client: Client, plain_user: User, method: str, path: str
) -> None:
    token = api_token_create(user=plain_user, name="plain", by=None)[1]
    attempts = [
        (client, {}),  # the public
        (user_client, {}),  # a session without the secretariat role
        (client, {"Authorization": f"Bearer {token}"}),  # a token without it
    ]
    # The hall's AV desk authenticates with the conference's projector token alone, and says
    # 401 to anything else before it looks the conference up (tests/conferences/
    # test_projector_desk.py); no user, session or user token opens those routes.
    projector = "/projector/" in path
    for viewer, headers in attempts:
        send = getattr(viewer, method)
        response = send(_fill(path), {"anything": "at all"}, content_type=JSON, headers=headers)
        assert response.status_code == (401 if projector else 404), (method, path, headers)
        if not projector:
            assert response.json() == {"detail": "Not Found"}


def test_the_secretariat_reaches_every_write(secretariat_client: Client) -> None:
    """The same requests to the collections from the secretariat get past the gate, to 422 (the
    body is nonsense)."""
    collections = [(m, p) for m, p in _write_routes() if "{" not in p]
    assert len(collections) >= 10
    for method, path in collections:
        send = getattr(secretariat_client, method)
        response = send(path, {"anything": "at all"}, content_type=JSON)
        assert response.status_code == 422, (method, path)
