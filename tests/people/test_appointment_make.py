from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations.factories import make_body, make_branch
from chapterhouse.organizations.models import Body, BodyKind
from chapterhouse.people import errors
from chapterhouse.people.factories import (
    make_appointment,
    make_duty,
    make_person,
    standard_positions,
)
from chapterhouse.people.models import Appointment
from chapterhouse.people.services import ResponsibilitySpec, appointment_end, appointment_make

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def prep() -> Body:
    return make_body(
        key="prep",
        name="Preparatory Committee",
        kind=BodyKind.PREPARATORY_COMMITTEE,
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
    )


def test_the_scenario_appointment_with_responsibilities_and_appointer() -> None:
    positions = standard_positions()
    cc = make_body(key="cc", name="Coordinating Committee")
    prep = make_body(key="prep", starts_on=D(2026, 8, 20), ends_on=D(2026, 9, 3))
    okafor = make_person(key="mira-okafor", name="Mira Okafor")
    rivera = make_person(key="tomas-rivera", name="Tomás Rivera")
    chile = make_branch(key="chile", country="CL")
    appointment_make(
        person=okafor, body=cc, position=positions["chair"], starts_on=D(2022, 9, 1), by=None
    )
    made = appointment_make(
        person=rivera,
        body=prep,
        position=positions["chair"],
        starts_on=D(2026, 8, 20),
        ends_on=D(2026, 9, 3),
        appointed_by=okafor,
        responsibilities=[ResponsibilitySpec(duty=make_duty(key="organizing-work"), branch=chile)],
        by=None,
    )
    assert made.key == "tomas-rivera-chair-prep-2026-08-20"
    [responsibility] = made.responsibilities.all()
    assert (responsibility.duty.key, responsibility.branch) == ("organizing-work", chile)
    audit = AuditEntry.objects.get(action="appointment.made", object_key=made.key)
    assert audit.after is not None
    assert audit.after["responsibilities"] == [
        {"duty": "organizing-work", "branch": "chile", "country": ""}
    ]


def test_an_appointment_that_ends_before_it_starts_names_the_end_field() -> None:
    with pytest.raises(ValidationError) as caught:
        make_appointment(starts_on=D(2026, 5, 1), ends_on=D(2026, 4, 30))
    assert caught.value.message_dict["ends_on"] == [
        errors.APPOINTMENT_ENDS_BEFORE_START.format(ends_on="2026-04-30", starts_on="2026-05-01")
    ]


def test_an_appointment_must_start_within_the_bodys_mandate(prep: Body) -> None:
    with pytest.raises(ValidationError) as caught:
        make_appointment(body=prep, starts_on=D(2026, 8, 19))
    assert caught.value.message_dict["starts_on"] == [
        errors.STARTS_BEFORE_MANDATE.format(
            body="Preparatory Committee", mandate_start="2026-08-20", starts_on=D(2026, 8, 19)
        )
    ]
    with pytest.raises(ValidationError) as caught:
        make_appointment(body=prep, starts_on=D(2026, 9, 4))
    assert "starts_on" in caught.value.message_dict


def test_an_appointment_must_not_outlast_the_mandate(prep: Body) -> None:
    with pytest.raises(ValidationError) as caught:
        make_appointment(body=prep, starts_on=D(2026, 8, 20), ends_on=D(2026, 9, 4))
    assert caught.value.message_dict["ends_on"] == [
        errors.ENDS_AFTER_MANDATE.format(
            body="Preparatory Committee", mandate_end="2026-09-03", ends_on=D(2026, 9, 4)
        )
    ]
    # Both ends of the mandate are inclusive.
    made = make_appointment(body=prep, starts_on=D(2026, 8, 20), ends_on=D(2026, 9, 3))
    assert made.pk is not None


def test_a_second_chair_over_overlapping_dates_is_refused_naming_the_holder() -> None:
    positions = standard_positions()
    body = make_body(key="cc", name="Coordinating Committee")
    okafor = make_person(name="Mira Okafor")
    make_appointment(person=okafor, body=body, position=positions["chair"], starts_on=D(2022, 9, 1))
    with pytest.raises(ValidationError) as caught:
        make_appointment(body=body, position=positions["chair"], starts_on=D(2026, 1, 1))
    assert caught.value.message_dict["position"] == [
        errors.POSITION_TAKEN.format(
            position="Chair",
            body="Coordinating Committee",
            holder="Mira Okafor",
            starts_on="2022-09-01",
            until="with no end date",
        )
    ]


def test_consecutive_chairs_and_several_members_are_fine() -> None:
    positions = standard_positions()
    body = make_body()
    first = make_appointment(
        body=body, position=positions["chair"], starts_on=D(2019, 1, 1), ends_on=D(2023, 12, 31)
    )
    second = make_appointment(body=body, position=positions["chair"], starts_on=D(2024, 1, 1))
    make_appointment(body=body, position=positions["member"], starts_on=D(2024, 1, 1))
    make_appointment(body=body, position=positions["member"], starts_on=D(2024, 1, 1))
    assert first.pk and second.pk
    # An earlier chair overlapping the first one's term is refused too.
    with pytest.raises(ValidationError):
        make_appointment(
            body=body, position=positions["chair"], starts_on=D(2018, 1, 1), ends_on=D(2019, 1, 1)
        )


def test_a_person_may_hold_several_appointments_at_once() -> None:
    person = make_person()
    make_appointment(person=person, body=make_body())
    make_appointment(person=person, body=make_body())
    assert Appointment.objects.filter(person=person).count() == 2


def test_appointed_by_a_person_or_a_body_not_both() -> None:
    with pytest.raises(ValidationError) as caught:
        appointment_make(
            person=make_person(),
            body=make_body(),
            position=standard_positions()["member"],
            starts_on=D(2026, 1, 1),
            appointed_by=make_person(),
            decided_by=make_body(),
            by=None,
        )
    assert caught.value.message_dict["decided_by"] == [errors.APPOINTED_BY_PERSON_OR_BODY]


def test_a_responsibility_needs_a_country_code_or_a_branch_not_both() -> None:
    duty = make_duty(key="organizing-work")
    with pytest.raises(ValidationError) as caught:
        make_appointment(responsibilities=(ResponsibilitySpec(duty=duty, country="Japan"),))
    assert caught.value.message_dict["responsibilities.0.country"] == [
        errors.COUNTRY_CODE.format(value="Japan")
    ]
    with pytest.raises(ValidationError) as caught:
        make_appointment(
            responsibilities=(ResponsibilitySpec(duty=duty, branch=make_branch(), country="JP"),)
        )
    assert caught.value.message_dict["responsibilities.0.country"] == [errors.RESPONSIBILITY_AREA]


def test_ending_sets_the_end_date_and_keeps_the_record() -> None:
    appointment = make_appointment(starts_on=D(2024, 1, 1))
    ended = appointment_end(appointment=appointment, ends_on=D(2025, 6, 30), by=None)
    assert ended.ends_on == D(2025, 6, 30)
    assert Appointment.objects.filter(pk=appointment.pk, ends_on=D(2025, 6, 30)).exists()
    assert AuditEntry.objects.filter(
        action="appointment.ended", object_key=appointment.key
    ).exists()
    with pytest.raises(ValidationError) as caught:
        appointment_end(appointment=ended, ends_on=D(2025, 12, 31), by=None)
    assert caught.value.message_dict["ends_on"] == [
        errors.ALREADY_ENDED.format(ends_on="2025-06-30")
    ]
    with pytest.raises(ValidationError) as caught:
        appointment_end(appointment=ended, ends_on=D(2023, 1, 1), by=None)
    assert "ends_on" in caught.value.message_dict


def test_a_refused_appointment_writes_nothing() -> None:
    person, body, member = make_person(), make_body(), standard_positions()["member"]
    counted = (Appointment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError):
        make_appointment(
            person=person,
            body=body,
            position=member,
            starts_on=D(2026, 5, 1),
            ends_on=D(2026, 1, 1),
        )
    assert (Appointment.objects.count(), AuditEntry.objects.count()) == counted
