"""person_update changes what it is given, by key (names by language, contacts by kind and
value), and nothing else; the person page's edit form shows and edits every name and contact."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from chapterhouse.core.models import AuditEntry
from chapterhouse.people import errors as msg
from chapterhouse.people.models import Person
from chapterhouse.people.services import ContactSpec, NameSpec, person_update, position_update
from tests.helpers import client_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def aiko(demo: None) -> Person:
    """Names in en, ja and ko, an email and a postal address."""
    person = Person.objects.get(key="aiko-tanaka")
    person_update(
        person=person,
        names_set=[NameSpec("ko", "다나카 아이코")],
        contacts_add=[ContactSpec("address", "1-2-3 Minato, Yokohama")],
        by=None,
    )
    return person


def _names(person: Person) -> dict[str, tuple[str, bool]]:
    return {n.language: (n.full_name, n.is_display) for n in person.names.all()}


def _contacts(person: Person) -> set[tuple[str, str]]:
    return {(c.kind, c.value) for c in person.contacts.all()}


def _edit_form(person: Person) -> dict[str, Any]:
    """The edit form as the page shows it (every name and contact, one empty row each)."""
    names = list(person.names.all())
    contacts = list(person.contacts.all())
    data: dict[str, Any] = {
        "form_of_address": person.form_of_address,
        "represents": "",
        "names-TOTAL_FORMS": str(len(names) + 1),
        "names-INITIAL_FORMS": str(len(names)),
        "contacts-TOTAL_FORMS": str(len(contacts) + 1),
        "contacts-INITIAL_FORMS": str(len(contacts)),
    }
    for i, n in enumerate(names):
        data[f"names-{i}-language"] = n.language
        data[f"names-{i}-full_name"] = n.full_name
        if n.is_display:
            data[f"names-{i}-is_display"] = "on"
    for i, c in enumerate(contacts):
        data[f"contacts-{i}-kind"] = c.kind
        data[f"contacts-{i}-value"] = c.value
    return data


def test_editing_one_name_on_the_page_keeps_every_other_name_and_contact(aiko: Person) -> None:
    data = _edit_form(aiko)
    ja = next(i for i, n in enumerate(aiko.names.all()) if n.language == "ja")
    data[f"names-{ja}-full_name"] = "田中 愛子"
    response = client_as("secretariat").post("/people/aiko-tanaka/edit/", data)
    assert response.status_code == 302
    assert _names(aiko) == {
        "en": ("Aiko Tanaka", True),
        "ja": ("田中 愛子", False),
        "ko": ("다나카 아이코", False),
    }
    assert _contacts(aiko) == {("email", "aiko@hwi.example"), ("address", "1-2-3 Minato, Yokohama")}


def test_the_page_removes_and_adds_names_and_contacts(aiko: Person) -> None:
    data = _edit_form(aiko)
    names = [n.language for n in aiko.names.all()]
    contacts = [c.kind for c in aiko.contacts.all()]
    data[f"names-{names.index('ko')}-DELETE"] = "on"
    data[f"names-{len(names)}-language"] = "ru"
    data[f"names-{len(names)}-full_name"] = "Айко Танака"
    data[f"contacts-{contacts.index('email')}-DELETE"] = "on"
    data[f"contacts-{len(contacts)}-kind"] = "phone"
    data[f"contacts-{len(contacts)}-value"] = "+81 45 000 0000"
    assert client_as("secretariat").post("/people/aiko-tanaka/edit/", data).status_code == 302
    assert set(_names(aiko)) == {"en", "ja", "ru"}
    assert _contacts(aiko) == {("address", "1-2-3 Minato, Yokohama"), ("phone", "+81 45 000 0000")}


def test_the_page_moves_the_name_shown_by_default(aiko: Person) -> None:
    data = _edit_form(aiko)
    languages = [n.language for n in aiko.names.all()]
    del data[f"names-{languages.index('en')}-is_display"]
    data[f"names-{languages.index('ja')}-is_display"] = "on"
    assert client_as("secretariat").post("/people/aiko-tanaka/edit/", data).status_code == 302
    aiko.refresh_from_db()
    assert aiko.display_name == "田中愛子"
    assert _names(aiko)["en"] == ("Aiko Tanaka", False)


def test_the_page_shows_what_the_service_refuses(aiko: Person) -> None:
    data = _edit_form(aiko)
    languages = [n.language for n in aiko.names.all()]
    del data[f"names-{languages.index('en')}-is_display"]
    response = client_as("secretariat").post("/people/aiko-tanaka/edit/", data)
    assert response.status_code == 200
    assert msg.ONE_DISPLAY_NAME.format(count=0) in response.context["form"].non_field_errors()
    assert len(_names(aiko)) == 3


def test_keyed_changes_leave_the_rest_alone(aiko: Person) -> None:
    person_update(
        person=aiko,
        names_remove={"ja"},
        contacts_remove=[ContactSpec("email", "aiko@hwi.example")],
        by=None,
    )
    assert set(_names(aiko)) == {"en", "ko"}
    assert _contacts(aiko) == {("address", "1-2-3 Minato, Yokohama")}


def test_a_whole_list_still_replaces_when_asked(aiko: Person) -> None:
    person_update(person=aiko, names=[NameSpec("en", "Aiko Tanaka", True)], contacts=[], by=None)
    assert _names(aiko) == {"en": ("Aiko Tanaka", True)}
    assert _contacts(aiko) == set()


def test_an_update_that_changes_nothing_writes_nothing(aiko: Person) -> None:
    audited = AuditEntry.objects.count()
    person_update(
        person=aiko,
        form_of_address=aiko.form_of_address,
        names_set=[NameSpec("ko", "다나카 아이코")],
        contacts_add=[ContactSpec("email", "aiko@hwi.example")],
        by=None,
    )
    assert AuditEntry.objects.count() == audited
    person_update(person=aiko, form_of_address="Ms", by=None)
    assert AuditEntry.objects.count() == audited + 1
    entry = AuditEntry.objects.order_by("-id")[0]
    assert entry.changes == [("form_of_address", ("", "Ms"))]


def test_an_unknown_field_is_refused_at_run_time(aiko: Person) -> None:
    audited = AuditEntry.objects.count()
    with pytest.raises(TypeError, match="fom_of_address"):
        person_update(person=aiko, fom_of_address="Ms", by=None)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="nmae"):
        position_update(position=aiko.appointments.all()[0].position, nmae="X", by=None)  # type: ignore[call-arg]
    assert AuditEntry.objects.count() == audited


def test_a_contact_of_no_known_kind_is_refused(aiko: Person) -> None:
    with pytest.raises(ValidationError) as refused:
        person_update(person=aiko, contacts_add=[ContactSpec("fax", "123")], by=None)
    assert list(refused.value.message_dict) == ["contacts.0.kind"]
