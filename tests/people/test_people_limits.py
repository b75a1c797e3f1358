"""Lengths, ranges and list sizes: the services refuse what the model does not hold, with an
error at the field, on SQLite (which would store it) as on PostgreSQL (which would fail)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chapterhouse.core.errors import TOO_MANY
from chapterhouse.core.models import SMALL_INTEGER_MAX, TEXT_MAX_LENGTH
from chapterhouse.organizations.factories import make_body
from chapterhouse.organizations.models import BodyKind
from chapterhouse.people.factories import make_duty, make_person
from chapterhouse.people.models import (
    MAX_CONTACTS,
    MAX_NAMES,
    MAX_RESPONSIBILITIES,
    Contact,
    PartnerOrganization,
    Person,
    PersonName,
    Position,
)
from chapterhouse.people.services import (
    ContactSpec,
    NameSpec,
    ResponsibilitySpec,
    appointment_make,
    partner_organization_create,
    partner_organization_update,
    person_create,
    person_update,
    position_create,
    position_update,
)

pytestmark = pytest.mark.django_db


def _fields(error: ValidationError) -> dict[str, list[str]]:
    return dict(error.message_dict)


def test_a_contact_or_a_name_longer_than_the_model_holds_is_refused_at_its_place() -> None:
    with pytest.raises(ValidationError) as refused:
        person_create(
            key="long",
            names=[NameSpec("en", "Short Name", True), NameSpec("ja", "名" * 5000)],
            contacts=[ContactSpec("email", "a@example.org"), ContactSpec("address", "x" * 5000)],
            by=None,
        )
    fields = _fields(refused.value)
    assert set(fields) == {"names.1.full_name", "contacts.1.value"}
    assert "at most 200 characters" in fields["names.1.full_name"][0]
    assert "at most 300 characters" in fields["contacts.1.value"][0]
    assert not Person.objects.exists()


def test_a_language_tag_longer_than_the_model_holds_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        person_create(key="tag", names=[NameSpec("x" * 500, "Name")], by=None)
    assert set(_fields(refused.value)) == {"names.0.language"}
    assert not PersonName.objects.exists()


def test_the_longest_values_the_model_holds_are_stored() -> None:
    person = person_create(
        key="k" * 80,
        names=[NameSpec("sr-Latn-RS-x-abcdefg", "n" * 200)],  # a 20-character language tag
        contacts=[ContactSpec("other", "v" * 300)],
        form_of_address="f" * 60,
        by=None,
    )
    assert person.names.get().full_name == "n" * 200
    assert Contact.objects.get().value == "v" * 300


def test_an_update_is_measured_as_a_create_is() -> None:
    person = make_person(key="someone", name="Someone")
    with pytest.raises(ValidationError) as refused:
        person_update(
            person=person,
            names=[NameSpec("en", "n" * 201)],
            contacts=[ContactSpec("phone", "1" * 301)],
            form_of_address="f" * 61,
            by=None,
        )
    assert set(_fields(refused.value)) == {
        "names.0.full_name",
        "contacts.0.value",
        "form_of_address",
    }
    person.refresh_from_db()
    assert person.display_name == "Someone"


def test_a_contact_of_no_known_kind_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        person_create(
            key="p", names=[NameSpec("en", "P")], contacts=[ContactSpec("fax", "1")], by=None
        )
    assert set(_fields(refused.value)) == {"contacts.0.kind"}


def test_lists_are_bounded() -> None:
    names = [NameSpec(f"en-x-n{i}", f"Name {i}", i == 0) for i in range(MAX_NAMES + 1)]
    contacts = [ContactSpec("phone", str(i)) for i in range(MAX_CONTACTS + 1)]
    with pytest.raises(ValidationError) as refused:
        person_create(key="many", names=names, contacts=contacts, by=None)
    fields = _fields(refused.value)
    assert fields["names"] == [TOO_MANY.format(count=MAX_NAMES + 1, maximum=MAX_NAMES)]
    assert fields["contacts"] == [TOO_MANY.format(count=MAX_CONTACTS + 1, maximum=MAX_CONTACTS)]


def test_responsibilities_are_bounded() -> None:
    body = make_body(key="cc", name="CC", kind=BodyKind.COORDINATING_COMMITTEE)
    person = make_person(key="someone", name="Someone")
    position = position_create(key="member", name="Member", by=None)
    duty = make_duty(key="work", name="Work")
    countries = [f"{a}{b}" for a in "ABCDEFGH" for b in "ABCDEFGH"][: MAX_RESPONSIBILITIES + 1]
    with pytest.raises(ValidationError) as refused:
        appointment_make(
            person=person,
            body=body,
            position=position,
            starts_on=dt.date(2024, 1, 1),
            responsibilities=[ResponsibilitySpec(duty=duty, country=c) for c in countries],
            by=None,
        )
    assert "responsibilities" in _fields(refused.value)


@pytest.mark.parametrize("rank", [10**12, SMALL_INTEGER_MAX + 1, -1])
def test_a_rank_out_of_range_is_refused(rank: int) -> None:
    with pytest.raises(ValidationError) as refused:
        position_create(key="odd", name="Odd", rank=rank, by=None)
    assert set(_fields(refused.value)) == {"rank"}
    assert not Position.objects.exists()
    position = position_create(key="top", name="Top", rank=SMALL_INTEGER_MAX, by=None)
    with pytest.raises(ValidationError):
        position_update(position=position, rank=rank, by=None)


def test_a_partner_description_is_bounded() -> None:
    with pytest.raises(ValidationError) as refused:
        partner_organization_create(
            key="p", name="P", description="d" * (TEXT_MAX_LENGTH + 1), by=None
        )
    assert set(_fields(refused.value)) == {"description"}
    partner = partner_organization_create(
        key="p", name="P", description="d" * TEXT_MAX_LENGTH, by=None
    )
    with pytest.raises(ValidationError):
        partner_organization_update(partner=partner, short_name="s" * 41, by=None)
    assert PartnerOrganization.objects.get().short_name == ""
