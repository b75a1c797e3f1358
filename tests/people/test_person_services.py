from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chapterhouse.people import errors
from chapterhouse.people.models import Person
from chapterhouse.people.services import ContactSpec, NameSpec, person_create, person_update

pytestmark = pytest.mark.django_db


def test_a_person_has_names_in_several_scripts_one_shown() -> None:
    person = person_create(
        key="aiko-tanaka",
        names=[NameSpec("en", "Aiko Tanaka", True), NameSpec("ja", "田中愛子")],
        contacts=[ContactSpec("email", "aiko@example.org")],
        by=None,
    )
    assert person.display_name == "Aiko Tanaka"
    assert {n.language: n.full_name for n in person.names.all()} == {
        "en": "Aiko Tanaka",
        "ja": "田中愛子",
    }
    person_update(
        person=person,
        names=[NameSpec("en", "Aiko Tanaka"), NameSpec("ja", "田中愛子", True)],
        by=None,
    )
    assert Person.objects.get(pk=person.pk).display_name == "田中愛子"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([], errors.NEEDS_A_NAME),
        ([NameSpec("en", "A"), NameSpec("ja", "B")], errors.ONE_DISPLAY_NAME.format(count=0)),
        (
            [NameSpec("en", "A", True), NameSpec("en", "B")],
            errors.DUPLICATE_NAME_LANGUAGE.format(language="en"),
        ),
    ],
)
def test_bad_names_are_refused_with_the_reason(names: list[NameSpec], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        person_create(key="someone", names=names, by=None)
    assert message in caught.value.message_dict["names"]
    assert not Person.objects.exists()
