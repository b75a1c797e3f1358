"""The people router: every route's happy path, who sees what, and writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from chapterhouse.core.countries import NOT_A_COUNTRY
from chapterhouse.core.languages import NOT_A_LANGUAGE_TAG
from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations.models import Body
from chapterhouse.people.factories import make_appointment
from chapterhouse.people.models import Appointment, Duty, Membership, Person
from chapterhouse.people.services import ResponsibilitySpec
from tests.helpers import api_items

pytestmark = pytest.mark.usefixtures("hwi")

JSON = "application/json"
PREP = "third-congress-preparatory-committee"


def keys(payload: object) -> list[str]:
    return [item["key"] for item in api_items(payload)]


def membership_id(person: str) -> int:
    return Membership.objects.get(person__key=person).pk


# --- persons -------------------------------------------------------------------------------


def test_person_list_for_the_public_is_the_officials_of_public_bodies(client: Client) -> None:
    response = client.get("/api/v1/persons")
    assert response.status_code == 200
    listed = keys(response.json())
    assert "mira-okafor" in listed
    assert "ana-silva" not in listed  # only in the internal finance commission
    assert api_items(response.json())[0] == {"key": "aiko-tanaka", "display_name": "Aiko Tanaka"}


def test_person_list_for_the_secretariat_is_everyone(secretariat_client: Client) -> None:
    assert "ana-silva" in keys(secretariat_client.get("/api/v1/persons").json())


def test_person_get_without_contacts_for_the_public(client: Client) -> None:
    response = client.get("/api/v1/persons/aiko-tanaka")
    assert response.status_code == 200
    assert response.json() == {
        "key": "aiko-tanaka",
        "display_name": "Aiko Tanaka",
        "form_of_address": "",
        "names": [
            {"language": "en", "full_name": "Aiko Tanaka", "is_display": True},
            {"language": "ja", "full_name": "田中愛子", "is_display": False},
        ],
        "represents": None,
        "contacts": None,
    }
    assert client.get("/api/v1/persons/ana-silva").status_code == 404
    assert client.get("/api/v1/persons/nobody").status_code == 404


@pytest.mark.parametrize(
    ("who", "contacts"),
    [
        ("client", None),
        ("treasurer_client", None),
        ("okafor_client", [{"kind": "email", "value": "okafor@hwi.example"}]),  # herself
        ("secretariat_client", [{"kind": "email", "value": "okafor@hwi.example"}]),
    ],
)
def test_contacts_only_for_the_person_and_the_secretariat(
    request: pytest.FixtureRequest, who: str, contacts: list[dict[str, str]] | None
) -> None:
    viewer: Client = request.getfixturevalue(who)
    response = viewer.get("/api/v1/persons/mira-okafor")
    assert response.status_code == 200
    assert response.json()["contacts"] == contacts


def test_person_appointments_leave_out_internal_bodies_for_the_public(
    client: Client, treasurer_client: Client
) -> None:
    assert client.get("/api/v1/persons/ana-silva/appointments").status_code == 404
    response = treasurer_client.get("/api/v1/persons/ana-silva/appointments")
    assert response.status_code == 200
    assert [a["body"]["key"] for a in api_items(response.json())] == ["finance-commission"]
    rivera = api_items(client.get("/api/v1/persons/tomas-rivera/appointments").json())
    assert [(a["body"]["key"], a["position"]["key"]) for a in rivera] == [
        ("chile-executive-committee", "chair"),
        (PREP, "chair"),
    ]
    assert rivera[0]["decided_by"] == {
        "key": "coordinating-committee",
        "name": "Coordinating Committee",
    }
    assert rivera[0]["decision"] == "Decision 2023/14"


def test_person_create_and_update(secretariat_client: Client, secretariat_user: User) -> None:
    response = secretariat_client.post(
        "/api/v1/persons",
        {
            "names": [
                {"language": "en", "full_name": "Lars Nilsson", "is_display": True},
                {"language": "sv", "full_name": "Lars Nilsson"},
            ],
            "form_of_address": "Comrade",
            "represents": "nordic-port-workers",
            "contacts": [{"kind": "email", "value": "lars@npwu.example"}],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    person = response.json()
    assert person["key"] == "lars-nilsson"
    assert person["represents"] == {
        "key": "nordic-port-workers",
        "name": "Nordic Port Workers' Union",
    }
    assert person["contacts"] == [{"kind": "email", "value": "lars@npwu.example"}]
    assert AuditEntry.objects.filter(
        action="person.created", object_key="lars-nilsson", actor=secretariat_user
    ).exists()

    response = secretariat_client.patch(
        "/api/v1/persons/lars-nilsson",
        {"contacts": [{"kind": "phone", "value": "+46 8 123"}], "represents": None},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["contacts"] == [{"kind": "phone", "value": "+46 8 123"}]
    assert response.json()["represents"] is None
    assert len(response.json()["names"]) == 2  # not sent, not changed
    assert Person.objects.get(key="lars-nilsson").form_of_address == "Comrade"


# --- memberships ---------------------------------------------------------------------------


def test_memberships_with_their_status_on_a_day(secretariat_client: Client) -> None:
    response = secretariat_client.get(
        "/api/v1/persons/lucia-fernandez/memberships", {"on": "2026-01-01"}
    )
    assert response.status_code == 200
    (membership,) = api_items(response.json())
    assert membership == {
        "id": membership_id("lucia-fernandez"),
        "person": {"key": "lucia-fernandez", "name": "Lucía Fernández"},
        "branch": {"key": "valparaiso", "name": "Valparaíso"},
        "starts_on": "2018-02-01",
        "expires_on": "2025-12-31",
        "ends_on": None,
        "on": "2026-01-01",
        "status": "lapsed",
    }
    earlier = secretariat_client.get(
        "/api/v1/persons/lucia-fernandez/memberships", {"on": "2025-12-31"}
    )
    assert api_items(earlier.json())[0]["status"] == "current"


@pytest.mark.parametrize(
    ("who", "status"),
    [("client", 404), ("treasurer_client", 404), ("okafor_client", 200)],
)
def test_memberships_only_for_the_person_and_the_secretariat(
    request: pytest.FixtureRequest, who: str, status: int
) -> None:
    viewer: Client = request.getfixturevalue(who)
    assert viewer.get("/api/v1/persons/mira-okafor/memberships").status_code == status
    path = f"/api/v1/memberships/{membership_id('mira-okafor')}"
    assert viewer.get(path).status_code == status


def test_membership_get(secretariat_client: Client) -> None:
    pk = membership_id("aiko-tanaka")
    response = secretariat_client.get(f"/api/v1/memberships/{pk}", {"on": "2016-03-31"})
    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    assert secretariat_client.get("/api/v1/memberships/999999").status_code == 404


def test_membership_start_and_update(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/memberships",
        {"person": "tomas-rivera", "branch": "chile", "starts_on": "2015-05-01"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "current"
    assert AuditEntry.objects.filter(action="membership.started", object_key=str(pk)).exists()

    response = secretariat_client.patch(
        f"/api/v1/memberships/{pk}", {"ends_on": "2020-12-31"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ended"
    assert AuditEntry.objects.filter(action="membership.updated", object_key=str(pk)).exists()


# --- partner organizations, positions, duties ---------------------------------------------


def test_partner_organizations(client: Client, secretariat_client: Client) -> None:
    assert keys(client.get("/api/v1/partner-organizations").json()) == ["nordic-port-workers"]
    response = client.get("/api/v1/partner-organizations/nordic-port-workers")
    assert response.json() == {
        "key": "nordic-port-workers",
        "name": "Nordic Port Workers' Union",
        "short_name": "",
        "name_translations": {},
        "short_name_translations": {},
        "country": "SE",
        "country_name": "Sweden",
        "description": "",
    }
    response = secretariat_client.post(
        "/api/v1/partner-organizations",
        {"key": "pacific-seafarers", "name": "Pacific Seafarers' Federation", "country": "ph"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["country"] == "PH"
    response = secretariat_client.patch(
        "/api/v1/partner-organizations/pacific-seafarers", {"short_name": "PSF"}, content_type=JSON
    )
    assert response.json()["short_name"] == "PSF"
    assert AuditEntry.objects.filter(action="partner_organization.updated").exists()


def test_positions(client: Client, secretariat_client: Client) -> None:
    assert keys(client.get("/api/v1/positions").json()) == [
        "chair",
        "vice-chair",
        "secretary",
        "member",
    ]
    assert client.get("/api/v1/positions/chair").json() == {
        "key": "chair",
        "name": "Chair",
        "name_translations": {},
        "single_holder": True,
        "rank": 10,
    }
    response = secretariat_client.post(
        "/api/v1/positions",
        {"key": "treasurer", "name": "Treasurer", "single_holder": True, "rank": 40},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    response = secretariat_client.patch(
        "/api/v1/positions/treasurer", {"rank": 35}, content_type=JSON
    )
    assert response.json()["rank"] == 35
    assert AuditEntry.objects.filter(action="position.updated", object_key="treasurer").exists()


def test_duties(client: Client, secretariat_client: Client) -> None:
    assert keys(client.get("/api/v1/duties").json()) == ["information-coverage", "organizing-work"]
    assert client.get("/api/v1/duties/organizing-work").json()["name"] == "organizing work"
    response = secretariat_client.post(
        "/api/v1/duties", {"key": "translation", "name": "translation"}, content_type=JSON
    )
    assert response.status_code == 201, response.json()
    response = secretariat_client.patch(
        "/api/v1/duties/translation", {"name": "translation and interpreting"}, content_type=JSON
    )
    assert response.json() == {
        "key": "translation",
        "name": "translation and interpreting",
        "name_translations": {},
    }
    assert AuditEntry.objects.filter(action="duty.created", object_key="translation").exists()


# --- appointments --------------------------------------------------------------------------


def test_appointment_list_for_the_public_leaves_out_internal_bodies(client: Client) -> None:
    response = client.get("/api/v1/appointments")
    assert response.status_code == 200
    assert "finance-commission" not in {a["body"]["key"] for a in api_items(response.json())}
    on_day = api_items(client.get("/api/v1/appointments", {"on": "2026-08-25"}).json())
    assert {(a["person"]["key"], a["body"]["key"]) for a in on_day} == {
        ("mira-okafor", "coordinating-committee"),
        ("tomas-rivera", "chile-executive-committee"),
        ("tomas-rivera", PREP),
        ("aiko-tanaka", PREP),
    }


def test_appointment_get(client: Client, treasurer_client: Client) -> None:
    key = f"aiko-tanaka-member-{PREP}-2026-08-20"
    response = client.get(f"/api/v1/appointments/{key}")
    assert response.status_code == 200
    appointment = response.json()
    assert appointment["appointed_by"] == {"key": "mira-okafor", "name": "Mira Okafor"}
    # Who held which position on the day she appointed Tanaka.
    assert appointment["appointed_by_as"] == [
        {
            "position": {"key": "chair", "name": "Chair"},
            "body": {"key": "coordinating-committee", "name": "Coordinating Committee"},
        }
    ]
    assert appointment["responsibilities"] == [
        {
            "duty": {"key": "organizing-work", "name": "organizing work"},
            "branch": None,
            "country": "JP",
            "country_name": "Japan",
        },
        {
            "duty": {"key": "information-coverage", "name": "information coverage"},
            "branch": None,
            "country": "",
            "country_name": "",
        },
    ]
    internal = "ana-silva-member-finance-commission-2024-01-01"
    assert client.get(f"/api/v1/appointments/{internal}").status_code == 404
    assert treasurer_client.get(f"/api/v1/appointments/{internal}").status_code == 200


def test_appointment_make_and_end(secretariat_client: Client, secretariat_user: User) -> None:
    response = secretariat_client.post(
        "/api/v1/appointments",
        {
            "person": "lucia-fernandez",
            "body": PREP,
            "position": "secretary",
            "starts_on": "Reiwa 8-08-20",
            "appointed_by": "mira-okafor",
            "responsibilities": [
                {"duty": "organizing-work", "branch": "valparaiso"},
                {"duty": "information-coverage", "country": "cl"},
            ],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    made = response.json()
    assert made["key"] == f"lucia-fernandez-secretary-{PREP}-2026-08-20"
    assert made["starts_on"] == "2026-08-20"
    assert [(r["duty"]["key"], r["country"]) for r in made["responsibilities"]] == [
        ("organizing-work", ""),
        ("information-coverage", "CL"),
    ]
    assert made["responsibilities"][0]["branch"] == {"key": "valparaiso", "name": "Valparaíso"}
    assert AuditEntry.objects.filter(
        action="appointment.made", object_key=made["key"], actor=secretariat_user
    ).exists()

    response = secretariat_client.post(
        f"/api/v1/appointments/{made['key']}/end", {"ends_on": "2026-08-31"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert response.json()["ends_on"] == "2026-08-31"
    assert Appointment.objects.get(key=made["key"]).ends_on is not None
    entry = AuditEntry.objects.get(action="appointment.ended", object_key=made["key"])
    assert entry.actor == secretariat_user
    assert entry.after is not None and entry.after["ends_on"] == "2026-08-31"


# --- holders and responsibilities ---------------------------------------------------------


def test_body_holders_on_a_day(client: Client) -> None:
    response = client.get(f"/api/v1/bodies/{PREP}/holders", {"on": "2026-08-25"})
    assert response.status_code == 200
    assert [(a["position"]["key"], a["person"]["key"]) for a in api_items(response.json())] == [
        ("chair", "tomas-rivera"),
        ("member", "aiko-tanaka"),
    ]
    before = client.get(f"/api/v1/bodies/{PREP}/holders", {"on": "2026-08-19"})
    assert api_items(before.json()) == []


def test_body_past_holders(client: Client) -> None:
    response = client.get(
        "/api/v1/bodies/chile-executive-committee/past-holders", {"on": "2026-01-01"}
    )
    assert response.status_code == 200
    assert [(a["person"]["key"], a["ends_on"]) for a in api_items(response.json())] == [
        ("lucia-fernandez", "2023-12-31")
    ]
    holders = client.get(
        "/api/v1/bodies/chile-executive-committee/holders", {"on": "2026-01-01"}
    ).json()
    assert [a["person"]["key"] for a in api_items(holders)] == ["tomas-rivera"]


def test_holders_of_an_internal_body_are_404_for_the_public(
    client: Client, okafor_client: Client, treasurer_client: Client
) -> None:
    for path in (
        "/api/v1/bodies/finance-commission/holders",
        "/api/v1/bodies/finance-commission/past-holders",
    ):
        assert client.get(path).status_code == 404
        assert okafor_client.get(path).status_code == 404
        assert treasurer_client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("country", "on", "who"),
    [
        ("JP", "2026-08-25", ["aiko-tanaka"]),
        ("CL", "2026-08-25", ["tomas-rivera"]),  # through the Chile branch
        ("cl", "Reiwa 8-09-03", ["tomas-rivera"]),  # the mandate's last day
        ("JP", "2026-09-04", []),
        ("ZA", "2026-08-25", []),
    ],
)
def test_who_is_responsible_for_a_duty_in_a_country_on_a_day(
    client: Client, country: str, on: str, who: list[str]
) -> None:
    response = client.get(
        "/api/v1/responsibilities", {"duty": "organizing-work", "country": country, "on": on}
    )
    assert response.status_code == 200, response.json()
    assert [a["person"]["key"] for a in api_items(response.json())] == who


def test_listing_appointments_takes_the_same_queries_however_many_there_are(
    client: Client, django_assert_num_queries: Any
) -> None:
    """Appointments with their person, body, position, appointer, deciding body and
    responsibilities (duty, branch): one query for the rows, one for the responsibilities, one
    for which appointers the viewer may look up, one for the positions the appointers held."""
    with django_assert_num_queries(4):
        before = client.get("/api/v1/appointments").json()
    make_appointment(
        body=Body.objects.get(key="coordinating-committee"),
        responsibilities=(ResponsibilitySpec(duty=Duty.objects.get(key="organizing-work")),),
    )
    with django_assert_num_queries(4):
        after = client.get("/api/v1/appointments").json()
    assert len(api_items(after)) == len(api_items(before)) + 1


def test_a_country_code_that_names_no_country_is_refused(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/partner-organizations",
        {"key": "nowhere-union", "name": "Nowhere Union", "country": "XX"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "country"], "msg": NOT_A_COUNTRY.format(value="XX")}
    ]


def test_country_names_follow_the_readers_language(client: Client) -> None:
    response = client.get(
        "/api/v1/partner-organizations/nordic-port-workers", HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert response.json()["country_name"] == "スウェーデン"


@pytest.mark.parametrize("tag", ["x" * 500, "xx", "english", "en_US", "zz-Hans", "en--US"])
def test_a_name_in_an_unknown_language_is_refused(secretariat_client: Client, tag: str) -> None:
    response = secretariat_client.post(
        "/api/v1/persons",
        {"key": "new-person", "names": [{"language": tag, "full_name": "New Person"}]},
        content_type=JSON,
    )
    assert response.status_code == 422, response.json()
    detail = response.json()["detail"]
    assert [d["loc"] for d in detail] == [["body", "names", 0, "language"]]
    if len(tag) <= 20:  # a longer one is refused by its length first, in the schema
        assert detail[0]["msg"] == NOT_A_LANGUAGE_TAG.format(value=tag[:40])


@pytest.mark.parametrize("tag", ["en", "ja", "ko", "ru", "zh-Hans", "ja-Latn", "sr-Latn-RS"])
def test_known_language_tags_are_taken(secretariat_client: Client, tag: str) -> None:
    response = secretariat_client.post(
        "/api/v1/persons",
        {"key": "new-person", "names": [{"language": tag, "full_name": "New Person"}]},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
