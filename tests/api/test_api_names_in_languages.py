"""Names in the organization's languages through the API, and the organization itself."""

from __future__ import annotations

import pytest
from django.test import Client

from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations import errors as msg
from chapterhouse.organizations.models import Body, Organization
from chapterhouse.people.models import Duty, Position
from tests.helpers import api_items

pytestmark = pytest.mark.usefixtures("hwi")

JSON = "application/json"


def _translate_demo_names() -> None:
    Body.objects.filter(key="coordinating-committee").update(name_translations={"ja": "調整委員会"})
    Position.objects.filter(key="chair").update(name_translations={"ja": "委員長"})
    Duty.objects.filter(key="organizing-work").update(name_translations={"ja": "組織活動"})


def test_a_body_is_named_in_the_readers_language_with_its_translations(client: Client) -> None:
    _translate_demo_names()
    body = client.get(
        "/api/v1/bodies/coordinating-committee", headers={"Accept-Language": "ja"}
    ).json()
    assert body["name"] == "調整委員会"
    assert body["name_translations"] == {"ja": "調整委員会"}
    english = client.get("/api/v1/bodies/coordinating-committee").json()
    assert english["name"] == "Coordinating Committee"
    assert english["name_translations"] == {"ja": "調整委員会"}
    # An untranslated name is the original.
    korean = client.get(
        "/api/v1/bodies/coordinating-committee", headers={"Accept-Language": "ko"}
    ).json()
    assert korean["name"] == "Coordinating Committee"


def test_references_inside_other_objects_are_named_in_the_readers_language(
    client: Client,
) -> None:
    _translate_demo_names()
    prep = client.get(
        "/api/v1/bodies/third-congress-preparatory-committee", headers={"Accept-Language": "ja"}
    ).json()
    assert prep["parent"] == {"key": "coordinating-committee", "name": "調整委員会"}
    rows = api_items(client.get("/api/v1/appointments", headers={"Accept-Language": "ja"}).json())
    chairs = [r for r in rows if isinstance(r, dict) and r["position"]["key"] == "chair"]
    assert chairs and all(r["position"]["name"] == "委員長" for r in chairs)
    duties = [
        resp["duty"]["name"]
        for r in rows
        if isinstance(r, dict)
        for resp in r["responsibilities"]
        if resp["duty"]["key"] == "organizing-work"
    ]
    assert duties and set(duties) == {"組織活動"}


def test_writes_take_translations_and_refuse_a_language_the_organization_lacks(
    secretariat_client: Client,
) -> None:
    response = secretariat_client.post(
        "/api/v1/bodies",
        {
            "key": "youth-commission",
            "name": "Youth Commission",
            "kind": "commission",
            "name_translations": {"ko": "청년위원회"},
        },
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "name_translations", "ko"],
                "msg": msg.TRANSLATION_LANGUAGE.format(language="ko", languages="ja"),
            }
        ]
    }
    assert not Body.objects.filter(key="youth-commission").exists()
    response = secretariat_client.post(
        "/api/v1/bodies",
        {
            "key": "youth-commission",
            "name": "Youth Commission",
            "kind": "commission",
            "name_translations": {"JA": "青年委員会"},
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["name_translations"] == {"ja": "青年委員会"}
    response = secretariat_client.patch(
        "/api/v1/positions/chair", {"name_translations": {"ja": ""}}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name_translations", "ja"]
    response = secretariat_client.patch(
        "/api/v1/duties/organizing-work",
        {"name_translations": {"ja": "組織活動"}},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["name_translations"] == {"ja": "組織活動"}
    assert AuditEntry.objects.filter(action="duty.updated", object_key="organizing-work").exists()


def test_history_titles_and_partner_names_are_translated_alike(
    client: Client, secretariat_client: Client
) -> None:
    response = secretariat_client.patch(
        "/api/v1/history/hwi-reorganized",
        {"title_translations": {"ja": "連合体に再編"}},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    event = client.get("/api/v1/history/hwi-reorganized", headers={"Accept-Language": "ja"})
    assert event.json()["title"] == "連合体に再編"
    observance = client.get(
        "/api/v1/observances/formation-day", headers={"Accept-Language": "ja"}
    ).json()
    assert observance["event"] == {"key": "hwi-reorganized", "name": "連合体に再編"}
    response = secretariat_client.patch(
        "/api/v1/partner-organizations/nordic-port-workers",
        {"short_name_translations": {"ja": "北欧港湾"}},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    partner = client.get(
        "/api/v1/partner-organizations/nordic-port-workers", headers={"Accept-Language": "ja"}
    ).json()
    assert (partner["name"], partner["short_name"]) == ("Nordic Port Workers' Union", "北欧港湾")


# --- PATCH /organization -------------------------------------------------------------------


def test_the_secretariat_changes_the_organization_field_by_field(
    client: Client, secretariat_client: Client
) -> None:
    response = secretariat_client.patch(
        "/api/v1/organization",
        {"name_translations": {"ja": "港湾労働者インターナショナル"}, "short_name": "H.W.I."},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    organization = Organization.objects.get()
    assert organization.name_translations == {"ja": "港湾労働者インターナショナル"}
    assert organization.short_name == "H.W.I."
    # What was not sent is as it was.
    assert organization.name == "Harbor Workers' International"
    assert organization.languages == ["en", "ja"]
    assert organization.calendar_eras == {"default": ["japanese"]}
    entry = AuditEntry.objects.filter(action="organization.updated").latest("id")
    assert entry.before is not None and entry.after is not None
    assert entry.before["short_name"] == "HWI"
    assert entry.after["short_name"] == "H.W.I."
    read = client.get("/api/v1/organization", headers={"Accept-Language": "ja"}).json()
    assert read["name"] == "港湾労働者インターナショナル"
    assert read["name_translations"] == {"ja": "港湾労働者インターナショナル"}


def test_languages_and_eras_are_changed_with_the_translations_they_allow(
    secretariat_client: Client,
) -> None:
    response = secretariat_client.patch(
        "/api/v1/organization",
        {
            "languages": ["en", "ja", "ko"],
            "calendar_eras": {"default": ["japanese"], "ko": ["juche"]},
            "name_translations": {"ko": "항만노동자 인터내셔널"},
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["languages"] == ["en", "ja", "ko"]
    organization = Organization.objects.get()
    assert organization.calendar_eras == {"default": ["japanese"], "ko": ["juche"]}
    assert organization.name_translations == {"ko": "항만노동자 인터내셔널"}


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ({"languages": ["en", "tlh"]}, ["body", "languages"]),
        ({"calendar_eras": {"default": ["mayan"]}}, ["body", "calendar_eras"]),
        ({"name_translations": {"ko": "항만"}}, ["body", "name_translations", "ko"]),
        ({"name": ""}, ["body", "name"]),
        ({"name": None}, ["body", "name"]),
        ({"key": "hwi"}, ["body", "key"]),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    secretariat_client: Client, payload: dict[str, object], loc: list[str]
) -> None:
    entries = AuditEntry.objects.count()
    before = Organization.objects.values().get()
    response = secretariat_client.patch("/api/v1/organization", payload, content_type=JSON)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [loc]
    assert Organization.objects.values().get() == before
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    "payload",
    [{}, {"name": "Harbor Workers' International", "languages": ["en", "ja"]}],
)
def test_a_patch_that_changes_nothing_writes_nothing(
    secretariat_client: Client, payload: dict[str, object]
) -> None:
    entries = AuditEntry.objects.count()
    response = secretariat_client.patch("/api/v1/organization", payload, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["name"] == "Harbor Workers' International"
    assert AuditEntry.objects.count() == entries


def test_only_the_secretariat_changes_the_organization(
    client: Client, okafor_client: Client
) -> None:
    for someone in (client, okafor_client):
        response = someone.patch("/api/v1/organization", {"short_name": "X"}, content_type=JSON)
        assert response.status_code == 404
    assert Organization.objects.get().short_name == "HWI"


@pytest.mark.django_db
def test_before_an_organization_is_set_up_a_patch_needs_its_name(
    secretariat_client: Client,
) -> None:
    Organization.objects.all().delete()
    response = secretariat_client.patch(
        "/api/v1/organization", {"short_name": "HWI"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]
    response = secretariat_client.patch(
        "/api/v1/organization", {"name": "Harbor Workers' International"}, content_type=JSON
    )
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="organization.created").exists()
