from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_is_reachable(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client: Client) -> None:
    with mock.patch("chapterhouse.core.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False


@pytest.mark.django_db
def test_a_missing_page_answers_404_with_the_sites_page(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "There is nothing here, or nothing you may see." in response.content.decode()


@pytest.mark.django_db
def test_a_host_not_allowed_is_a_400_not_a_500(client: Client) -> None:
    """Refused before the authentication middleware runs: the error page has no user to read."""
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
