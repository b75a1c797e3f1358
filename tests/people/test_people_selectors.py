from __future__ import annotations

import datetime as dt

import pytest

from chapterhouse.access.selectors import PUBLIC, Roles
from chapterhouse.organizations.models import Body
from chapterhouse.people.models import Duty, Person
from chapterhouse.people.selectors import (
    Responsible,
    appointer_capacity,
    body_holders_on,
    body_past_holders,
    person_access,
    person_appointments,
    person_list,
    responsible_for,
)

pytestmark = pytest.mark.django_db
D = dt.date
ALL = Roles(authenticated=True, secretariat=True)


def names(appointments: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(a.person.display_name, a.position.name) for a in appointments]


def responsible(found: list[Responsible]) -> list[tuple[str, list[str]]]:
    return [(r.appointment.person.display_name, [s.value for _r, s in r.matches]) for r in found]


@pytest.mark.usefixtures("demo")
def test_who_holds_which_positions_in_a_body_on_a_date() -> None:
    prep = Body.objects.get(key="third-congress-preparatory-committee")
    assert names(body_holders_on(body=prep, on=D(2026, 8, 25), roles=ALL)) == [
        ("Tomás Rivera", "Chair"),
        ("Aiko Tanaka", "Member"),
    ]
    assert body_holders_on(body=prep, on=D(2026, 9, 4), roles=ALL) == []
    chile = Body.objects.get(key="chile-executive-committee")
    assert names(body_holders_on(body=chile, on=D(2023, 12, 31), roles=ALL)) == [
        ("Lucía Fernández", "Chair")
    ]
    assert names(body_holders_on(body=chile, on=D(2024, 1, 1), roles=ALL)) == [
        ("Tomás Rivera", "Chair")
    ]
    assert names(body_past_holders(body=chile, on=D(2024, 1, 1), roles=ALL)) == [
        ("Lucía Fernández", "Chair")
    ]


@pytest.mark.usefixtures("demo")
def test_everything_a_person_has_held_in_visible_bodies() -> None:
    okafor = Person.objects.get(key="mira-okafor")
    assert [a.body.key for a in person_appointments(person=okafor, roles=PUBLIC)] == [
        "coordinating-committee"
    ]
    secretariat = Roles(authenticated=True, secretariat=True)
    assert [a.body.key for a in person_appointments(person=okafor, roles=secretariat)] == [
        "coordinating-committee",
        "finance-commission",
    ]


@pytest.mark.usefixtures("demo")
def test_who_is_responsible_for_a_duty_in_a_country_on_a_date() -> None:
    organizing = Duty.objects.get(key="organizing-work")
    coverage = Duty.objects.get(key="information-coverage")
    on = D(2026, 8, 25)
    assert responsible(responsible_for(duty=organizing, country="JP", on=on, roles=ALL)) == [
        ("Aiko Tanaka", ["country"])
    ]
    # Rivera's responsibility is for the Chile branch: it counts for the country.
    assert responsible(responsible_for(duty=organizing, country="cl", on=on, roles=ALL)) == [
        ("Tomás Rivera", ["branch"])
    ]
    assert responsible_for(duty=organizing, country="JP", on=D(2026, 9, 4), roles=ALL) == []
    # Information coverage has no area: it is the holder's duty in every country.
    assert responsible(responsible_for(duty=coverage, country="JP", on=on, roles=ALL)) == [
        ("Aiko Tanaka", ["everywhere"])
    ]
    assert responsible(responsible_for(duty=coverage, country="KR", on=on, roles=ALL)) == [
        ("Aiko Tanaka", ["everywhere"])
    ]
    # Without a country: everyone responsible for the duty, anywhere.
    assert responsible(responsible_for(duty=organizing, on=on, roles=ALL)) == [
        ("Aiko Tanaka", ["country"]),
        ("Tomás Rivera", ["branch"]),
    ]


@pytest.mark.usefixtures("demo")
def test_the_appointer_is_shown_with_the_position_held_that_day() -> None:
    rivera_prep = Person.objects.get(key="tomas-rivera").appointments.get(
        body__key="third-congress-preparatory-committee"
    )
    capacity = appointer_capacity(appointment=rivera_prep)
    assert [(a.position.name, a.body.name) for a in capacity] == [
        ("Chair", "Coordinating Committee"),
        ("Member", "Finance Commission"),
    ]


@pytest.mark.usefixtures("demo")
def test_the_public_sees_officials_of_public_bodies_only() -> None:
    public_keys = set(person_list(roles=PUBLIC).values_list("key", flat=True))
    assert "mira-okafor" in public_keys
    assert "lars-nilsson" not in public_keys  # a guest with no position
    from django.http import Http404

    with pytest.raises(Http404):
        person_access(key="lars-nilsson", roles=PUBLIC)
    with pytest.raises(Http404):
        person_access(key="nobody-at-all", roles=PUBLIC)
    assert person_access(key="lars-nilsson", roles=Roles(authenticated=True, secretariat=True))
