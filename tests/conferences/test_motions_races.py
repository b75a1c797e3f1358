"""Motion races on PostgreSQL: eight admissions of one motion at once, eight supporters and
an admission at once, eight submissions at once (each its own number)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection

from chapterhouse.conferences import motion_services as ms
from chapterhouse.conferences.models import Motion, MotionSupporter
from chapterhouse.core.models import JournalEntry
from tests.conferences.conftest import build
from tests.conferences.test_races import THREADS, _race

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("races show on PostgreSQL (set DATABASE_URL)")


def _motion(w: object) -> Motion:
    return ms.motion_submit(
        conference=w.conference,  # type: ignore[attr-defined]  # the World
        title="T",
        text="Text of the motion.",
        submitter_branch=w.chile,  # type: ignore[attr-defined]  # the World
        by=w.sec,  # type: ignore[attr-defined]  # the World
    )


def test_two_admissions_at_once_admit_once() -> None:
    w = build()
    motion = _motion(w)
    outcomes = _race(lambda _i: ms.motion_admit(motion=motion, by=w.sec))
    assert outcomes == Counter({"made": 1, "refused": THREADS - 1})
    assert JournalEntry.objects.filter(kind="motion.admitted").count() == 1


def test_an_unsupport_racing_an_admission_never_admits_under_the_minimum() -> None:
    w = build()
    motion = _motion(w)
    ms.motion_workflow_update(conference=w.conference, min_supporters=1, by=w.sec)
    ms.motion_support(motion=motion, person=w.persons["lee"], by=w.sec)

    def attempt(index: int) -> object:
        if index == 0:
            return ms.motion_unsupport(motion=motion, person=w.persons["lee"], by=w.sec)
        return ms.motion_admit(motion=motion, by=w.sec)

    _race(attempt)
    motion.refresh_from_db()
    supporters = MotionSupporter.objects.filter(motion=motion).count()
    # Either the admission came first (and support then closed), or the support went first.
    assert (motion.state, supporters) in {("admitted", 1), ("submitted", 0)}


def test_submissions_at_once_take_different_numbers() -> None:
    w = build()
    outcomes = _race(lambda _i: _motion(w))
    assert outcomes == Counter({"made": THREADS})
    numbers = sorted(Motion.objects.values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
