"""Who is responsible for a duty in a country: for the country, for a branch that covers it (at
any depth), or everywhere (no area); the page and the API answer the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from chapterhouse.access.selectors import Roles
from chapterhouse.organizations.factories import make_body, make_branch
from chapterhouse.people.factories import make_appointment, make_duty, make_person
from chapterhouse.people.models import Duty
from chapterhouse.people.selectors import branches_covering, responsible_for
from chapterhouse.people.services import ResponsibilitySpec
from tests.helpers import api_items

SECRETARIAT = Roles(authenticated=True, secretariat=True)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def coverage() -> Duty:
    duty = make_duty(key="information-coverage")
    russia = make_branch(key="russia", country="RU")
    moscow = make_branch(key="moscow", parent=russia)
    district = make_branch(key="moscow-district", parent=moscow)
    body = make_body(key="cc")
    make_appointment(
        person=make_person(key="anywhere"),
        body=body,
        responsibilities=(ResponsibilitySpec(duty=duty),),
    )
    make_appointment(
        person=make_person(key="in-ru"),
        body=body,
        responsibilities=(ResponsibilitySpec(duty=duty, country="RU"),),
    )
    make_appointment(
        person=make_person(key="in-district"),
        body=body,
        responsibilities=(ResponsibilitySpec(duty=duty, branch=district),),
    )
    make_appointment(
        person=make_person(key="in-jp"),
        body=body,
        responsibilities=(ResponsibilitySpec(duty=duty, country="JP"),),
    )
    return duty


def answer(duty: Duty, country: str = "") -> list[tuple[str, list[str]]]:
    return [
        (r.appointment.person.key, [scope.value for _resp, scope in r.matches])
        for r in responsible_for(duty=duty, country=country, on=D(2025, 1, 1), roles=SECRETARIAT)
    ]


def test_a_branch_covers_a_country_through_any_ancestor() -> None:
    russia = make_branch(key="ru", country="RU")
    child = make_branch(key="ru-child", parent=russia)
    grandchild = make_branch(key="ru-grandchild", parent=child)
    elsewhere = make_branch(key="jp", country="JP")
    assert branches_covering("RU") == {russia.pk, child.pk, grandchild.pk}
    assert elsewhere.pk not in branches_covering("RU")


def test_everywhere_country_and_branch_answer_together(coverage: Duty) -> None:
    assert answer(coverage, "RU") == [
        ("anywhere", ["everywhere"]),
        ("in-district", ["branch"]),
        ("in-ru", ["country"]),
    ]
    assert answer(coverage, "KR") == [("anywhere", ["everywhere"])]


def test_asking_without_a_country_lists_all(coverage: Duty) -> None:
    assert answer(coverage) == [
        ("anywhere", ["everywhere"]),
        ("in-district", ["branch"]),
        ("in-jp", ["country"]),
        ("in-ru", ["country"]),
    ]


def test_the_page_marks_everywhere(coverage: Duty, client: Client) -> None:
    page = client.get(
        "/responsibilities/", {"duty": "information-coverage", "country": "kr", "on": "2025-01-01"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anywhere" in text and "everywhere" in text
    assert "In Ru" not in text
    everyone = client.get(
        "/responsibilities/", {"duty": "information-coverage", "on": "2025-01-01"}
    )
    assert everyone.status_code == 200
    for name in ("Anywhere", "In Ru", "In Jp", "In District"):
        assert name in everyone.content.decode()


def test_the_api_marks_how_each_one_matched(coverage: Duty, client: Client) -> None:
    response = client.get(
        "/api/v1/responsibilities",
        {"duty": "information-coverage", "country": "RU", "on": "2025-01-01"},
    )
    assert response.status_code == 200, response.content
    rows = api_items(response.json())
    assert [(r["person"]["key"], [m["scope"] for m in r["matched"]]) for r in rows] == [
        ("anywhere", ["everywhere"]),
        ("in-district", ["branch"]),
        ("in-ru", ["country"]),
    ]
    response = client.get("/api/v1/responsibilities", {"duty": "information-coverage"})
    assert response.status_code == 200
    assert len(api_items(response.json())) == 4
