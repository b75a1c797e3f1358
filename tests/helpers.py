"""Small helpers the test modules share."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client


def client_as(username: str) -> Client:
    """A test client logged in as ``username`` (the demo's: secretariat, okafor, tanaka)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client
