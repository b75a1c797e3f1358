"""The API states the model's limits in its schema and refuses a value beyond them with 422 at
the field, on SQLite as on PostgreSQL (which would answer 500 if the value reached the table)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from chapterhouse.api import errors as msg
from chapterhouse.api.schemas import limits
from chapterhouse.api.urls import api
from chapterhouse.core.models import SMALL_INTEGER_MAX, TEXT_MAX_LENGTH
from chapterhouse.organizations.models import Body, Observance
from chapterhouse.people.models import MAX_NAMES, Contact, Person, PersonName, Position

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hwi")]

JSON = "application/json"


def _locs(response: Any) -> list[list[str | int]]:
    assert response.status_code == 422, response.content
    return [error["loc"] for error in response.json()["detail"]]


def test_limits_are_read_from_the_model() -> None:
    assert limits(PersonName, "full_name") == {"max_length": 200}
    assert limits(Body, "purpose") == {"max_length": TEXT_MAX_LENGTH}
    assert limits(Position, "rank") == {"ge": 0, "le": SMALL_INTEGER_MAX}
    assert limits(Observance, "month") == {"ge": 1, "le": 12}


def test_the_openapi_document_states_the_limits() -> None:
    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert schemas["NameIn"]["properties"]["full_name"]["maxLength"] == 200
    assert schemas["NameIn"]["properties"]["language"]["maxLength"] == 20
    assert schemas["ContactIn"]["properties"]["value"]["maxLength"] == 300
    assert schemas["PersonIn"]["properties"]["names"]["maxItems"] == MAX_NAMES
    assert schemas["PositionIn"]["properties"]["rank"]["maximum"] == SMALL_INTEGER_MAX
    assert schemas["BodyPatch"]["properties"]["purpose"]["maxLength"] == TEXT_MAX_LENGTH


def test_an_overlong_contact_name_or_language_is_a_422_at_its_place(
    secretariat_client: Client,
) -> None:
    response = secretariat_client.post(
        "/api/v1/persons",
        {
            "key": "long",
            "names": [
                {"language": "en", "full_name": "Short", "is_display": True},
                {"language": "x" * 500, "full_name": "名" * 5000},
            ],
            "contacts": [{"kind": "address", "value": "x" * 5000}],
        },
        content_type=JSON,
    )
    assert sorted(map(str, _locs(response))) == sorted(
        map(
            str,
            [
                ["body", "names", 1, "language"],
                ["body", "names", 1, "full_name"],
                ["body", "contacts", 0, "value"],
            ],
        )
    )
    assert not Person.objects.filter(key="long").exists()
    assert not Contact.objects.filter(value__startswith="xxxx").exists()


def test_a_rank_of_a_trillion_is_a_422(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/positions", {"key": "odd", "name": "Odd", "rank": 10**12}, content_type=JSON
    )
    assert _locs(response) == [["body", "rank"]]
    response = secretariat_client.patch("/api/v1/positions/chair", {"rank": -1}, content_type=JSON)
    assert _locs(response) == [["body", "rank"]]
    assert not Position.objects.filter(key="odd").exists()


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/v1/bodies", {"key": "b", "name": "B", "kind": "commission"}, "purpose"),
        (
            "/api/v1/history",
            {"key": "e", "kind": "other", "occurred_on": "2020-01-01", "title": "E"},
            "description",
        ),
        ("/api/v1/observances", {"key": "o", "name": "O", "month": 5, "day": 1}, "description"),
        ("/api/v1/partner-organizations", {"key": "p", "name": "P"}, "description"),
    ],
)
def test_an_overlong_text_is_a_422(
    secretariat_client: Client, path: str, payload: dict[str, Any], field: str
) -> None:
    response = secretariat_client.post(
        path, {**payload, field: "d" * (TEXT_MAX_LENGTH + 1)}, content_type=JSON
    )
    assert _locs(response) == [["body", field]]
    accepted = secretariat_client.post(
        path, {**payload, field: "d" * TEXT_MAX_LENGTH}, content_type=JSON
    )
    assert accepted.status_code == 201, accepted.content


def test_too_many_names_is_a_422(secretariat_client: Client) -> None:
    names = [{"language": f"l{i}", "full_name": f"N {i}"} for i in range(MAX_NAMES + 1)]
    response = secretariat_client.patch(
        "/api/v1/persons/mira-okafor", {"names": names}, content_type=JSON
    )
    assert _locs(response) == [["body", "names"]]


def test_a_body_larger_than_django_reads_is_a_json_413(secretariat_client: Client) -> None:
    body = '{"key": "p", "name": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'
    response = secretariat_client.post("/api/v1/duties", body, content_type=JSON)
    assert response.status_code == 413
    assert response.json() == {
        "detail": msg.BODY_TOO_LARGE.format(limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    }
