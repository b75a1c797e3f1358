"""The people pages through Django's test client: access, forms with errors at fields, htmx."""

from __future__ import annotations

import pytest
from django.test import Client

from chapterhouse.core.languages import NOT_A_LANGUAGE_TAG
from chapterhouse.people import errors
from chapterhouse.people.models import Appointment, Person
from tests.helpers import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_person_page_shows_appointments_over_time_and_hides_contacts(client: Client) -> None:
    page = client.get("/people/tomas-rivera/").content.decode()
    assert "Executive Committee of the Chile Branch" in page
    assert "Preparatory Committee of the Third Congress" in page
    assert "organizing work (Chile)" in page
    okafor = client.get("/people/mira-okafor/").content.decode()
    assert "mira@hwi.example" not in okafor
    assert "mira@hwi.example" in client_as("okafor").get("/people/mira-okafor/").content.decode()
    assert (
        "mira@hwi.example" in client_as("secretariat").get("/people/mira-okafor/").content.decode()
    )


def test_people_list_and_search_respect_visibility(client: Client) -> None:
    page = client.get("/people/", {"q": "tanaka"}).content.decode()
    assert "Aiko Tanaka" in page and "Mira Okafor" not in page
    assert "Lars Nilsson" not in client.get("/people/").content.decode()
    assert client.get("/people/lars-nilsson/").status_code == 404
    assert client_as("secretariat").get("/people/lars-nilsson/").status_code == 200


def test_appointment_form_shows_each_error_at_its_field() -> None:
    secretariat = client_as("secretariat")
    url = "/bodies/coordinating-committee/appoint/"
    response = secretariat.post(
        url, {"person": "aiko-tanaka", "position": "chair", "starts_on": "2026-10-01"}
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["position"]
    assert message == errors.POSITION_TAKEN.format(
        position="Chair",
        body="Coordinating Committee",
        holder="Mira Okafor",
        starts_on="2022-09-01",
        until="with no end date",
    )
    response = secretariat.post(
        url,
        {
            "person": "aiko-tanaka",
            "position": "member",
            "starts_on": "2026-10-01",
            "ends_on": "2026-09-01",
        },
    )
    assert "ends_on" in response.context["form"].errors
    response = secretariat.post(
        url, {"person": "nobody", "position": "member", "starts_on": "soon"}
    )
    assert set(response.context["form"].errors) == {"person", "starts_on"}
    response = secretariat.post(
        url,
        {
            "person": "aiko-tanaka",
            "position": "vice-chair",
            "starts_on": "Reiwa 8-10-01",
            "responsibilities-TOTAL_FORMS": "1",
            "responsibilities-INITIAL_FORMS": "0",
            "responsibilities-0-duty": "organizing-work",
            "responsibilities-0-country": "JP",
            "appointed_by": "mira-okafor",
        },
    )
    assert response.status_code == 302
    made = Appointment.objects.get(person__key="aiko-tanaka", position__key="vice-chair")
    assert str(made.starts_on) == "2026-10-01"
    assert [(r.duty.key, r.country) for r in made.responsibilities.all()] == [
        ("organizing-work", "JP")
    ]


def test_only_the_secretariat_appoints_and_ends(client: Client) -> None:
    url = "/bodies/coordinating-committee/appoint/"
    assert client.get(url).status_code == 404
    assert client_as("okafor").get(url).status_code == 404
    appointment = Appointment.objects.get(
        person__key="mira-okafor", body__key="coordinating-committee"
    )
    assert (
        client_as("tanaka")
        .post(f"/appointments/{appointment.key}/end/", {"ends_on": "2026-12-31"})
        .status_code
        == 404
    )
    assert Appointment.objects.get(pk=appointment.pk).ends_on is None


def test_ending_an_appointment_through_htmx_returns_the_row() -> None:
    appointment = Appointment.objects.get(
        person__key="mira-okafor", body__key="coordinating-committee"
    )
    response = client_as("secretariat").post(
        f"/appointments/{appointment.key}/end/",
        {"ends_on": "2026-12-31"},
        headers={"HX-Request": "true"},
    )
    row = response.content.decode()
    assert row.startswith(f'<tr id="appointment-{appointment.key}"')
    assert "Dec. 31, 2026" in row
    bad = client_as("secretariat").post(
        f"/appointments/{appointment.key}/end/",
        {"ends_on": "2020-01-01"},
        headers={"HX-Request": "true"},
    )
    assert 'role="alert"' in bad.content.decode()


def test_person_form_creates_and_edits_with_names_in_two_scripts() -> None:
    secretariat = client_as("secretariat")
    response = secretariat.post(
        "/people/new/",
        {
            "key": "kim-sora",
            "display_name": "Kim Sora",
            "display_language": "en",
            "other_name": "김소라",
            "other_language": "ko",
            "email": "sora@example.org",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(key="kim-sora")
    assert {n.language for n in person.names.all()} == {"en", "ko"}
    response = secretariat.post(
        "/people/new/", {"key": "kim-sora", "display_name": "X", "display_language": "en"}
    )
    assert "key" in response.context["form"].errors
    response = secretariat.post(
        "/people/kim-sora/edit/",
        {
            "names-TOTAL_FORMS": "1",
            "names-INITIAL_FORMS": "0",
            "names-0-full_name": "Sora Kim",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert "language" in response.context["names"].forms[0].errors


def test_responsibility_query_page(client: Client) -> None:
    page = client.get(
        "/responsibilities/", {"duty": "organizing-work", "country": "JP", "on": "2026-08-25"}
    ).content.decode()
    assert "Aiko Tanaka" in page
    page = client.get(
        "/responsibilities/", {"duty": "organizing-work", "country": "JP", "on": "2026-09-04"}
    ).content.decode()
    assert "Nobody is responsible" in page


def test_partner_pages_show_representatives_to_those_who_may_see_them(client: Client) -> None:
    assert "Nordic Port Workers&#x27; Union" in client.get("/partners/").content.decode()
    public = client.get("/partners/nordic-port-workers/").content.decode()
    assert "Lars Nilsson" not in public
    assert (
        "Lars Nilsson"
        in client_as("secretariat").get("/partners/nordic-port-workers/").content.decode()
    )
    assert client.get("/partners/nobody/").status_code == 404


def test_membership_records_are_shown_to_the_person_and_the_secretariat_only(
    client: Client,
) -> None:
    url = "/people/aiko-tanaka/"
    assert "Membership" not in client.get(url).content.decode()
    assert "Membership" not in client_as("okafor").get(url).content.decode()
    assert "Membership" in client_as("tanaka").get(url).content.decode()
    assert "Membership" in client_as("secretariat").get(url).content.decode()


def test_person_form_refuses_an_unknown_language_tag_at_its_field() -> None:
    secretariat = client_as("secretariat")
    response = secretariat.post(
        "/people/new/",
        {
            "key": "kim-sora",
            "display_name": "Kim Sora",
            "display_language": "en",
            "other_name": "김소라",
            "other_language": "korean",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["other_language"] == [
        NOT_A_LANGUAGE_TAG.format(value="korean")
    ]
    assert not Person.objects.filter(key="kim-sora").exists()
