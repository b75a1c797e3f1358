"""Run as a script: check-then-write services raced by several threads at once, on the database
the environment configures. Each scenario prints its outcomes and what was stored; importable
(``race(name)``) for the test on PostgreSQL.

Every thread runs the same (or a conflicting) write at the same moment; the rule the service
checks must hold in what is stored, and each loser must be told why (a ValidationError), never
an IntegrityError or a broken transaction."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from typing import Any

THREADS = 8

Attempt = Callable[[int], object]


def _run(attempt: Attempt, threads: int = THREADS) -> dict[str, int]:
    from django.core.exceptions import ValidationError
    from django.db import connection

    barrier = threading.Barrier(threads)
    outcomes: list[str] = []

    def one(index: int) -> None:
        try:
            barrier.wait()
            attempt(index)
            outcomes.append("made")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # anything else is what the test reports
            outcomes.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    workers = [threading.Thread(target=one, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return dict(Counter(outcomes))


def memberships() -> dict[str, Any]:
    """20 identical POST /memberships at once: one membership, the others overlap it."""
    from chapterhouse.people.factories import make_person
    from chapterhouse.people.models import Membership
    from chapterhouse.people.services import membership_start

    person = make_person(key="race-member")
    outcomes = _run(
        lambda i: membership_start(person=person, starts_on=dt.date(2026, 1, 1), by=None)
    )
    return {"outcomes": outcomes, "stored": Membership.objects.filter(person=person).count()}


def membership_updates() -> dict[str, Any]:
    """Two memberships of one person, each changed at once so that they would overlap (either
    change alone is fine): one change is refused."""
    from chapterhouse.people.factories import make_person
    from chapterhouse.people.models import Membership
    from chapterhouse.people.services import membership_start, membership_update

    person = make_person(key="race-renewals")
    first = membership_start(
        person=person, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 12, 31), by=None
    )
    second = membership_start(
        person=person, starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 12, 31), by=None
    )
    changes: list[tuple[Membership, dict[str, Any]]] = [
        (first, {"ends_on": dt.date(2021, 6, 30)}),
        (second, {"starts_on": dt.date(2021, 1, 1)}),
    ]
    outcomes = _run(
        lambda i: membership_update(membership=changes[i][0], by=None, **changes[i][1]), 2
    )
    rows = list(Membership.objects.filter(person=person).order_by("starts_on"))
    overlapping = sum(1 for a, b in pairwise(rows) if a.ends_on is None or b.starts_on <= a.ends_on)
    return {"outcomes": outcomes, "stored": overlapping}


def keys() -> dict[str, Any]:
    """The same new key, made at once: one branch, the others told the key is taken."""
    from chapterhouse.organizations.models import Branch
    from chapterhouse.organizations.services import branch_create

    outcomes = _run(lambda i: branch_create(key="race-branch", name=f"Branch {i}", by=None))
    return {"outcomes": outcomes, "stored": Branch.objects.filter(key="race-branch").count()}


def person_edits() -> dict[str, Any]:
    """Edits of one person's names at once: each applies whole, one after another."""
    from chapterhouse.people.factories import make_person
    from chapterhouse.people.models import PersonName
    from chapterhouse.people.services import NameSpec, person_update

    person = make_person(key="race-person")
    outcomes = _run(
        lambda i: person_update(
            person=person,
            names=[
                NameSpec(language="en", full_name=f"Name {i}", is_display=True),
                NameSpec(language="ja", full_name=f"名前 {i}"),
            ],
            by=None,
        )
    )
    return {"outcomes": outcomes, "stored": PersonName.objects.filter(person=person).count()}


def accounts() -> dict[str, Any]:
    """Accounts for one person made at once: one account, the others told she has one."""
    from django.contrib.auth.models import User

    from chapterhouse.people.accounts import account_create
    from chapterhouse.people.factories import make_person

    person = make_person(key="race-account")
    outcomes = _run(
        lambda i: account_create(
            person=person, username=f"race-{i}", password="tide-and-harbor-42", by=None
        )
    )
    return {
        "outcomes": outcomes,
        "stored": User.objects.filter(username__startswith="race-").count(),
    }


def renamings() -> dict[str, Any]:
    """Renamings of the organization recorded at once: its name is the latest-dated one."""
    from chapterhouse.organizations.models import EventKind, Organization
    from chapterhouse.organizations.services import history_event_record, organization_set

    organization_set(name="Before", by=None)
    outcomes = _run(
        lambda i: history_event_record(
            key=f"race-renamed-{i}",
            kind=EventKind.RENAMED,
            occurred_on=dt.date(2001 + i, 1, 1),
            title=f"Renamed {i}",
            new_name=f"Name of {2001 + i}",
            by=None,
        )
    )
    return {"outcomes": outcomes, "stored": Organization.objects.get(pk=1).name}


def cycles() -> dict[str, Any]:
    """A under B and B under A at once: one is refused, the tree keeps no cycle."""
    from chapterhouse.organizations.factories import make_branch
    from chapterhouse.organizations.models import Branch
    from chapterhouse.organizations.services import branch_update

    a, b = make_branch(key="race-a"), make_branch(key="race-b")
    pairs = [(a, b), (b, a)]
    outcomes = _run(lambda i: branch_update(branch=pairs[i][0], parent=pairs[i][1], by=None), 2)
    parented = Branch.objects.filter(key__in=["race-a", "race-b"], parent__isnull=False).count()
    return {"outcomes": outcomes, "stored": parented}


SCENARIOS: dict[str, Callable[[], dict[str, Any]]] = {
    "memberships": memberships,
    "membership_updates": membership_updates,
    "keys": keys,
    "person_edits": person_edits,
    "accounts": accounts,
    "renamings": renamings,
    "cycles": cycles,
}

# What each scenario must come to: the outcomes, and what was stored.
EXPECTED: dict[str, dict[str, Any]] = {
    "memberships": {"outcomes": {"made": 1, "refused": THREADS - 1}, "stored": 1},
    "membership_updates": {"outcomes": {"made": 1, "refused": 1}, "stored": 0},
    "keys": {"outcomes": {"made": 1, "refused": THREADS - 1}, "stored": 1},
    "person_edits": {"outcomes": {"made": THREADS}, "stored": 2},
    "accounts": {"outcomes": {"made": 1, "refused": THREADS - 1}, "stored": 1},
    "renamings": {"outcomes": {"made": THREADS}, "stored": f"Name of {2000 + THREADS}"},
    "cycles": {"outcomes": {"made": 1, "refused": 1}, "stored": 1},
}


def race(name: str) -> dict[str, Any]:
    return SCENARIOS[name]()


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps({name: race(name) for name in sys.argv[1:]}))
