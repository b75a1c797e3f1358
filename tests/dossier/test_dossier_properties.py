"""Random organizations: any valid dossier, its rows in any order, imports into an empty database;
its export imports into another empty one and exports byte-identically; importing again changes
nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from chapterhouse.core.models import AuditEntry
from chapterhouse.dossier.selectors import dossier_export_text
from chapterhouse.dossier.services import dossier_import
from chapterhouse.dossier.yamlio import dump, load
from tests.dossier.helpers import wipe_records

Row = dict[str, Any]

KEYS = st.from_regex(r"[a-z]{1,6}(-[a-z0-9]{1,3})?", fullmatch=True)
# Names and titles: what a person would type, so at least one character that is not a space
# (the services refuse a person's name of spaces alone, rightly).
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=16
).filter(lambda text: text.strip() != "")
LONG_TEXT = st.none() | st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "Zs"), include_characters="\n"
    ),
    max_size=40,
)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
# History events are never dated after today.
PAST_DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 12, 31))
COUNTRIES = st.none() | st.sampled_from(["CL", "JP", "ZA", "SE"])


class _Undo(Exception):  # noqa: N818 (not an error: it undoes one example's writes)
    pass


@st.composite
def dossiers(draw: st.DrawFn) -> Row:
    branch_keys = draw(st.lists(KEYS, max_size=5, unique=True))
    branches = [
        {
            "key": key,
            "name": draw(TEXT),
            "parent": draw(st.none() | st.sampled_from(branch_keys[:i])) if i else None,
            "country": draw(COUNTRIES),
            "founded_on": draw(st.none() | DATES),
        }
        for i, key in enumerate(branch_keys)
    ]
    body_keys = draw(st.lists(KEYS, min_size=1, max_size=4, unique=True))
    bodies: list[Row] = []
    for i, key in enumerate(body_keys):
        starts_on = draw(st.none() | DATES)
        length = draw(st.none() | st.integers(0, 400))
        bodies.append(
            {
                "key": key,
                "name": draw(TEXT),
                "kind": draw(st.sampled_from(["commission", "presidium", "other"])),
                "parent": draw(st.none() | st.sampled_from(body_keys[:i])) if i else None,
                "branch": draw(st.none() | st.sampled_from(branch_keys)) if branch_keys else None,
                "starts_on": starts_on,
                "ends_on": starts_on + dt.timedelta(days=length)
                if starts_on and length is not None
                else None,
                "visibility": draw(st.sampled_from(["public", "internal", None])),
                "purpose": draw(LONG_TEXT),
            }
        )
    history = [
        {
            "key": key,
            "kind": draw(st.sampled_from(["founded", "reorganized", "merged", "other"])),
            "occurred_on": draw(PAST_DATES),
            "title": draw(TEXT),
            "body": draw(st.none() | st.sampled_from(body_keys)),
            "description": draw(LONG_TEXT),
        }
        for key in draw(st.lists(KEYS, max_size=3, unique=True))
    ]
    observances = [
        {"key": key, "name": draw(TEXT), "month": draw(st.integers(1, 12)), "day": 28}
        for key in draw(st.lists(KEYS, max_size=2, unique=True))
    ]
    partner_keys = draw(st.lists(KEYS, max_size=2, unique=True))
    partners = [
        {"key": key, "name": draw(TEXT), "country": draw(COUNTRIES)} for key in partner_keys
    ]
    duty_keys = draw(st.lists(KEYS, min_size=1, max_size=2, unique=True))
    person_keys = draw(st.lists(KEYS, min_size=1, max_size=4, unique=True))
    persons: list[Row] = []
    for key in person_keys:
        languages = draw(
            st.lists(st.sampled_from(["en", "ja", "es", "no"]), min_size=1, unique=True)
        )
        shown = draw(st.sampled_from(languages))
        persons.append(
            {
                "key": key,
                "names": [
                    {"language": lang, "full_name": draw(TEXT), "display": lang == shown or None}
                    for lang in languages
                ],
                "represents": draw(st.none() | st.sampled_from(partner_keys))
                if partner_keys
                else None,
                "contacts": [
                    {"kind": "email", "value": f"{key}@example.org"},
                    *draw(st.lists(st.just({"kind": "phone", "value": "+56 9 1234"}), max_size=1)),
                ],
            }
        )
    memberships = [
        {"person": key, "branch": branch, "starts_on": draw(DATES)}
        for key in person_keys
        for branch in draw(st.lists(st.sampled_from([None, *branch_keys]), max_size=2, unique=True))
    ]
    appointments: list[Row] = []
    for person in draw(st.lists(st.sampled_from(person_keys), max_size=4)):
        body = draw(st.sampled_from(bodies))
        starts_on = body["starts_on"] or draw(DATES)
        areas = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(duty_keys),
                    st.sampled_from([None, *branch_keys]),
                    COUNTRIES,
                ),
                max_size=2,
                unique_by=lambda area: (area[0], area[1], area[2] if area[1] is None else None),
            )
        )
        appointments.append(
            {
                "key": f"a{len(appointments)}-{person}",
                "person": person,
                "body": body["key"],
                "position": "member",
                "starts_on": starts_on,
                "ends_on": body["ends_on"],
                "appointed_by": draw(st.none() | st.sampled_from(person_keys)),
                "responsibilities": [
                    {"duty": duty, "branch": branch, "country": None if branch else country}
                    for duty, branch, country in areas
                ],
            }
        )
    data: Row = {"format": "chapterhouse-dossier", "version": 1}
    if draw(st.booleans()):
        data["organization"] = {"name": draw(TEXT), "languages": ["en", "ja"]}
    data.update(
        {
            "branches": draw(st.permutations(branches)),
            "bodies": draw(st.permutations(bodies)),
            "history": draw(st.permutations(history)),
            "observances": observances,
            "partner_organizations": draw(st.permutations(partners)),
            "positions": [{"key": "member", "name": "Member"}],
            "duties": [{"key": key, "name": key} for key in duty_keys],
            "persons": draw(st.permutations(persons)),
            "memberships": draw(st.permutations(memberships)),
            "appointments": draw(st.permutations(appointments)),
        }
    )
    return data


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, database=None)
@given(data=dossiers())
def test_any_dossier_round_trips(data: Row) -> None:
    text = dump(data)
    try:
        with transaction.atomic():
            wipe_records()
            report = dossier_import(text=text, by=None)
            assert report.ok, [p.render("dossier.yaml") for p in report.problems]
            first = dossier_export_text()
            exported = load(first).data
            assert sorted(b["key"] for b in exported["branches"]) == sorted(
                b["key"] for b in data["branches"]
            )
            parents = {b["key"]: b.get("parent") for b in exported["branches"]}
            assert parents == {b["key"]: b["parent"] for b in data["branches"]}

            audit = AuditEntry.objects.count()
            again = dossier_import(text=text, by=None)
            assert again.ok
            assert all(c.created == c.updated == 0 for c in again.counts.values())
            assert AuditEntry.objects.count() == audit

            wipe_records()
            assert dossier_import(text=first, by=None).ok
            assert dossier_export_text() == first
            raise _Undo
    except _Undo:
        pass
