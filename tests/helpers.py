"""Small helpers the test modules share."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client


def client_as(username: str) -> Client:
    """A test client logged in as ``username`` (the demo's: secretariat, okafor, tanaka)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def api_items(payload: object) -> list[Any]:
    """The rows of an API list answer, whether it is a bare list or a page
    (``{"items": [...], "next_cursor": ...}``)."""
    if isinstance(payload, dict):
        items = payload["items"]
        assert isinstance(items, list)
        return items
    assert isinstance(payload, list)
    return payload
