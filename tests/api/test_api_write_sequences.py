"""Random sequences of API writes, valid and not: every answer is a success, a 404 or a 422
(never a 500), and whatever they leave behind survives the dossier round trip: export, import
into an empty database, export again gives the same file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.dossier.selectors import dossier_export_text
from chapterhouse.dossier.services import dossier_import
from tests.dossier.helpers import wipe_records

JSON = "application/json"
Write = tuple[str, str, dict[str, Any]]  # method, path, payload

# Small pools of keys and values, so that writes collide: the same key twice, a reference to
# something not made (yet), the same contact or responsibility twice, overlapping dates.
BRANCHES = ["ru", "moscow", "jp"]
BODIES = ["cc", "prep"]
POSITIONS = ["member", "chair"]
DUTIES = ["coverage", "organizing"]
PERSONS = ["rivera", "tanaka", "okafor"]  # okafor is not made by SETUP
APPOINTMENTS = ["a1", "a2", "a3"]
DATES = st.sampled_from(
    [dt.date(2024, 1, 1), dt.date(2025, 6, 30), dt.date(2026, 1, 1), dt.date(2026, 12, 31)]
).map(dt.date.isoformat)
COUNTRIES = st.sampled_from(["", "RU", "jp", "RUS"])
TEXT = st.sampled_from(["Name", "Другое имя", "名前", " "])

# Each sequence starts by making a small organization (so that most later writes have what they
# refer to), then runs the random writes.
SETUP: list[Write] = [
    ("post", "/api/v1/branches", {"key": "ru", "name": "Russia", "country": "RU"}),
    ("post", "/api/v1/branches", {"key": "moscow", "name": "Moscow", "parent": "ru"}),
    ("post", "/api/v1/bodies", {"key": "cc", "name": "Coordinating", "kind": "commission"}),
    (
        "post",
        "/api/v1/bodies",
        {
            "key": "prep",
            "name": "Preparatory",
            "kind": "preparatory_committee",
            "starts_on": "2024-01-01",
            "ends_on": "2026-12-31",
        },
    ),
    ("post", "/api/v1/positions", {"key": "member", "name": "Member"}),
    ("post", "/api/v1/positions", {"key": "chair", "name": "Chair", "single_holder": True}),
    ("post", "/api/v1/duties", {"key": "coverage", "name": "information coverage"}),
    ("post", "/api/v1/duties", {"key": "organizing", "name": "organizing work"}),
    *(
        (
            "post",
            "/api/v1/persons",
            {"key": key, "names": [{"language": "en", "full_name": key.title()}]},
        )
        for key in PERSONS[:2]
    ),
]


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def writes(draw: st.DrawFn) -> Write:
    kind = draw(
        st.sampled_from(
            [
                "branch",
                "body",
                "body_patch",
                "body_patch",
                "position",
                "duty",
                "person",
                "person",
                "person_patch",
                "appointment",
                "appointment",
                "appointment",
                "appointment",
                "appointment_end",
                "appointment_end",
                "membership",
            ]
        )
    )
    if kind == "branch":
        return (
            "post",
            "/api/v1/branches",
            {
                "key": draw(st.sampled_from(BRANCHES)),
                "name": draw(TEXT),
                "parent": draw(optional(st.sampled_from(BRANCHES))),
                "country": draw(COUNTRIES),
            },
        )
    if kind == "body":
        return (
            "post",
            "/api/v1/bodies",
            {
                "key": draw(st.sampled_from(BODIES)),
                "name": draw(TEXT),
                "kind": "commission",
                "branch": draw(optional(st.sampled_from(BRANCHES))),
                "starts_on": draw(optional(DATES)),
                "ends_on": draw(optional(DATES)),
            },
        )
    if kind == "body_patch":
        return (
            "patch",
            f"/api/v1/bodies/{draw(st.sampled_from(BODIES))}",
            {"ends_on": draw(optional(DATES)), "end_appointments_outside": draw(st.booleans())},
        )
    if kind == "position":
        key = draw(st.sampled_from(POSITIONS))
        return (
            "post",
            "/api/v1/positions",
            {"key": key, "name": key.title(), "single_holder": key == "chair"},
        )
    if kind == "duty":
        key = draw(st.sampled_from(DUTIES))
        return ("post", "/api/v1/duties", {"key": key, "name": draw(TEXT)})
    contact = st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["email", "phone"]),
            "value": st.sampled_from(["a@example.org", " a@example.org", "+56 2 123"]),
        }
    )
    if kind in ("person", "person_patch"):
        names = st.lists(
            st.fixed_dictionaries(
                {
                    "language": st.sampled_from(["en", "ru", "ja"]),
                    "full_name": TEXT,
                    "is_display": st.booleans(),
                }
            ),
            min_size=1,
            max_size=2,
            unique_by=lambda name: name["language"],
        )
        contacts = draw(st.lists(contact, max_size=2))
        repeat: bool = draw(st.booleans())
        if contacts and repeat:  # the same contact again, as typed or padded
            contacts.append({**contacts[0], "value": f" {contacts[0]['value']}"})
        payload = {"names": draw(names), "contacts": contacts}
        key = draw(st.sampled_from([*PERSONS, "silva"]))
        if kind == "person":
            return ("post", "/api/v1/persons", {"key": key, **payload})
        return ("patch", f"/api/v1/persons/{key}", payload)
    if kind == "appointment":
        responsibility = st.fixed_dictionaries(
            {
                "duty": st.sampled_from(DUTIES),
                "branch": optional(st.sampled_from(BRANCHES)),
                "country": COUNTRIES,
            }
        )
        responsibilities = draw(st.lists(responsibility, max_size=2))
        repeat = draw(st.booleans())
        if responsibilities and repeat:  # the same responsibility again
            responsibilities.append(dict(responsibilities[0]))
        return (
            "post",
            "/api/v1/appointments",
            {
                "key": draw(st.sampled_from(APPOINTMENTS)),
                "person": draw(st.sampled_from(PERSONS)),
                "body": draw(st.sampled_from(BODIES)),
                "position": draw(st.sampled_from(POSITIONS)),
                "starts_on": draw(DATES),
                "ends_on": draw(optional(DATES)),
                "responsibilities": responsibilities,
            },
        )
    if kind == "appointment_end":
        return (
            "post",
            f"/api/v1/appointments/{draw(st.sampled_from(APPOINTMENTS))}/end",
            {"ends_on": draw(DATES)},
        )
    return (
        "post",
        "/api/v1/memberships",
        {
            "person": draw(st.sampled_from(PERSONS)),
            "branch": draw(optional(st.sampled_from(BRANCHES))),
            "starts_on": draw(DATES),
            "ends_on": draw(optional(DATES)),
        },
    )


class _Undo(Exception):  # noqa: N818 (not an error: it undoes one example's writes)
    pass


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sequence=st.lists(writes(), min_size=4, max_size=15))
def test_any_sequence_of_api_writes_answers_and_round_trips(sequence: list[Write]) -> None:
    try:
        with transaction.atomic():
            user = User.objects.create_user(username="sequence-secretariat")
            user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
            client = Client(raise_request_exception=False)
            client.force_login(user)
            for method, path, payload in [*SETUP, *sequence]:
                response = getattr(client, method)(path, payload, content_type=JSON)
                assert response.status_code in {200, 201, 404, 422}, (
                    method,
                    path,
                    payload,
                    response.status_code,
                    response.content[:500],
                )
            first = dossier_export_text()
            wipe_records()
            report = dossier_import(text=first, by=None)
            assert report.ok, [p.render("export.yaml") for p in report.problems]
            assert dossier_export_text() == first
            raise _Undo
    except _Undo:
        pass
