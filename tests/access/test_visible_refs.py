"""Names carried inside other objects follow the named object's visibility, in the selectors.

tests/access/test_visibility_matrix.py checks every route; these check each selector directly.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from chapterhouse.access.selectors import PUBLIC, Roles
from chapterhouse.organizations.factories import make_body
from chapterhouse.organizations.models import Body, EventKind, HistoryEvent
from chapterhouse.organizations.selectors import (
    body_access,
    body_list,
    history_event_access,
    history_timeline,
    observance_access,
    observance_list,
    observances_upcoming,
    visible_body_ref,
    visible_event_ref,
)
from chapterhouse.organizations.services import history_event_record, observance_create
from chapterhouse.people.factories import make_appointment, make_person
from chapterhouse.people.models import Appointment
from chapterhouse.people.selectors import (
    appointment_access,
    body_holders_on,
    person_appointments,
    visible_person_ids,
)
from chapterhouse.people.services import appointment_make

pytestmark = pytest.mark.django_db
SECRETARIAT = Roles(authenticated=True, secretariat=True)
ON = dt.date(2024, 6, 1)


@pytest.fixture
def internal() -> Body:
    return make_body(key="finance", name="Finance Commission", visibility="internal")


def insider(body: Body) -> Roles:
    return Roles(authenticated=True, member=True, body_ids=frozenset({body.id}))


def test_an_event_decided_by_an_internal_body_does_not_name_it(internal: Body) -> None:
    history_event_record(
        key="founding",
        kind=EventKind.FOUNDED,
        occurred_on=dt.date(2014, 3, 8),
        title="Founded",
        decided_by=internal,
        decision="Decision 1/2014",
        by=None,
    )
    [public] = history_timeline(roles=PUBLIC)
    assert public.decided_by is None and public.decision == ""
    assert history_event_access(key="founding", roles=PUBLIC).decided_by is None
    for roles in (SECRETARIAT, insider(internal)):
        [seen] = history_timeline(roles=roles)
        assert seen.decided_by == internal and seen.decision == "Decision 1/2014"
    # Only what is read is redacted: the link itself stays, even if the object were saved.
    assert public.decided_by_id == internal.id
    public.save(update_fields=["title", "decided_by"])
    assert HistoryEvent.objects.get(key="founding").decided_by_id == internal.id


def test_an_observance_of_an_internal_event_is_hidden_with_it(internal: Body) -> None:
    event = history_event_record(
        key="audit", kind=EventKind.OTHER, occurred_on=dt.date(2020, 5, 1), title="Audit",
        body=internal, by=None,
    )  # fmt: skip
    observance_create(key="audit-day", name="Audit Day", event=event, by=None)
    observance_create(
        key="founding-day", name="Founding Day", month=3, day=8, decided_by=internal, by=None
    )
    assert visible_event_ref(event, PUBLIC) is None
    assert [o.key for o in observance_list(roles=PUBLIC)] == ["founding-day"]
    assert [u.observance.key for u in observances_upcoming(after=ON, roles=PUBLIC)] == [
        "founding-day"
    ]
    with pytest.raises(Http404):
        observance_access(key="audit-day", roles=PUBLIC)
    assert observance_access(key="founding-day", roles=PUBLIC).decided_by is None
    assert observance_access(key="founding-day", roles=insider(internal)).decided_by == internal
    assert {o.key for o in observance_list(roles=SECRETARIAT)} == {"audit-day", "founding-day"}


def test_a_public_sub_body_does_not_name_its_internal_parent(internal: Body) -> None:
    make_body(key="audit-panel", name="Audit Panel", parent=internal)
    assert body_access(key="audit-panel", roles=PUBLIC).parent is None
    assert [b.parent for b in body_list(roles=PUBLIC)] == [None]
    assert body_access(key="audit-panel", roles=SECRETARIAT).parent == internal
    assert visible_body_ref(internal, PUBLIC) is None
    assert visible_body_ref(internal, insider(internal)) == internal


def test_an_appointer_the_viewer_cannot_look_up_is_not_named(internal: Body) -> None:
    treasurer = make_person(key="treasurer")  # holds a position in the internal body only
    make_appointment(person=treasurer, body=internal, starts_on=dt.date(2023, 1, 1))
    public_body = make_body(key="council")
    appointment = make_appointment(
        body=public_body, appointed_by=treasurer, starts_on=dt.date(2024, 1, 1)
    )
    assert visible_person_ids(ids={treasurer.id}, roles=PUBLIC) == set()
    for seen in (
        appointment_access(key=appointment.key, roles=PUBLIC),
        body_holders_on(body=public_body, on=ON, roles=PUBLIC)[0],
        person_appointments(person=appointment.person, roles=PUBLIC)[0],
    ):
        assert seen.appointed_by is None
        assert seen.capacity == []  # type: ignore[attr-defined]
    for roles in (SECRETARIAT, insider(internal)):
        seen = appointment_access(key=appointment.key, roles=roles)
        assert seen.appointed_by == treasurer
        assert [c.body for c in seen.capacity] == [internal]  # type: ignore[attr-defined]
    assert Appointment.objects.get(pk=appointment.pk).appointed_by_id == treasurer.id


def test_an_appointment_decided_by_an_internal_body_does_not_name_it(internal: Body) -> None:
    public_body = make_body(key="council")
    appointment = appointment_make(
        person=make_person(),
        body=public_body,
        position=make_appointment().position,
        starts_on=dt.date(2024, 1, 1),
        decided_by=internal,
        decision="Decision 4/2023",
        by=None,
    )
    seen = appointment_access(key=appointment.key, roles=PUBLIC)
    assert seen.decided_by is None and seen.decision == ""
    seen = appointment_access(key=appointment.key, roles=insider(internal))
    assert seen.decided_by == internal and seen.decision == "Decision 4/2023"
