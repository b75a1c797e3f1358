"""An appointment never outlives its body: an open-ended one ends with the mandate, and a
mandate change that would leave appointments outside it is refused naming them, or ends them
in the same change when asked (page, API and service alike)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from chapterhouse.access.selectors import Roles
from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations.factories import make_body
from chapterhouse.organizations.models import Body
from chapterhouse.organizations.services import body_update
from chapterhouse.people.factories import make_appointment, make_person
from chapterhouse.people.models import Appointment
from chapterhouse.people.selectors import (
    body_holders_on,
    body_past_holders,
    person_current_body_ids,
)
from tests.helpers import api_items

SECRETARIAT = Roles(authenticated=True, secretariat=True)

pytestmark = pytest.mark.django_db
D = dt.date
JSON = "application/json"


@pytest.fixture
def prep() -> Body:
    return make_body(key="prep", name="Prep", starts_on=D(2026, 8, 20), ends_on=D(2026, 9, 3))


def test_an_open_ended_appointment_ends_with_the_mandate(prep: Body, client: Client) -> None:
    made = make_appointment(
        person=make_person(key="rivera", name="Tomás Rivera"), body=prep, starts_on=D(2026, 8, 20)
    )
    assert made.ends_on is None
    assert (made.last_day, made.ends_with_mandate) == (D(2026, 9, 3), True)
    assert body_holders_on(body=prep, on=D(2026, 9, 3), roles=SECRETARIAT) == [made]
    assert body_holders_on(body=prep, on=D(2026, 9, 4), roles=SECRETARIAT) == []
    assert body_past_holders(body=prep, on=D(2026, 9, 4), roles=SECRETARIAT) == [made]
    assert person_current_body_ids(person=made.person, on=D(2026, 9, 4)) == set()

    page = client.get("/bodies/prep/", {"on": "2026-09-04"}).content.decode()
    assert "(end of the mandate)" in page
    holders = client.get("/api/v1/bodies/prep/holders", {"on": "2026-09-04"})
    assert api_items(holders.json()) == []
    [row] = api_items(client.get("/api/v1/appointments").json())
    assert isinstance(row, dict)
    assert (row["ends_on"], row["last_day"], row["ends_with_mandate"]) == (None, "2026-09-03", True)


def test_shrinking_a_mandate_past_an_appointment_is_refused_naming_it(prep: Body) -> None:
    made = make_appointment(
        person=make_person(key="rivera", name="Tomás Rivera"),
        body=prep,
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
    )
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        body_update(body=prep, ends_on=D(2026, 8, 31), by=None)
    [message] = caught.value.message_dict["ends_on"]
    assert "Tomás Rivera" in message and "2026-08-31" in message
    assert Body.objects.get(pk=prep.pk).ends_on == D(2026, 9, 3)
    assert Appointment.objects.get(pk=made.pk).ends_on == D(2026, 9, 3)
    assert AuditEntry.objects.count() == audit


def test_shrinking_a_mandate_ends_them_when_asked(prep: Body) -> None:
    late = make_appointment(
        person=make_person(key="rivera"), body=prep, starts_on=D(2026, 8, 20), ends_on=D(2026, 9, 3)
    )
    early = make_appointment(
        person=make_person(key="tanaka"),
        body=prep,
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 8, 25),
    )
    open_ended = make_appointment(
        person=make_person(key="okafor"), body=prep, starts_on=D(2026, 8, 21)
    )
    body_update(body=prep, ends_on=D(2026, 8, 31), end_appointments_outside=True, by=None)
    assert Appointment.objects.get(pk=late.pk).ends_on == D(2026, 8, 31)
    assert Appointment.objects.get(pk=early.pk).ends_on == D(2026, 8, 25)
    assert Appointment.objects.get(pk=open_ended.pk).ends_on is None
    actions = list(AuditEntry.objects.order_by("-id").values_list("action", "object_key")[:2])
    assert actions == [("appointment.ended", late.key), ("body.updated", "prep")]


def test_appointments_that_cannot_be_ended_into_the_mandate_are_refused(prep: Body) -> None:
    make_appointment(
        person=make_person(key="rivera", name="Tomás Rivera"), body=prep, starts_on=D(2026, 9, 1)
    )
    make_appointment(
        person=make_person(key="tanaka", name="Aiko Tanaka"), body=prep, starts_on=D(2026, 8, 20)
    )
    with pytest.raises(ValidationError) as caught:
        body_update(
            body=prep,
            starts_on=D(2026, 8, 21),
            ends_on=D(2026, 8, 31),
            end_appointments_outside=True,
            by=None,
        )
    errors = caught.value.message_dict
    assert "Aiko Tanaka" in errors["starts_on"][0]
    assert "Tomás Rivera" in errors["ends_on"][0]
    assert Body.objects.get(pk=prep.pk).ends_on == D(2026, 9, 3)


def test_the_edit_page_refuses_then_ends_on_request(prep: Body, secretariat_client: Client) -> None:
    made = make_appointment(
        person=make_person(key="rivera", name="Tomás Rivera"),
        body=prep,
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
    )
    form = {
        "key": "prep",
        "name": "Prep",
        "kind": prep.kind,
        "starts_on": "2026-08-20",
        "ends_on": "2026-08-31",
        "visibility": "public",
    }
    refused = secretariat_client.post("/bodies/prep/edit/", form)
    assert refused.status_code == 200
    assert "Tomás Rivera" in str(refused.context["form"].errors["ends_on"])
    assert Appointment.objects.get(pk=made.pk).ends_on == D(2026, 9, 3)
    done = secretariat_client.post("/bodies/prep/edit/", form | {"end_appointments_outside": "on"})
    assert done.status_code == 302
    assert Appointment.objects.get(pk=made.pk).ends_on == D(2026, 8, 31)


def test_the_api_refuses_then_ends_on_request(prep: Body, secretariat_client: Client) -> None:
    made = make_appointment(
        person=make_person(key="rivera", name="Tomás Rivera"),
        body=prep,
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
    )
    refused = secretariat_client.patch(
        "/api/v1/bodies/prep", {"ends_on": "2026-08-31"}, content_type=JSON
    )
    assert refused.status_code == 422
    [error] = refused.json()["detail"]
    assert error["loc"] == ["body", "ends_on"] and "Tomás Rivera" in error["msg"]
    done = secretariat_client.patch(
        "/api/v1/bodies/prep",
        {"ends_on": "2026-08-31", "end_appointments_outside": True},
        content_type=JSON,
    )
    assert done.status_code == 200, done.content
    assert Appointment.objects.get(pk=made.pk).ends_on == D(2026, 8, 31)
