"""Voiding a record entered in error: it leaves the record everywhere (pages, the API, the
dossier export, holders, anniversaries, the calendar feed), stays in the audit log, is listed for
the secretariat and can be restored. Distinct from ending."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from chapterhouse.access import errors as access_msg
from chapterhouse.api.urls import api
from chapterhouse.core.models import AuditEntry
from chapterhouse.dossier.selectors import dossier_export_text
from chapterhouse.organizations import errors as org_msg
from chapterhouse.organizations.models import Body, HistoryEvent, Observance
from chapterhouse.organizations.services import (
    history_event_record,
    history_event_restore,
    history_event_void,
    observance_create,
    observance_restore,
    observance_void,
)
from chapterhouse.people.models import Appointment, Duty, Membership, Person, Position
from chapterhouse.people.services import (
    NameSpec,
    ResponsibilitySpec,
    appointment_make,
    appointment_restore,
    appointment_void,
    membership_restore,
    membership_start,
    membership_void,
    person_create,
)
from tests.browser.test_every_page_accessible import PAGES, page_path
from tests.helpers import api_items, client_as

pytestmark = pytest.mark.django_db

MARK = "Voidmark"
ALLOWED = {"/audit/", "/voided/"}


def _voided_records() -> dict[str, Any]:
    """A record of each voidable kind, each carrying MARK, entered and then voided."""
    body = Body.objects.get(key="coordinating-committee")
    holder = person_create(key="voided-holder", names=[NameSpec("en", "Ines Quarry")], by=None)
    appointment = appointment_make(
        person=holder,
        body=body,
        position=Position.objects.get(key="member"),
        title=f"{MARK} appointment",
        starts_on=dt.date(2023, 1, 1),
        responsibilities=[ResponsibilitySpec(duty=Duty.objects.get(key="organizing-work"))],
        by=None,
    )
    appointment_void(appointment=appointment, reason=f"{MARK}: wrong person", by=None)
    event = history_event_record(
        key="voided-event",
        kind="other",
        occurred_on=dt.date(2016, 6, 2),
        title=f"{MARK} event",
        by=None,
    )
    observance = observance_create(key="voided-day", name=f"{MARK} day", month=6, day=3, by=None)
    observance_void(observance=observance, reason="typed twice", by=None)
    history_event_void(event=event, reason="never happened", by=None)
    tanaka = Person.objects.get(key="aiko-tanaka")
    membership = membership_start(person=tanaka, starts_on=dt.date(2001, 2, 3), by=None)
    membership_void(membership=membership, reason="entered twice", by=None)
    return {"appointment": appointment, "event": event, "observance": observance}


def _api_get_paths() -> list[str]:
    """Every GET route of the API, its path arguments filled with the demo's keys."""
    keys = {
        "persons": "aiko-tanaka",
        "bodies": "coordinating-committee",
        "branches": "chile",
        "history": "hwi-reorganized",
        "observances": "formation-day",
        "partner-organizations": "nordic-port-workers",
        "positions": "member",
        "duties": "organizing-work",
        "appointments": Appointment.objects.order_by("pk")[0].key,
        "memberships": str(Membership.objects.order_by("pk")[0].pk),
    }
    queries = {
        "/api/v1/anniversaries": "?start=2000-01-01&end=2040-12-31",
        "/api/v1/responsibilities": "?duty=organizing-work&country=CL&on=2023-06-01",
        "/api/v1/upcoming-observances": "?years=10",
    }
    paths = []
    for path, operations in api.get_openapi_schema(path_prefix="/api/v1")["paths"].items():
        if "get" not in operations or "openapi" in path or "docs" in path:
            continue
        segment = path.removeprefix("/api/v1/").split("/")[0]
        filled = path.replace("{key}", keys.get(segment, "")).replace(
            "{membership_id}", keys["memberships"]
        )
        paths.append(filled + queries.get(path, ""))
    return paths


def test_a_voided_record_appears_in_no_answer_but_the_void_list_and_the_audit(demo: None) -> None:
    _voided_records()
    secretariat = client_as("secretariat")
    readers = {"public": Client(), "member": client_as("tanaka"), "secretariat": secretariat}
    # Every page but the two where voided records belong: the audit log and their list.
    pages = [page_path(name) for name in PAGES if PAGES[name][0] not in ALLOWED]
    pages += ["/calendar.ics", "/bodies/coordinating-committee/?on=2024-01-01"]
    pages += ["/anniversaries/?year=2026", "/positions/", "/people/voided-holder/"]
    for who, client in readers.items():
        for path in [*pages, *_api_get_paths()]:
            response = client.get(path)
            if response.status_code == 404:
                continue
            assert response.status_code == 200, (who, path, response.status_code)
            assert MARK not in response.content.decode(), (who, path)
    assert MARK not in dossier_export_text()
    # The secretariat finds them where voided records are listed, and in the audit log.
    voided = secretariat.get("/voided/").content.decode()
    assert f"{MARK}: wrong person" in voided and f"{MARK} day" in voided
    assert f"{MARK} event" in voided and "entered twice" in voided
    assert MARK in secretariat.get("/audit/?action=appointment.voided").content.decode()


def _rows(payload: Any) -> list[dict[str, Any]]:
    return [row for row in api_items(payload) if isinstance(row, dict)]


def test_voided_holders_anniversaries_and_memberships_are_gone(demo: None) -> None:
    _voided_records()
    secretariat_api = client_as("secretariat")
    holders = secretariat_api.get(
        "/api/v1/bodies/coordinating-committee/holders?on=2024-01-01"
    ).json()
    assert "voided-holder" not in {h["person"]["key"] for h in _rows(holders)}
    years = secretariat_api.get("/api/v1/anniversaries?start=2026-01-01&end=2026-12-31").json()
    assert "voided-event" not in {a["event"]["key"] for a in _rows(years)}
    memberships = secretariat_api.get("/api/v1/persons/aiko-tanaka/memberships").json()
    assert "2001-02-03" not in {m["starts_on"] for m in _rows(memberships)}
    # A person whose only position was voided is no longer a public official.
    assert Client().get("/people/voided-holder/").status_code == 404
    assert Appointment.objects.filter(key__startswith="voided-holder").count() == 0
    assert Appointment.all_objects.filter(person__key="voided-holder").count() == 1


def test_restoring_brings_each_record_back_and_is_audited(demo: None) -> None:
    made = _voided_records()
    appointment = Appointment.all_objects.get(pk=made["appointment"].pk)
    appointment_restore(appointment=appointment, by=None)
    assert Appointment.objects.filter(pk=appointment.pk).exists()
    event = HistoryEvent.all_objects.get(key="voided-event")
    history_event_restore(event=event, by=None)
    observance_restore(observance=Observance.all_objects.get(key="voided-day"), by=None)
    membership_restore(
        membership=Membership.all_objects.get(starts_on=dt.date(2001, 2, 3)), by=None
    )
    assert MARK in dossier_export_text()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    for kind in ("appointment", "history_event", "observance", "membership"):
        assert {f"{kind}.voided", f"{kind}.restored"} <= actions
    entry = AuditEntry.objects.filter(action="appointment.voided").get()
    assert entry.before is not None and entry.after is not None
    assert entry.before["voided_at"] is None and entry.after["voided_reason"].startswith(MARK)


def test_voiding_asks_for_a_reason_and_refuses_twice(demo: None) -> None:
    appointment = Appointment.objects.order_by("pk")[0]
    with pytest.raises(ValidationError) as refused:
        appointment_void(appointment=appointment, reason="  ", by=None)
    assert refused.value.message_dict == {"reason": [access_msg.VOID_NEEDS_REASON]}
    appointment_void(appointment=appointment, reason="wrong body", by=None)
    with pytest.raises(ValidationError) as again:
        appointment_void(appointment=appointment, reason="again", by=None)
    assert again.value.message_dict == {"reason": [access_msg.ALREADY_VOIDED]}


def test_an_event_that_sets_an_observance_day_is_not_voided_first(demo: None) -> None:
    event = HistoryEvent.objects.get(key="hwi-reorganized")
    with pytest.raises(ValidationError) as refused:
        history_event_void(event=event, reason="wrong", by=None)
    assert refused.value.message_dict == {
        "reason": [org_msg.EVENT_HAS_OBSERVANCES.format(names="Formation Day")]
    }


def test_restoring_a_chair_refuses_when_another_now_holds_the_position(demo: None) -> None:
    chair = Appointment.objects.get(person__key="mira-okafor", body__key="coordinating-committee")
    appointment_void(appointment=chair, reason="wrong person", by=None)
    appointment_make(
        person=Person.objects.get(key="tomas-rivera"),
        body=chair.body,
        position=chair.position,
        starts_on=dt.date(2022, 9, 1),
        by=None,
    )
    with pytest.raises(ValidationError) as refused:
        appointment_restore(appointment=Appointment.all_objects.get(pk=chair.pk), by=None)
    assert "position" in refused.value.message_dict


def test_a_voided_key_is_not_taken_again_silently(demo: None) -> None:
    made = _voided_records()
    with pytest.raises(ValidationError) as refused:
        observance_create(key="voided-day", name="Again", month=1, day=1, by=None)
    assert "key" in refused.value.message_dict
    assert made


def test_the_pages_void_and_restore(demo: None) -> None:
    secretariat = client_as("secretariat")
    appointment = Appointment.objects.filter(person__key="tomas-rivera").order_by("pk")[0]
    url = f"/appointments/{appointment.key}/void/"
    assert secretariat.get(url).status_code == 200
    assert client_as("tanaka").get(url).status_code == 404
    refused = secretariat.post(url, {"reason": ""})
    assert "reason" in refused.context["form"].errors
    assert secretariat.post(url, {"reason": "wrong body"}).status_code == 302
    assert not Appointment.objects.filter(pk=appointment.pk).exists()
    assert secretariat.get(f"/appointments/{appointment.key}/edit/").status_code == 404
    restored = secretariat.post(f"/appointments/{appointment.key}/restore/")
    assert restored.status_code == 302 and restored["Location"] == "/voided/"
    assert Appointment.objects.filter(pk=appointment.pk).exists()
    # Every voidable kind has its page.
    membership = Membership.objects.order_by("pk")[0]
    assert (
        secretariat.post(f"/memberships/{membership.pk}/void/", {"reason": "x"}).status_code == 302
    )
    assert secretariat.post("/observances/formation-day/void/", {"reason": "x"}).status_code == 302
    assert secretariat.post("/history/hwi-renamed/void/", {"reason": "x"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not Observance.objects.filter(key="formation-day").exists()
    assert not HistoryEvent.objects.filter(key="hwi-renamed").exists()
    for path in (
        f"/memberships/{membership.pk}/restore/",
        "/observances/formation-day/restore/",
        "/history/hwi-renamed/restore/",
    ):
        assert secretariat.post(path).status_code == 302
        assert client_as("tanaka").post(path).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert Observance.objects.filter(key="formation-day").exists()


def test_the_api_voids_and_restores(demo: None) -> None:
    secretariat = client_as("secretariat")
    key = Appointment.objects.filter(person__key="tomas-rivera").order_by("pk")[0].key

    def post(path: str, body: object = None) -> Any:
        payload = json.dumps(body) if body is not None else ""
        return secretariat.post(path, payload, content_type="application/json")

    refused = post(f"/api/v1/appointments/{key}/void", {"reason": ""})
    assert refused.status_code == 422
    voided = post(f"/api/v1/appointments/{key}/void", {"reason": "wrong body"})
    assert voided.status_code == 200
    assert voided.json()["voided_reason"] == "wrong body"
    assert secretariat.get(f"/api/v1/appointments/{key}").status_code == 404
    assert post(f"/api/v1/appointments/{key}/void", {"reason": "again"}).status_code == 404
    restored = post(f"/api/v1/appointments/{key}/restore")
    assert restored.status_code == 200
    assert restored.json()["key"] == key
    membership = Membership.objects.order_by("pk")[0].pk
    for path in (
        f"/api/v1/memberships/{membership}",
        "/api/v1/observances/formation-day",
        "/api/v1/history/hwi-renamed",
    ):
        assert post(f"{path}/void", {"reason": "x"}).status_code == 200
        assert secretariat.get(path).status_code == 404
        assert post(f"{path}/restore").status_code == 200
        assert secretariat.get(path).status_code == 200
    tanaka = client_as("tanaka")
    assert (
        tanaka.post(
            "/api/v1/history/hwi-renamed/void",
            json.dumps({"reason": "x"}),
            content_type="application/json",
        ).status_code
        == 404
    )


def test_the_dossier_leaves_voided_records_out_and_refuses_their_keys(demo: None) -> None:
    from chapterhouse.dossier.services import dossier_import

    before = dossier_export_text()
    observance_void(
        observance=Observance.objects.get(key="formation-day"), reason="typed twice", by=None
    )
    assert "formation-day" not in dossier_export_text()
    report = dossier_import(text=before, by=None)
    assert not report.ok
    assert [p.path for p in report.problems] == ["observances[0].key"]
    assert not Observance.objects.filter(key="formation-day").exists()
