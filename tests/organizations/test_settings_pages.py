"""Organization settings, branches, observances and the audit log through their pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from chapterhouse.organizations import errors
from chapterhouse.organizations.models import Branch, Observance
from chapterhouse.organizations.selectors import era_systems_for, organization_get
from chapterhouse.organizations.services import organization_set
from tests.helpers import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_the_secretariat_sets_era_calendars_per_language() -> None:
    response = client_as("secretariat").post(
        "/organization/edit/",
        {
            "name": "Harbor Workers' International",
            "short_name": "HWI",
            "languages": ["en", "ko"],
            "eras_default": ["japanese"],
            "eras_ko": ["juche"],
        },
    )
    assert response.status_code == 302
    organization = organization_get()
    assert organization.calendar_eras == {"default": ["japanese"], "ko": ["juche"]}
    assert era_systems_for(organization, language="ko") == ("juche",)
    assert era_systems_for(organization, language="en") == ("japanese",)
    with translation.override("ko"):
        page = Client().get("/", headers={"Accept-Language": "ko"}).content.decode()
    assert "주체" in page  # Juche years beside dates for Korean readers


def test_unknown_languages_and_calendars_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        organization_set(name="X", languages=["tlh"], calendar_eras={"default": ["mayan"]}, by=None)
    assert caught.value.message_dict["languages"] == [
        errors.UNKNOWN_LANGUAGE.format(language="tlh")
    ]
    assert "mayan" in caught.value.message_dict["calendar_eras"][0]


def test_settings_pages_are_the_secretariats(client: Client) -> None:
    for url in ("/organization/edit/", "/branches/new/", "/observances/new/", "/audit/"):
        assert client.get(url).status_code == 404, url
        assert client_as("okafor").get(url).status_code == 404, url
        assert client_as("secretariat").get(url).status_code == 200, url


def test_a_branch_is_created_under_a_parent_and_a_bad_country_is_shown_at_its_field() -> None:
    secretariat = client_as("secretariat")
    response = secretariat.post(
        "/branches/new/", {"key": "osaka", "name": "Osaka", "parent": "japan", "country": "J1"}
    )
    assert "country" in response.context["form"].errors
    response = secretariat.post(
        "/branches/new/", {"key": "osaka", "name": "Osaka", "parent": "japan"}
    )
    assert response.status_code == 302
    assert Branch.objects.get(key="osaka").parent == Branch.objects.get(key="japan")
    response = secretariat.post(
        "/branches/japan/edit/", {"key": "japan", "name": "Japan", "parent": "osaka"}
    )
    assert response.context["form"].errors["parent"] == [errors.PARENT_CYCLE.format(name="Japan")]


def test_an_observance_from_an_event_or_a_day() -> None:
    secretariat = client_as("secretariat")
    response = secretariat.post(
        "/observances/new/",
        {
            "key": "founding-day",
            "name": "Founding Day",
            "event": "hwi-founded",
            "month": "3",
            "day": "8",
        },
    )
    assert response.context["form"].errors["event"] == [errors.OBSERVANCE_DAY]
    response = secretariat.post(
        "/observances/new/", {"key": "founding-day", "name": "Founding Day", "event": "hwi-founded"}
    )
    assert response.status_code == 302
    assert Observance.objects.get(key="founding-day").month_day == (3, 8)


def test_the_audit_log_lists_writes_with_their_changes() -> None:
    secretariat = client_as("secretariat")
    secretariat.post("/branches/new/", {"key": "osaka", "name": "Osaka", "parent": "japan"})
    page = secretariat.get("/audit/", {"action": "branch.", "object": "osaka"}).content.decode()
    assert "branch.created" in page and "sec" not in page.split("branch.created")[0][-5:]
    assert "secretariat" in page
    assert "Osaka" in page
