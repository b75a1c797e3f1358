"""Every rule sits in the service: input that would break a database constraint is a field
error (the API's 422), never an IntegrityError; the constraints stay as the backstop."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from chapterhouse.organizations.factories import make_body, make_branch
from chapterhouse.organizations.models import Branch
from chapterhouse.organizations.services import branch_create
from chapterhouse.people import errors as msg
from chapterhouse.people.factories import (
    make_appointment,
    make_duty,
    make_person,
    standard_positions,
)
from chapterhouse.people.models import Contact, Duty, Person, Responsibility
from chapterhouse.people.services import (
    ContactSpec,
    NameSpec,
    ResponsibilitySpec,
    appointment_make,
    duty_create,
    person_create,
    person_link_user,
    person_update,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"
D = dt.date


def detail(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.content
    errors: list[dict[str, Any]] = response.json()["detail"]
    return errors


def test_the_same_contact_twice_is_a_field_error(secretariat_client: Client) -> None:
    payload = {
        "key": "lars-nilsson",
        "names": [{"language": "en", "full_name": "Lars Nilsson"}],
        "contacts": [
            {"kind": "email", "value": "lars@npwu.example"},
            {"kind": "email", "value": " lars@npwu.example "},
        ],
    }
    errors = detail(secretariat_client.post("/api/v1/persons", payload, content_type=JSON))
    assert errors == [
        {
            "loc": ["body", "contacts", 1, "value"],
            "msg": msg.DUPLICATE_CONTACT.format(kind="email", value="lars@npwu.example"),
        }
    ]
    assert not Person.objects.filter(key="lars-nilsson").exists()


def test_the_same_contact_twice_in_an_update_is_refused() -> None:
    person = make_person(key="lars")
    twice = [ContactSpec("phone", "+46 8 123"), ContactSpec("phone", "+46 8 123")]
    with pytest.raises(ValidationError) as caught:
        person_update(person=person, contacts=twice, by=None)
    assert list(caught.value.message_dict) == ["contacts.1.value"]
    assert Contact.objects.count() == 0


def test_the_same_responsibility_twice_is_a_field_error(secretariat_client: Client) -> None:
    standard_positions()
    make_body(key="cc")
    make_person(key="rivera")
    make_duty(key="information-coverage", name="information coverage")
    payload = {
        "person": "rivera",
        "body": "cc",
        "position": "member",
        "starts_on": "2026-01-01",
        "responsibilities": [
            {"duty": "information-coverage"},
            {"duty": "information-coverage"},
        ],
    }
    errors = detail(secretariat_client.post("/api/v1/appointments", payload, content_type=JSON))
    assert errors == [
        {
            "loc": ["body", "responsibilities", 1],
            "msg": msg.DUPLICATE_RESPONSIBILITY.format(
                duty="information coverage", area=msg.EVERYWHERE
            ),
        }
    ]
    payload["responsibilities"] = [
        {"duty": "information-coverage", "country": "ru"},
        {"duty": "information-coverage", "country": "RU"},
    ]
    assert detail(secretariat_client.post("/api/v1/appointments", payload, content_type=JSON))
    assert Responsibility.objects.count() == 0


def test_the_database_refuses_the_same_responsibility_twice_with_no_area() -> None:
    duty = make_duty(key="coverage")
    appointment = make_appointment(responsibilities=(ResponsibilitySpec(duty=duty),))
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(appointment=appointment, duty=duty)
    branch = make_branch(key="ru", country="RU")
    Responsibility.objects.create(appointment=appointment, duty=duty, branch=branch)
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(appointment=appointment, duty=duty, branch=branch)


def test_a_key_taken_between_check_and_write_is_a_field_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A concurrent writer that takes the key after the check: simulated by skipping the
    check, so the database's unique constraint answers."""
    make_branch(key="chile", country="CL")
    duty_create(key="coverage", name="coverage", by=None)
    for model in (Branch, Duty):
        real = model.validate_unique
        calls: list[int] = []

        def first_check_misses(
            self: Any, exclude: Any = None, real: Any = real, calls: list[int] = calls
        ) -> None:
            calls.append(1)
            if len(calls) > 1:  # the check after the database refused the row sees it
                real(self, exclude=exclude)

        monkeypatch.setattr(model, "validate_unique", first_check_misses)
    with pytest.raises(ValidationError) as caught:
        branch_create(key="chile", name="Chile again", by=None)
    assert list(caught.value.message_dict) == ["key"]
    with pytest.raises(ValidationError) as caught:
        duty_create(key="coverage", name="again", by=None)
    assert list(caught.value.message_dict) == ["key"]
    assert Branch.objects.count() == 1 and Duty.objects.count() == 1


def test_an_account_belongs_to_one_person() -> None:
    user = User.objects.create_user(username="rivera")
    rivera = person_create(names=[NameSpec("en", "Tomás Rivera")], user=user, by=None)
    other = make_person(key="other")
    with pytest.raises(ValidationError) as caught:
        person_link_user(person=other, user=user, by=None)
    assert caught.value.message_dict["user"] == [
        msg.ACCOUNT_LINKED_ELSEWHERE.format(person="Tomás Rivera")
    ]
    with pytest.raises(ValidationError):
        person_create(names=[NameSpec("en", "Someone")], key="someone", user=user, by=None)
    assert Person.objects.get(user=user) == rivera


def test_appointment_make_refuses_duplicates_in_the_service() -> None:
    duty = make_duty(key="coverage")
    branch = make_branch(key="ru", country="RU")
    positions = standard_positions()
    with pytest.raises(ValidationError) as caught:
        appointment_make(
            person=make_person(),
            body=make_body(),
            position=positions["member"],
            starts_on=D(2026, 1, 1),
            responsibilities=[
                ResponsibilitySpec(duty=duty, branch=branch),
                ResponsibilitySpec(duty=duty),
                ResponsibilitySpec(duty=duty, branch=branch),
            ],
            by=None,
        )
    assert list(caught.value.message_dict) == ["responsibilities.2"]


def test_a_key_made_from_a_name_is_never_taken(secretariat_client: Client) -> None:
    payload = {"names": [{"language": "ja", "full_name": "田中愛子"}]}
    first = secretariat_client.post("/api/v1/persons", payload, content_type=JSON)
    second = secretariat_client.post("/api/v1/persons", payload, content_type=JSON)
    assert (first.status_code, second.status_code) == (201, 201), second.content
    assert (first.json()["key"], second.json()["key"]) == ("person", "person-2")
    rivera = [NameSpec("en", "Tomás Rivera")]
    assert person_create(names=rivera, by=None).key == "tomas-rivera"
    assert person_create(names=rivera, by=None).key == "tomas-rivera-2"
    assert person_create(names=rivera, by=None).key == "tomas-rivera-3"
