"""Every API list is paged: ``{"items": [...], "next_cursor": ...}`` with ``?limit=`` and
``?cursor=``; following the cursors gives the whole list once, in order, even when rows are
added meanwhile. Ranges of dates are bounded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from chapterhouse.api import errors as msg
from chapterhouse.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, encode_cursor
from chapterhouse.api.urls import api
from chapterhouse.organizations.anniversaries import MAX_RANGE_YEARS
from chapterhouse.people.services import duty_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hwi")]

# Values for the path and the required query parameters of list routes, from the hwi fixture.
PATH_VALUES = {"key": "chile-executive-committee"}
QUERIES: dict[str, dict[str, str]] = {
    "/api/v1/anniversaries": {"start": "2015-01-01", "end": "2030-12-31"},
    "/api/v1/responsibilities": {"duty": "organizing-work", "country": "JP", "on": "2026-08-25"},
    "/api/v1/persons/{key}/appointments": {},
    "/api/v1/persons/{key}/memberships": {},
    "/api/v1/upcoming-observances": {"years": "5"},
}
PERSON_ROUTES = {"/api/v1/persons/{key}/appointments", "/api/v1/persons/{key}/memberships"}
D = dt.date
CONFERENCE_ROUTES = {"/api/v1/conferences/{key}/participants"}


def _conference() -> None:
    """A conference of the hwi fixture's bodies with every person taking part."""
    from chapterhouse.conferences import services as cs
    from chapterhouse.organizations.models import Body
    from chapterhouse.people.models import Person

    series = cs.conference_series_create(key="congress", name="Congress", by=None)
    conference = cs.conference_create(
        key="third-congress", series=series, number=3, kind="congress",
        convening_body=Body.objects.get(key=PATH_VALUES["key"]), format="online",
        meeting_link="https://meet.example.org/3", starts_on=D(2026, 9, 1), by=None,
    )  # fmt: skip
    cs.participants_add(
        conference=conference,
        participants=[
            cs.ParticipantSpec(person=p, roles=["delegate"]) for p in Person.objects.all()
        ],
        by=None,
    )


def _list_routes() -> list[str]:
    paths = api.get_openapi_schema()["paths"]
    found = []
    for path, operations in paths.items():
        get = operations.get("get")
        if get is None:
            continue
        names = {p["name"] for p in get.get("parameters", [])}
        if "cursor" in names:
            found.append(path)
    return found


def _url(path: str) -> str:
    key = "lucia-fernandez" if path in PERSON_ROUTES else PATH_VALUES["key"]
    if path in CONFERENCE_ROUTES:
        key = "third-congress"
    return path.replace("{key}", key)


def _walk(client: Client, path: str, limit: int) -> list[Any]:
    rows: list[Any] = []
    cursor: str | None = None
    for _ in range(100):
        params = {**QUERIES.get(path, {}), "limit": str(limit)}
        if cursor is not None:
            params["cursor"] = cursor
        response = client.get(_url(path), params)
        assert response.status_code == 200, (path, response.content)
        page = response.json()
        assert set(page) == {"items", "next_cursor"}
        assert len(page["items"]) <= limit
        rows.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return rows
    raise AssertionError(f"{path} did not end")


def test_every_list_route_is_paged() -> None:
    routes = _list_routes()
    expected = {
        "/api/v1/persons",
        "/api/v1/appointments",
        "/api/v1/branches",
        "/api/v1/branch-tree",
        "/api/v1/bodies",
        "/api/v1/history",
        "/api/v1/anniversaries",
        "/api/v1/observances",
        "/api/v1/upcoming-observances",
        "/api/v1/positions",
        "/api/v1/duties",
        "/api/v1/partner-organizations",
        "/api/v1/responsibilities",
        "/api/v1/bodies/{key}/holders",
        "/api/v1/bodies/{key}/past-holders",
        "/api/v1/persons/{key}/appointments",
        "/api/v1/persons/{key}/memberships",
        "/api/v1/conferences",
        "/api/v1/conferences/{key}/participants",
    }
    assert expected <= set(routes)


def test_the_openapi_document_describes_the_pages() -> None:
    schema = api.get_openapi_schema()
    for path in _list_routes():
        get = schema["paths"][path]["get"]
        limit = next(p for p in get["parameters"] if p["name"] == "limit")
        assert limit["schema"]["maximum"] == MAX_LIMIT
        assert limit["schema"]["default"] == DEFAULT_LIMIT
        ref = get["responses"][200]["content"]["application/json"]["schema"]["$ref"]
        page = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert set(page["properties"]) == {"items", "next_cursor"}, path


@pytest.mark.parametrize("path", _list_routes())
def test_following_the_cursors_gives_the_whole_list_once_in_order(
    secretariat_client: Client, path: str
) -> None:
    if path in CONFERENCE_ROUTES:
        _conference()
    whole = _walk(secretariat_client, path, MAX_LIMIT)
    assert whole or path not in CONFERENCE_ROUTES, path
    assert _walk(secretariat_client, path, 1) == whole
    assert _walk(secretariat_client, path, 2) == whole


def test_the_default_page_holds_the_default_number_of_rows(secretariat_client: Client) -> None:
    for number in range(DEFAULT_LIMIT + 1):
        duty_create(key=f"duty-{number:03}", name=f"duty {number:03}", by=None)
    page = secretariat_client.get("/api/v1/duties").json()
    assert len(page["items"]) == DEFAULT_LIMIT
    assert page["next_cursor"] is not None


def test_a_page_is_stable_when_rows_are_added(client: Client) -> None:
    first = client.get("/api/v1/duties", {"limit": "1"}).json()
    assert [d["key"] for d in first["items"]] == ["information-coverage"]
    # One before the cursor (not given again, not shifting the next page), one after it.
    duty_create(key="accounting", name="accounting", by=None)
    duty_create(key="translation", name="translation", by=None)
    rest: list[str] = []
    cursor = first["next_cursor"]
    while cursor is not None:
        page = client.get("/api/v1/duties", {"limit": "1", "cursor": cursor}).json()
        rest.extend(d["key"] for d in page["items"])
        cursor = page["next_cursor"]
    assert rest == ["organizing-work", "translation"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": str(MAX_LIMIT + 1)}, "limit"),
        ({"cursor": "not a cursor"}, "cursor"),
        ({"cursor": encode_cursor((1, 2, 3))}, "cursor"),  # another list's key
        ({"cursor": "W10"}, "cursor"),  # an empty list
        ({"cursor": "x" * 5000}, "cursor"),
    ],
)
def test_a_bad_limit_or_cursor_is_a_422(client: Client, params: dict[str, str], field: str) -> None:
    response = client.get("/api/v1/duties", params)
    assert response.status_code == 422, response.content
    assert [e["loc"] for e in response.json()["detail"]] == [["query", field]]


def test_an_anniversary_range_is_at_most_a_hundred_years(client: Client) -> None:
    response = client.get("/api/v1/anniversaries", {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["query", "end"], "msg": msg.RANGE_TOO_LONG.format(years=MAX_RANGE_YEARS)}
    ]
    longest = client.get("/api/v1/anniversaries", {"start": "2000-03-01", "end": "2100-02-28"})
    assert longest.status_code == 200
    too_long = client.get("/api/v1/anniversaries", {"start": "2000-03-01", "end": "2100-03-01"})
    assert too_long.status_code == 422
    at_the_end = client.get("/api/v1/anniversaries", {"start": "9950-01-01", "end": "9999-12-31"})
    assert at_the_end.status_code == 200
