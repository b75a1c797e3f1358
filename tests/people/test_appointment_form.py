"""The appointment page takes any number of responsibilities, each a duty with its own area,
the same shape as the API; it works without JavaScript ("add another" re-renders the page)."""

from __future__ import annotations

import pytest
from django.test import Client

from chapterhouse.access.selectors import Roles
from chapterhouse.core.forms import CountryField
from chapterhouse.people import errors
from chapterhouse.people.models import Appointment
from chapterhouse.people.selectors import responsible_for
from tests.helpers import client_as

SECRETARIAT = Roles(authenticated=True, secretariat=True)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
URL = "/bodies/coordinating-committee/appoint/"


def rows(*responsibilities: dict[str, str], total: int | None = None) -> dict[str, str]:
    data = {
        "responsibilities-TOTAL_FORMS": str(total if total is not None else len(responsibilities)),
        "responsibilities-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(responsibilities):
        for field, value in row.items():
            data[f"responsibilities-{index}-{field}"] = value
    return data


APPOINT = {"person": "aiko-tanaka", "position": "member", "starts_on": "2026-10-01"}


@pytest.fixture
def secretariat() -> Client:
    return client_as("secretariat")


def test_each_responsibility_keeps_its_own_area(secretariat: Client) -> None:
    response = secretariat.post(
        URL,
        APPOINT
        | rows(
            {"duty": "organizing-work", "country": "ru"},
            {"duty": "information-coverage", "country": "RU"},
            {},  # a blank row is skipped
            {"duty": "information-coverage", "branch": "chile"},
            {"duty": "organizing-work"},
        ),
    )
    assert response.status_code == 302, response.context["formset"].errors
    made = Appointment.objects.get(person__key="aiko-tanaka", body__key="coordinating-committee")
    assert [
        (r.duty.key, r.branch.key if r.branch else None, r.country)
        for r in made.responsibilities.all()
    ] == [
        ("organizing-work", None, "RU"),
        ("information-coverage", None, "RU"),
        ("information-coverage", "chile", ""),
        ("organizing-work", None, ""),
    ]
    coverage = made.responsibilities.get(country="RU", duty__key="information-coverage").duty
    found = responsible_for(duty=coverage, country="RU", on=made.starts_on, roles=SECRETARIAT)
    assert made in [r.appointment for r in found]


def test_a_country_without_a_duty_is_an_error_at_its_row(secretariat: Client) -> None:
    response = secretariat.post(URL, APPOINT | rows({"duty": "organizing-work"}, {"country": "RU"}))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.errors[0] == {}
    assert formset.errors[1] == {"duty": [errors.RESPONSIBILITY_NEEDS_DUTY]}
    assert not Appointment.objects.filter(
        person__key="aiko-tanaka", body__key="coordinating-committee"
    ).exists()


def test_the_service_errors_land_at_their_row(secretariat: Client) -> None:
    response = secretariat.post(
        URL,
        APPOINT
        | rows(
            {},
            {"duty": "organizing-work", "country": "RU"},
            {"duty": "information-coverage", "branch": "chile", "country": "CL"},
            {"duty": "information-coverage", "branch": "chile"},
            {"duty": "information-coverage", "branch": "chile"},
        ),
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    assert formset.forms[1].errors == {}
    assert formset.forms[2].errors == {"country": [errors.RESPONSIBILITY_AREA]}
    assert formset.forms[3].errors == {}
    assert formset.forms[4].errors == {
        "__all__": [
            errors.DUPLICATE_RESPONSIBILITY.format(duty="information coverage", area="Chile")
        ]
    }


def test_a_country_not_in_the_list_is_refused_at_its_row(secretariat: Client) -> None:
    response = secretariat.post(URL, APPOINT | rows({"duty": "organizing-work", "country": "R1"}))
    assert response.status_code == 200
    # The country select refuses a code it does not list, as the service does.
    invalid = CountryField().error_messages["invalid_choice"] % {"value": "R1"}
    assert response.context["formset"].forms[0].errors == {"country": [invalid]}


def test_add_another_re_renders_with_one_more_row_and_what_was_typed(
    secretariat: Client,
) -> None:
    page = secretariat.get(URL)
    assert page.context["formset"].total_form_count() == 2
    html = page.content.decode()
    assert html.count("<fieldset") == 2 and html.count("<legend>") == 2
    assert 'for="id_responsibilities-0-country"' in html

    data = (
        APPOINT
        | rows({"duty": "organizing-work", "country": "RU"}, {})
        | {"add_responsibility": "1"}
    )
    response = secretariat.post(URL, data)
    assert response.status_code == 200
    assert not Appointment.objects.filter(
        person__key="aiko-tanaka", body__key="coordinating-committee"
    ).exists()
    html = response.content.decode()
    assert response.context["formset"].total_form_count() == 3
    assert 'name="responsibilities-2-duty"' in html
    assert 'value="RU"' in html and 'value="2026-10-01"' in html
    assert "Please correct the errors below." not in html
    # Then appointing with the third row filled in stores all of them.
    data = APPOINT | rows(
        {"duty": "organizing-work", "country": "RU"},
        {},
        {"duty": "information-coverage", "country": "RU"},
    )
    assert secretariat.post(URL, data).status_code == 302
    made = Appointment.objects.get(person__key="aiko-tanaka", body__key="coordinating-committee")
    assert made.responsibilities.count() == 2
