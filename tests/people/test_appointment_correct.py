"""Correcting an appointment's record from its page (and the API): every field, the
responsibilities, checked as a new appointment is, audited with before and after."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from chapterhouse.core.models import AuditEntry
from chapterhouse.people import errors as msg
from chapterhouse.people.models import Appointment
from chapterhouse.people.services import appointment_update
from tests.helpers import client_as

pytestmark = pytest.mark.django_db

TANAKA = "aiko-tanaka-member-third-congress-preparatory-committee-2026-08-20"


def _form(appointment: Appointment) -> dict[str, str]:
    """The correction form as the page shows it."""
    areas = list(appointment.responsibilities.all())
    data = {
        "person": appointment.person.key,
        "body": appointment.body.key,
        "position": appointment.position.key,
        "title": appointment.title,
        "starts_on": appointment.starts_on.isoformat(),
        "ends_on": appointment.ends_on.isoformat() if appointment.ends_on else "",
        "appointed_by": appointment.appointed_by.key if appointment.appointed_by else "",
        "decided_by": appointment.decided_by.key if appointment.decided_by else "",
        "decision": appointment.decision,
        "responsibilities-TOTAL_FORMS": str(len(areas) + 1),
        "responsibilities-INITIAL_FORMS": str(len(areas)),
    }
    for i, r in enumerate(areas):
        data[f"responsibilities-{i}-duty"] = r.duty.key
        data[f"responsibilities-{i}-branch"] = r.branch.key if r.branch else ""
        data[f"responsibilities-{i}-country"] = r.country
    return data


def test_the_page_corrects_dates_who_appointed_and_responsibilities(demo: None) -> None:
    appointment = Appointment.objects.get(key=TANAKA)
    data = _form(appointment)
    data["starts_on"] = "2026-08-21"
    data["appointed_by"] = ""
    data["decided_by"] = "coordinating-committee"
    data["decision"] = "Decision 2026/3"
    coverage = next(
        i
        for i, r in enumerate(appointment.responsibilities.all())
        if r.duty.key == "information-coverage"
    )
    data[f"responsibilities-{coverage}-DELETE"] = "on"
    data["responsibilities-2-duty"] = "organizing-work"
    data["responsibilities-2-branch"] = "yokohama"
    response = client_as("secretariat").post(f"/appointments/{TANAKA}/edit/", data)
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_on == dt.date(2026, 8, 21)
    assert appointment.appointed_by is None
    assert (
        appointment.decided_by is not None
        and appointment.decided_by.key == "coordinating-committee"
    )
    assert sorted(
        (r.duty.key, r.branch.key if r.branch else r.country)
        for r in appointment.responsibilities.all()
    ) == [("organizing-work", "JP"), ("organizing-work", "yokohama")]
    entry = AuditEntry.objects.filter(action="appointment.updated", object_key=TANAKA).get()
    changed = dict(entry.changes)
    assert changed["starts_on"] == ("2026-08-20", "2026-08-21")
    assert "responsibilities" in changed and "decided_by" in changed


def test_the_page_refuses_what_a_new_appointment_may_not_be(demo: None) -> None:
    data = _form(Appointment.objects.get(key=TANAKA))
    data["ends_on"] = "2026-08-01"
    response = client_as("secretariat").post(f"/appointments/{TANAKA}/edit/", data)
    assert response.status_code == 200
    assert (
        msg.APPOINTMENT_ENDS_BEFORE_START.format(ends_on="2026-08-01", starts_on="2026-08-20")
        in response.context["form"].errors["ends_on"]
    )
    assert not AuditEntry.objects.filter(action="appointment.updated").exists()


def test_only_the_secretariat_corrects(demo: None) -> None:
    assert client_as("tanaka").get(f"/appointments/{TANAKA}/edit/").status_code == 404
    assert client_as("secretariat").get(f"/appointments/{TANAKA}/edit/").status_code == 200


def test_the_api_corrects_an_appointment(demo: None) -> None:
    secretariat = client_as("secretariat")
    response = secretariat.patch(
        f"/api/v1/appointments/{TANAKA}",
        json.dumps({"title": "Press officer", "responsibilities": []}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Press officer"
    assert response.json()["responsibilities"] == []
    refused = secretariat.patch(
        f"/api/v1/appointments/{TANAKA}",
        json.dumps({"ends_on": "2026-08-01"}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "ends_on"]
    unknown = secretariat.patch(
        f"/api/v1/appointments/{TANAKA}",
        json.dumps({"person": "nobody"}),
        content_type="application/json",
    )
    assert unknown.status_code == 422


def test_a_correction_that_changes_nothing_writes_nothing(demo: None) -> None:
    appointment = Appointment.objects.get(key=TANAKA)
    audited = AuditEntry.objects.count()
    appointment_update(
        appointment=appointment,
        starts_on=appointment.starts_on,
        appointed_by=appointment.appointed_by,
        by=None,
    )
    assert AuditEntry.objects.count() == audited
