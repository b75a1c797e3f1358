"""Plain factory functions of the people context with keyword-only defaults, shared by the
tests (``tests/world.py`` and each folder's own) and the demo (``people/demo.py``).

Each one calls the services, so whatever they make passed the same checks as a user's input
and left the same audit rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

from chapterhouse.organizations.factories import make_body
from chapterhouse.organizations.models import Body
from chapterhouse.people.models import Appointment, Duty, Person, Position
from chapterhouse.people.services import (
    NameSpec,
    ResponsibilitySpec,
    appointment_make,
    duty_create,
    person_create,
    position_create,
)

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor

_sequence = itertools.count(1)


def _next_key(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"


def make_person(
    *,
    key: str | None = None,
    name: str | None = None,
    names: list[NameSpec] | None = None,
    form_of_address: str = "",
    by: Actor = None,
) -> Person:
    key = key or _next_key("person")
    names = names or [NameSpec("en", name or key.replace("-", " ").title(), True)]
    return person_create(key=key, names=names, form_of_address=form_of_address, by=by)


STANDARD_POSITIONS = (
    ("chair", "Chair", True, 10),
    ("vice-chair", "Vice-Chair", False, 20),
    ("secretary", "Secretary", True, 30),
    ("member", "Member", False, 90),
)


def make_position(
    *, key: str, name: str | None = None, single_holder: bool = False, rank: int = 100
) -> Position:
    existing = Position.objects.filter(key=key).first()
    if existing is not None:
        return existing
    return position_create(
        key=key, name=name or key.title(), single_holder=single_holder, rank=rank, by=None
    )


def standard_positions() -> dict[str, Position]:
    return {
        key: make_position(key=key, name=name, single_holder=single, rank=rank)
        for key, name, single, rank in STANDARD_POSITIONS
    }


def make_duty(*, key: str, name: str | None = None) -> Duty:
    return Duty.objects.filter(key=key).first() or duty_create(
        key=key, name=name or key.replace("-", " "), by=None
    )


def make_appointment(
    *,
    person: Person | None = None,
    body: Body | None = None,
    position: Position | None = None,
    starts_on: dt.date = dt.date(2024, 1, 1),
    ends_on: dt.date | None = None,
    appointed_by: Person | None = None,
    responsibilities: tuple[ResponsibilitySpec, ...] = (),
    by: Actor = None,
) -> Appointment:
    return appointment_make(
        person=person or make_person(),
        body=body or make_body(),
        position=position or make_position(key="member", name="Member", rank=90),
        starts_on=starts_on,
        ends_on=ends_on,
        appointed_by=appointed_by,
        responsibilities=responsibilities,
        by=by,
    )
