"""Every validation error answers 422 as ``{"detail": [{"loc": [...], "msg": "..."}]}``: schema
errors, unknown keys and the services' own checks alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chapterhouse.api import errors as api_msg
from chapterhouse.calendars import dates, eras
from chapterhouse.calendars import errors as calendar_msg
from chapterhouse.organizations import errors as org_msg
from chapterhouse.people import errors as people_msg

pytestmark = pytest.mark.usefixtures("hwi")

JSON = "application/json"
PREP = "third-congress-preparatory-committee"
PREP_NAME = "Preparatory Committee of the Third Congress"


def errors_of(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.content
    detail: list[dict[str, Any]] = response.json()["detail"]
    assert all(set(error) == {"loc", "msg"} for error in detail)
    return detail


# --- dates in the wrong order -------------------------------------------------------------


def test_mandate_ending_before_it_starts(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/bodies",
        {
            "key": "backwards",
            "name": "Backwards",
            "kind": "commission",
            "starts_on": "2026-02-17",
            "ends_on": "2026-02-05",
        },
        content_type=JSON,
    )
    assert errors_of(response) == [
        {
            "loc": ["body", "ends_on"],
            "msg": org_msg.MANDATE_ENDS_BEFORE_START.format(
                ends_on="2026-02-05", starts_on="2026-02-17"
            ),
        }
    ]


def test_appointment_ending_before_it_starts_and_after_the_mandate(
    secretariat_client: Client,
) -> None:
    response = secretariat_client.post(
        "/api/v1/appointments",
        {
            "person": "lucia-fernandez",
            "body": PREP,
            "position": "member",
            "starts_on": "2026-08-25",
            "ends_on": "2026-08-21",
        },
        content_type=JSON,
    )
    assert errors_of(response) == [
        {
            "loc": ["body", "ends_on"],
            "msg": people_msg.APPOINTMENT_ENDS_BEFORE_START.format(
                ends_on="2026-08-21", starts_on="2026-08-25"
            ),
        }
    ]
    response = secretariat_client.post(
        "/api/v1/appointments",
        {
            "person": "lucia-fernandez",
            "body": PREP,
            "position": "member",
            "starts_on": "2026-08-25",
            "ends_on": "2026-09-10",
        },
        content_type=JSON,
    )
    assert errors_of(response) == [
        {
            "loc": ["body", "ends_on"],
            "msg": people_msg.ENDS_AFTER_MANDATE.format(
                body=PREP_NAME, mandate_end="2026-09-03", ends_on="2026-09-10"
            ),
        }
    ]


def test_membership_expiring_before_it_starts(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/memberships",
        {"person": "tomas-rivera", "starts_on": "2020-01-01", "expires_on": "2019-12-31"},
        content_type=JSON,
    )
    assert errors_of(response) == [
        {
            "loc": ["body", "expires_on"],
            "msg": people_msg.MEMBERSHIP_EXPIRES_BEFORE_START.format(
                expires_on="2019-12-31", starts_on="2020-01-01"
            ),
        }
    ]


def test_ending_an_appointment_that_already_ended(secretariat_client: Client) -> None:
    key = "lucia-fernandez-chair-chile-executive-committee-2019-01-01"
    response = secretariat_client.post(
        f"/api/v1/appointments/{key}/end", {"ends_on": "2024-06-30"}, content_type=JSON
    )
    assert errors_of(response) == [
        {"loc": ["body", "ends_on"], "msg": people_msg.ALREADY_ENDED.format(ends_on="2023-12-31")}
    ]


def test_anniversaries_with_the_end_before_the_start(client: Client) -> None:
    response = client.get("/api/v1/anniversaries", {"start": "2026-12-31", "end": "2026-01-01"})
    assert errors_of(response) == [
        {
            "loc": ["query", "end"],
            "msg": api_msg.RANGE_ENDS_BEFORE_START.format(end="2026-01-01", start="2026-12-31"),
        }
    ]


# --- a second chair -----------------------------------------------------------------------


def test_a_second_chair_over_overlapping_dates(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/appointments",
        {
            "person": "aiko-tanaka",
            "body": PREP,
            "position": "chair",
            "starts_on": "2026-09-01",
            "ends_on": "2026-09-03",
        },
        content_type=JSON,
    )
    assert errors_of(response) == [
        {
            "loc": ["body", "position"],
            "msg": people_msg.POSITION_TAKEN.format(
                position="Chair",
                body=PREP_NAME,
                holder="Tomás Rivera",
                starts_on="2026-08-20",
                until="until 2026-09-03",
            ),
        }
    ]


# --- unknown keys -------------------------------------------------------------------------


def test_every_unknown_key_at_its_path(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/appointments",
        {
            "person": "no-one",
            "body": "no-body",
            "position": "chair",
            "starts_on": "2026-08-20",
            "appointed_by": "mira-okafor",
            "responsibilities": [
                {"duty": "organizing-work", "branch": "chile"},
                {"duty": "juggling", "branch": "atlantis"},
            ],
        },
        content_type=JSON,
    )
    assert errors_of(response) == [
        {"loc": ["body", "person"], "msg": people_msg.UNKNOWN_PERSON.format(key="no-one")},
        {"loc": ["body", "body"], "msg": org_msg.UNKNOWN_BODY.format(key="no-body")},
        {
            "loc": ["body", "responsibilities", 1, "duty"],
            "msg": people_msg.UNKNOWN_DUTY.format(key="juggling"),
        },
        {
            "loc": ["body", "responsibilities", 1, "branch"],
            "msg": org_msg.UNKNOWN_BRANCH.format(key="atlantis"),
        },
    ]


@pytest.mark.parametrize(
    ("path", "payload", "field", "message"),
    [
        (
            "/api/v1/branches",
            {"key": "b", "name": "B", "parent": "atlantis"},
            "parent",
            org_msg.UNKNOWN_BRANCH.format(key="atlantis"),
        ),
        (
            "/api/v1/history",
            {"key": "e", "kind": "other", "occurred_on": "2020-01-01", "title": "E", "body": "x"},
            "body",
            org_msg.UNKNOWN_BODY.format(key="x"),
        ),
        (
            "/api/v1/observances",
            {"key": "o", "name": "O", "event": "never-happened"},
            "event",
            org_msg.UNKNOWN_EVENT.format(key="never-happened"),
        ),
        (
            "/api/v1/persons",
            {"names": [{"language": "en", "full_name": "P"}], "represents": "x"},
            "represents",
            people_msg.UNKNOWN_PARTNER.format(key="x"),
        ),
        (
            "/api/v1/memberships",
            {"person": "no-one", "starts_on": "2020-01-01"},
            "person",
            people_msg.UNKNOWN_PERSON.format(key="no-one"),
        ),
        (
            "/api/v1/appointments",
            {"person": "aiko-tanaka", "body": PREP, "position": "king", "starts_on": "2026-08-20"},
            "position",
            people_msg.UNKNOWN_POSITION.format(key="king"),
        ),
    ],
)
def test_unknown_key(
    secretariat_client: Client, path: str, payload: dict[str, Any], field: str, message: str
) -> None:
    response = secretariat_client.post(path, payload, content_type=JSON)
    assert errors_of(response) == [{"loc": ["body", field], "msg": message}]


def test_unknown_key_in_a_patch(secretariat_client: Client) -> None:
    response = secretariat_client.patch(
        "/api/v1/bodies/coordinating-committee", {"branch": "atlantis"}, content_type=JSON
    )
    assert errors_of(response) == [
        {"loc": ["body", "branch"], "msg": org_msg.UNKNOWN_BRANCH.format(key="atlantis")}
    ]


def test_unknown_duty_in_the_query(client: Client) -> None:
    response = client.get("/api/v1/responsibilities", {"duty": "juggling", "country": "JP"})
    assert errors_of(response) == [
        {"loc": ["query", "duty"], "msg": people_msg.UNKNOWN_DUTY.format(key="juggling")}
    ]


def test_a_key_already_taken(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/branches", {"key": "chile", "name": "Chile again"}, content_type=JSON
    )
    assert [error["loc"] for error in errors_of(response)] == [["body", "key"]]


# --- malformed bodies and queries ---------------------------------------------------------


def test_a_body_that_is_not_json(secretariat_client: Client) -> None:
    response = secretariat_client.post("/api/v1/duties", "{'key': 1", content_type=JSON)
    (error,) = errors_of(response)
    assert error["loc"] == ["body"]
    assert error["msg"].startswith(api_msg.MALFORMED_BODY.split("{")[0])


def test_a_missing_body(secretariat_client: Client) -> None:
    response = secretariat_client.post("/api/v1/duties", "", content_type=JSON)
    assert errors_of(response) == [{"loc": ["body"], "msg": "Field required"}]


def test_every_bad_field_of_a_malformed_body(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/appointments",
        {
            "person": "aiko-tanaka",
            "position": 7,
            "starts_on": "yesterday",
            "ends_on": 20260901,
            "responsibilities": [{"country": "JP"}],
        },
        content_type=JSON,
    )
    assert errors_of(response) == [
        {"loc": ["body", "body"], "msg": "Field required"},
        {"loc": ["body", "position"], "msg": "Input should be a valid string"},
        {
            "loc": ["body", "starts_on"],
            "msg": calendar_msg.BAD_DATE.format(
                text="yesterday", examples=dates.examples_text(dates.DATE_EXAMPLES, "en")
            ),
        },
        {"loc": ["body", "ends_on"], "msg": api_msg.DATE_TYPE},
        {"loc": ["body", "responsibilities", 0, "duty"], "msg": "Field required"},
    ]


def test_a_wrong_choice(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/bodies", {"key": "k", "name": "K", "kind": "club"}, content_type=JSON
    )
    [error] = errors_of(response)
    assert error["loc"] == ["body", "kind"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"end": "2026-01-01"}, [{"loc": ["query", "start"], "msg": "Field required"}]),
        (
            {"start": "Reiwa 0-01-01", "end": "2026-13-01"},
            [
                {
                    "loc": ["query", "start"],
                    "msg": eras.YEAR_OUT_OF_RANGE.format(
                        era="Reiwa",
                        year=0,
                        last=eras.ERAS["reiwa"].last_year,
                        span="from 2019-05-01",
                    ),
                },
                {
                    "loc": ["query", "end"],
                    "msg": eras.NO_SUCH_DAY.format(text="2026-13-01", year=2026, month=13, day=1),
                },
            ],
        ),
    ],
)
def test_bad_dates_in_the_query(
    client: Client, query: dict[str, str], errors: list[dict[str, Any]]
) -> None:
    assert errors_of(client.get("/api/v1/anniversaries", query)) == errors


def test_a_bad_country_in_the_query(client: Client) -> None:
    response = client.get("/api/v1/responsibilities", {"duty": "organizing-work", "country": "J"})
    [error] = errors_of(response)
    assert error["loc"] == ["query", "country"]


def test_null_for_a_field_that_cannot_be_empty_in_a_patch(secretariat_client: Client) -> None:
    response = secretariat_client.patch(
        "/api/v1/partner-organizations/nordic-port-workers",
        {"country": None, "name": None, "description": "Sister union."},
        content_type=JSON,
    )
    assert errors_of(response) == [
        {"loc": ["body", "name"], "msg": "Input should be a valid string"},
        {"loc": ["body", "country"], "msg": "Input should be a valid string"},
    ]


def test_null_clears_an_optional_reference_in_a_patch(secretariat_client: Client) -> None:
    key = "third-congress-preparatory-committee"
    response = secretariat_client.patch(
        f"/api/v1/bodies/{key}", {"parent": None, "ends_on": None}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["parent"], response.json()["ends_on"]) == (None, None)


def test_a_field_the_schema_does_not_know(secretariat_client: Client) -> None:
    response = secretariat_client.patch(
        "/api/v1/duties/organizing-work", {"key": "organising", "name": "x"}, content_type=JSON
    )
    assert errors_of(response) == [
        {"loc": ["body", "key"], "msg": "Extra inputs are not permitted"}
    ]
