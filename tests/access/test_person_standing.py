"""Access asks people for a person's standing through a hook people registers (no import)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured

from chapterhouse.access import selectors
from chapterhouse.access.selectors import PersonStanding, roles_for
from chapterhouse.people.models import Person
from chapterhouse.people.selectors import person_standing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_people_registers_the_reader_of_a_persons_standing() -> None:
    assert selectors._standing_source == [person_standing]


def test_roles_come_from_the_registered_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    person = Person.objects.filter(user__isnull=False).first()
    assert person is not None and person.user is not None
    seen: list[tuple[int, dt.date]] = []

    def standing(*, person: Person, on: dt.date) -> PersonStanding:
        seen.append((person.pk, on))
        return PersonStanding(member=True, body_ids=frozenset({4242}))

    monkeypatch.setattr(selectors, "_standing_source", [standing])
    user = User.objects.get(pk=person.user.pk)
    roles = roles_for(user, on=dt.date(2026, 9, 1))
    assert roles.member and roles.body_ids == frozenset({4242})
    assert seen == [(person.pk, dt.date(2026, 9, 1))]


def test_without_a_reader_roles_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    person = Person.objects.filter(user__isnull=False).first()
    assert person is not None and person.user is not None
    monkeypatch.setattr(selectors, "_standing_source", [])
    with pytest.raises(ImproperlyConfigured, match=r"chapterhouse\.people"):
        roles_for(User.objects.get(pk=person.user.pk), on=dt.date(2026, 9, 1))
