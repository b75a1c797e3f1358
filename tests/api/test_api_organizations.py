"""The organizations router: every route's happy path, who sees what, and writes."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations import errors as msg
from chapterhouse.organizations.models import Body, HistoryEvent, Observance
from tests.helpers import api_items

pytestmark = pytest.mark.usefixtures("hwi")

JSON = "application/json"


def rows(payload: object) -> list[dict[str, Any]]:
    """The rows of a list answer (bare or paged), typed for indexing."""
    return cast(list[dict[str, Any]], api_items(payload))


def keys(payload: object) -> list[str]:
    return [item["key"] for item in api_items(payload)]


# --- the organization ----------------------------------------------------------------------


def test_organization_with_its_name_on_a_day(client: Client) -> None:
    response = client.get("/api/v1/organization", {"on": "2020-01-01"})
    assert response.status_code == 200
    assert response.json() == {
        "name": "Harbor Workers' International",
        "short_name": "HWI",
        "name_translations": {},
        "short_name_translations": {},
        "languages": ["en", "ja"],
        "calendar_eras": {"default": ["japanese"]},
        "on": "2020-01-01",
        "name_on": "Harbor Workers' Network",
        "era_years_on": [{"system": "japanese", "era": "reiwa", "year": 2, "text": "Reiwa 2"}],
    }


def test_organization_era_years_in_the_readers_language(client: Client) -> None:
    response = client.get(
        "/api/v1/organization", {"on": "2019-04-30"}, headers={"Accept-Language": "ja"}
    )
    assert response.json()["era_years_on"] == [
        {"system": "japanese", "era": "heisei", "year": 31, "text": "平成31年"}
    ]


def test_organization_name_on_a_day_given_with_an_era_year(client: Client) -> None:
    response = client.get("/api/v1/organization", {"on": "Reiwa 8-09-01"})
    assert response.json()["on"] == "2026-09-01"
    assert response.json()["name_on"] == "Harbor Workers' International"


# --- branches ------------------------------------------------------------------------------


def test_branch_list(client: Client) -> None:
    response = client.get("/api/v1/branches")
    assert response.status_code == 200
    assert keys(response.json()) == ["chile", "japan", "valparaiso"]
    valparaiso = api_items(response.json())[2]
    assert valparaiso["parent"] == {"key": "chile", "name": "Chile"}


def test_branch_tree_shows_only_bodies_the_viewer_may_see(client: Client) -> None:
    response = client.get("/api/v1/branch-tree")
    assert response.status_code == 200
    chile, japan = api_items(response.json())
    assert chile["key"] == "chile"
    assert keys(chile["bodies"]) == ["chile-executive-committee"]
    assert keys(chile["children"]) == ["valparaiso"]
    assert japan["children"] == []


def test_branch_get(client: Client) -> None:
    response = client.get("/api/v1/branches/valparaiso")
    assert response.status_code == 200
    assert response.json() == {
        "key": "valparaiso",
        "name": "Valparaíso",
        "name_translations": {},
        "parent": {"key": "chile", "name": "Chile"},
        "country": "",
        "country_name": "",
        "founded_on": None,
    }
    assert client.get("/api/v1/branches/atlantis").status_code == 404


def test_branch_create_and_update(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/branches",
        {"key": "santiago", "name": "Santiago", "parent": "chile", "founded_on": "Heisei 31-04-30"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["parent"] == {"key": "chile", "name": "Chile"}
    assert response.json()["founded_on"] == "2019-04-30"
    assert AuditEntry.objects.filter(action="branch.created", object_key="santiago").exists()

    response = secretariat_client.patch(
        "/api/v1/branches/santiago",
        {"name": "Santiago de Chile", "parent": None},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Santiago de Chile"
    assert response.json()["parent"] is None
    assert response.json()["founded_on"] == "2019-04-30"  # not sent, not changed


def test_branch_cannot_go_under_its_own_part(secretariat_client: Client) -> None:
    response = secretariat_client.patch(
        "/api/v1/branches/chile", {"parent": "valparaiso"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "parent"], "msg": msg.PARENT_CYCLE.format(name="Chile")}
    ]


# --- bodies --------------------------------------------------------------------------------


def test_body_list_for_the_public_leaves_out_internal_bodies(client: Client) -> None:
    response = client.get("/api/v1/bodies", {"on": "2026-08-25"})
    assert response.status_code == 200
    listed = keys(response.json())
    assert "finance-commission" not in listed
    assert "coordinating-committee" in listed
    prep = next(
        b for b in api_items(response.json()) if b["key"] == "third-congress-preparatory-committee"
    )
    assert prep["active"] is True
    assert all(b["internal_notes"] is None for b in api_items(response.json()))


def test_body_list_for_the_secretariat_has_every_body(secretariat_client: Client) -> None:
    response = secretariat_client.get("/api/v1/bodies")
    assert "finance-commission" in keys(response.json())


def test_body_get_with_mandate_and_activity_on_a_day(client: Client) -> None:
    key = "third-congress-preparatory-committee"
    response = client.get(f"/api/v1/bodies/{key}", {"on": "2026-09-03"})
    assert response.status_code == 200
    body = response.json()
    assert body["starts_on"] == "2026-08-20"
    assert body["ends_on"] == "2026-09-03"
    assert body["mandate_days"] == 15
    assert body["active"] is True  # the last day is inclusive
    assert body["parent"] == {"key": "coordinating-committee", "name": "Coordinating Committee"}
    after = client.get(f"/api/v1/bodies/{key}", {"on": "2026-09-04"}).json()
    assert after["active"] is False


@pytest.mark.parametrize(
    ("who", "status", "notes"),
    [
        ("client", 404, None),  # the public
        ("user_client", 404, None),  # an account with no appointment
        ("okafor_client", 404, None),  # a member of another body
        ("treasurer_client", 200, "Two branches in arrears."),  # a member of this body
        ("secretariat_client", 200, "Two branches in arrears."),
    ],
)
def test_internal_body_only_for_its_members_and_the_secretariat(
    request: pytest.FixtureRequest, who: str, status: int, notes: str | None
) -> None:
    viewer: Client = request.getfixturevalue(who)
    response = viewer.get("/api/v1/bodies/finance-commission")
    assert response.status_code == status
    if status == 200:
        assert response.json()["internal_notes"] == notes
    else:
        assert response.json() == {"detail": "Not Found"}
    # Missing and forbidden answer alike.
    assert viewer.get("/api/v1/bodies/no-such-body").status_code == 404


@pytest.mark.parametrize(
    ("who", "notes"),
    [
        ("client", None),
        ("treasurer_client", None),
        ("okafor_client", "Working notes of the committee."),
        ("secretariat_client", "Working notes of the committee."),
    ],
)
def test_internal_notes_of_a_public_body_only_for_its_members(
    request: pytest.FixtureRequest, who: str, notes: str | None
) -> None:
    viewer: Client = request.getfixturevalue(who)
    response = viewer.get("/api/v1/bodies/coordinating-committee")
    assert response.status_code == 200
    assert response.json()["internal_notes"] == notes


def test_body_create_and_update(secretariat_client: Client, secretariat_user: User) -> None:
    response = secretariat_client.post(
        "/api/v1/bodies",
        {
            "key": "fourth-congress-preparatory-committee",
            "name": "Preparatory Committee of the Fourth Congress",
            "kind": "preparatory_committee",
            "parent": "coordinating-committee",
            "starts_on": "2030-02-05",
            "ends_on": "2030-02-17",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["mandate_days"] == 13
    entry = AuditEntry.objects.get(action="body.created", actor=secretariat_user)
    assert entry.object_key == "fourth-congress-preparatory-committee"

    response = secretariat_client.patch(
        "/api/v1/bodies/fourth-congress-preparatory-committee",
        {"ends_on": "2030-02-18", "visibility": "internal", "branch": "chile"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["mandate_days"] == 14
    assert response.json()["branch"] == {"key": "chile", "name": "Chile"}
    assert Body.objects.get(key="fourth-congress-preparatory-committee").visibility == "internal"
    assert AuditEntry.objects.filter(action="body.updated", actor=secretariat_user).count() == 1


# --- history -------------------------------------------------------------------------------


def test_history_for_the_public_leaves_out_events_of_internal_bodies(client: Client) -> None:
    response = client.get("/api/v1/history")
    assert response.status_code == 200
    assert keys(response.json()) == ["hwi-founded", "hwi-reorganized", "hwi-renamed"]
    assert client.get("/api/v1/history/finance-audit").status_code == 404


def test_history_event_get(treasurer_client: Client) -> None:
    response = treasurer_client.get("/api/v1/history/finance-audit")
    assert response.status_code == 200
    assert response.json()["body"] == {"key": "finance-commission", "name": "Finance Commission"}
    renamed = treasurer_client.get("/api/v1/history/hwi-renamed").json()
    assert renamed["old_name"] == "Harbor Workers' Network"
    assert renamed["new_name"] == "Harbor Workers' International"


def test_history_event_record_and_update(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/history",
        {
            "key": "chile-ec-formed",
            "kind": "founded",
            "occurred_on": "2019-01-01",
            "title": "Executive Committee formed",
            "body": "chile-executive-committee",
            "decided_by": "coordinating-committee",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["body"]["key"] == "chile-executive-committee"
    assert AuditEntry.objects.filter(action="history_event.recorded").exists()

    response = secretariat_client.patch(
        "/api/v1/history/chile-ec-formed", {"description": "In Valparaíso."}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert HistoryEvent.objects.get(key="chile-ec-formed").description == "In Valparaíso."


def test_a_renaming_needs_the_new_name(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/history",
        {"key": "renamed-again", "kind": "renamed", "occurred_on": "2025-01-01", "title": "R"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "new_name"], "msg": msg.RENAME_NEEDS_NEW_NAME}
    ]


def test_anniversaries_within_a_range(client: Client) -> None:
    response = client.get("/api/v1/anniversaries", {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    found = [(a["event"]["key"], a["number"], a["on"]) for a in api_items(response.json())]
    assert found == [
        ("hwi-founded", 12, "2026-03-08"),
        ("hwi-reorganized", 4, "2026-09-01"),
        ("hwi-renamed", 4, "2026-09-01"),
    ]


def test_anniversaries_of_internal_events_for_members(treasurer_client: Client) -> None:
    response = treasurer_client.get(
        "/api/v1/anniversaries", {"start": "2026-05-01", "end": "2026-05-31"}
    )
    assert [(a["event"]["key"], a["number"]) for a in api_items(response.json())] == [
        ("finance-audit", 3)
    ]


# --- observances ---------------------------------------------------------------------------


def test_observance_list_and_get(client: Client) -> None:
    response = client.get("/api/v1/observances")
    assert response.status_code == 200
    assert keys(response.json()) == ["formation-day"]
    response = client.get("/api/v1/observances/formation-day")
    assert response.json() == {
        "key": "formation-day",
        "name": "Formation Day",
        "name_translations": {},
        "event": {"key": "hwi-reorganized", "name": "Reorganized into a federation"},
        "month": 9,
        "day": 1,
        "decided_by": {"key": "coordinating-committee", "name": "Coordinating Committee"},
        "decided_on": "2022-09-15",
        "description": "",
    }
    assert client.get("/api/v1/observances/no-such-day").status_code == 404


def test_upcoming_observances(client: Client) -> None:
    response = client.get("/api/v1/upcoming-observances", {"after": "2026-09-02", "years": "2"})
    assert response.status_code == 200
    assert [(u["on"], u["number"]) for u in api_items(response.json())] == [
        ("2027-09-01", 5),
        ("2028-09-01", 6),
    ]


def test_observance_create_and_update(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/observances",
        {"key": "dockers-day", "name": "Dockers' Day", "month": 2, "day": 29},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["month"], response.json()["day"]) == (2, 29)

    response = secretariat_client.patch(
        "/api/v1/observances/dockers-day",
        {"event": "hwi-founded", "month": None, "day": None},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["month"], response.json()["day"]) == (3, 8)
    assert Observance.objects.get(key="dockers-day").event is not None
    assert AuditEntry.objects.filter(action="observance.updated").exists()


def test_observance_needs_its_day_once(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/observances",
        {"key": "twice", "name": "Twice", "event": "hwi-founded", "month": 3, "day": 8},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "event"], "msg": msg.OBSERVANCE_DAY}]


def test_anniversaries_say_how_many_days_away_they_are(client: Client) -> None:
    response = client.get(
        "/api/v1/anniversaries", {"start": "2026-01-01", "end": "2026-12-31", "on": "2026-03-01"}
    )
    assert response.status_code == 200
    found = [(a["event"]["key"], a["days_away"]) for a in rows(response.json())]
    assert found[0] == ("hwi-founded", 7)
    assert ("hwi-reorganized", 184) in found


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_days_away_count_from_today_by_default(client: Client) -> None:
    response = client.get("/api/v1/anniversaries", {"start": "2026-03-01", "end": "2026-03-31"})
    assert [a["days_away"] for a in rows(response.json())] == [-2]


def test_no_observance_is_kept_before_its_event(client: Client) -> None:
    """Formation day is tied to the reorganization of 1 September 2022: it is first kept on
    1 September 2023, the 1st time; nothing before, never a number below 1."""
    response = client.get("/api/v1/upcoming-observances", {"after": "1990-01-01", "years": "2"})
    assert response.status_code == 200
    assert [(u["on"], u["number"]) for u in rows(response.json())] == [
        ("2023-09-01", 1),
        ("2024-09-01", 2),
    ]


def test_a_given_day_is_kept_from_its_decision(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/observances",
        {
            "key": "dockers-day",
            "name": "Dockers' Day",
            "month": 3,
            "day": 1,
            "decided_on": "2024-03-02",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    response = secretariat_client.get(
        "/api/v1/upcoming-observances", {"after": "2000-01-01", "years": "2"}
    )
    days = [
        (u["on"], u["number"])
        for u in rows(response.json())
        if u["observance"]["key"] == "dockers-day"
    ]
    assert days == [("2025-03-01", 1), ("2026-03-01", 2)]


def test_the_api_reads_dates_as_pages_do(client: Client) -> None:
    response = client.get("/api/v1/bodies/coordinating-committee", {"on": "1 September 2026"})
    assert response.status_code == 200
    assert response.json()["on"] == "2026-09-01"
    response = client.get("/api/v1/bodies/coordinating-committee", {"on": "05/02/2021"})
    assert response.status_code == 422
    assert "could be day/month or month/day" in response.json()["detail"][0]["msg"]
    response = client.get(
        "/api/v1/bodies/coordinating-committee", {"on": "05/02/2021"}, HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert "2021年2月5日" in response.json()["detail"][0]["msg"]


def test_a_history_event_known_only_to_the_month(secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/api/v1/history",
        {"key": "network-began", "kind": "other", "occurred_on": "2011-12", "title": "Began"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["occurred_on"], response.json()["occurred_precision"]) == (
        "2011-12",
        "month",
    )
    response = secretariat_client.get(
        "/api/v1/anniversaries", {"start": "2026-12-15", "end": "2026-12-31", "on": "2026-11-01"}
    )
    found = [
        (a["number"], a["on"], a["precision"], a["days_away"])
        for a in rows(response.json())
        if a["event"]["key"] == "network-began"
    ]
    assert found == [(15, "2026-12-01", "month", 30)]
    response = secretariat_client.patch(
        "/api/v1/history/network-began", {"occurred_on": "2011"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert response.json()["occurred_on"] == "2011"
    assert response.json()["occurred_precision"] == "year"
