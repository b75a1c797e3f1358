"""Lengths and ranges in the organizations context: the services refuse what the model does not
hold with an error at the field, and the pages show it there (never a 500)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chapterhouse.core.errors import TOO_MANY
from chapterhouse.core.models import TEXT_MAX_LENGTH
from chapterhouse.organizations.factories import make_body
from chapterhouse.organizations.models import Body, HistoryEvent, Observance
from chapterhouse.organizations.services import (
    body_create,
    body_update,
    history_event_record,
    observance_create,
    organization_set,
)
from tests.helpers import client_as

TOO_LONG = "t" * (TEXT_MAX_LENGTH + 1)


def _fields(error: ValidationError) -> set[str]:
    return set(error.message_dict)


@pytest.mark.django_db
def test_free_texts_are_bounded_in_every_service() -> None:
    with pytest.raises(ValidationError) as refused:
        body_create(
            key="b", name="B", kind="commission", purpose=TOO_LONG, internal_notes=TOO_LONG, by=None
        )
    assert _fields(refused.value) == {"purpose", "internal_notes"}
    body = body_create(key="b", name="B", kind="commission", purpose="p" * TEXT_MAX_LENGTH, by=None)
    with pytest.raises(ValidationError) as refused:
        body_update(body=body, internal_notes=TOO_LONG, by=None)
    assert _fields(refused.value) == {"internal_notes"}
    with pytest.raises(ValidationError) as refused:
        history_event_record(
            key="e",
            kind="other",
            occurred_on=dt.date(2020, 1, 1),
            title="T" * 201,
            description=TOO_LONG,
            by=None,
        )
    assert _fields(refused.value) == {"title", "description"}
    with pytest.raises(ValidationError) as refused:
        observance_create(key="o", name="O", month=9, day=1, description=TOO_LONG, by=None)
    assert _fields(refused.value) == {"description"}
    assert not HistoryEvent.objects.exists()
    assert not Observance.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("month", "day"), [(13, 1), (1, 32), (10**12, 1), (0, 0)])
def test_an_observance_day_out_of_range_is_refused(month: int, day: int) -> None:
    with pytest.raises(ValidationError):
        observance_create(key="o", name="O", month=month, day=day, by=None)
    assert not Observance.objects.exists()


@pytest.mark.django_db
def test_the_organization_lists_are_bounded() -> None:
    with pytest.raises(ValidationError) as refused:
        organization_set(name="O", languages=["en"] * 1000, by=None)
    assert TOO_MANY.format(count=1000, maximum=5) in refused.value.message_dict["languages"]
    with pytest.raises(ValidationError) as refused:
        organization_set(name="O", short_name="s" * 41, by=None)
    assert _fields(refused.value) == {"short_name"}


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        (
            "/bodies/new/",
            {"key": "youth", "name": "Youth", "kind": "commission", "visibility": "public"},
            "purpose",
        ),
        (
            "/bodies/new/",
            {"key": "youth", "name": "Youth", "kind": "commission", "visibility": "public"},
            "internal_notes",
        ),
        (
            "/history/new/",
            {"key": "event", "kind": "other", "occurred_on": "2020-01-01", "title": "Event"},
            "description",
        ),
        ("/observances/new/", {"key": "day", "name": "Day", "month": 5, "day": 1}, "description"),
    ],
)
def test_a_page_shows_an_overlong_text_at_its_field(
    url: str, data: dict[str, object], field: str
) -> None:
    response = client_as("secretariat").post(url, {**data, field: TOO_LONG})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_a_body_edit_page_refuses_an_overlong_text() -> None:
    body = make_body(key="youth", name="Youth")
    response = client_as("secretariat").post(
        f"/bodies/{body.key}/edit/",
        {
            "key": "youth",
            "name": "Youth",
            "kind": "commission",
            "visibility": "public",
            "purpose": TOO_LONG,
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["purpose"]
    assert Body.objects.get(key="youth").purpose == ""


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("year", ["99999", "0", "-5", "Reiwa 9000"])
def test_the_anniversaries_page_takes_one_year_of_the_calendar(year: str) -> None:
    """The page lists one year; a year out of the calendar is an error at the field."""
    response = client_as("secretariat").get("/anniversaries/", {"year": year})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["year"]
