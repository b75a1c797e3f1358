"""Ballots under concurrency and faults (on PostgreSQL, where races show), and the order of a
secret poll's stored ballots.

- 50 threads submit one voter's ballot at once: one ballot, one mark; the same key gets the same
  receipt, other keys are told "already voted";
- voters vote while several threads close the poll: every close returns the same result, every
  acknowledged ballot is counted, every refused one is not stored;
- a cast that fails after its mark was written leaves nothing behind;
- after close, the stored order of a secret poll's ballots has nothing to do with the order of
  voting (rank correlation well under 0.3).

The thread races skip on SQLite (its in-memory test database is one connection)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import Participant
from chapterhouse.voting import errors as msg
from chapterhouse.voting import services as vs
from chapterhouse.voting.models import Ballot, Poll, VoterMark
from tests.conferences.conftest import World, build, make_person

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]


def _threads(count: int, attempt: Callable[[int], object]) -> tuple[Counter[str], list[Any]]:
    barrier = threading.Barrier(count)
    outcomes: Counter[str] = Counter()
    values: list[Any] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        value: Any = None
        try:
            barrier.wait()
            value = attempt(index)
            outcome = "made"
        except msg.AlreadyVotedError:
            outcome = "already voted"
        except ValidationError:
            outcome = "refused"
        except Exception as error:  # anything else is what the test reports
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1
            values.append((index, outcome, value))

    workers = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return outcomes, values


@pytest.fixture(autouse=True)
def patient_pool() -> Iterator[None]:
    """50 threads share the process's pool of a few connections, as a server's requests do;
    each waits its turn (a server would answer 503 after DB_POOL_TIMEOUT seconds instead, which
    on a busy test machine is not what these tests are about)."""
    if connection.vendor != "postgresql":
        yield
        return
    options = connection.settings_dict["OPTIONS"]["pool"]
    before = options["timeout"]
    connection.close_pool()  # type: ignore[attr-defined]  # PostgreSQL's wrapper has it
    options["timeout"] = 300
    try:
        yield
    finally:
        connection.close_pool()  # type: ignore[attr-defined]  # PostgreSQL's wrapper has it
        options["timeout"] = before


def _postgres_only() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("races show on PostgreSQL (set DATABASE_URL)")


def _voters(w: World, count: int) -> list[Participant]:
    persons = [make_person(f"voter-{n:03}", f"Voter {n}") for n in range(count)]
    made = cs.participants_add(
        conference=w.conference,
        participants=[
            cs.ParticipantSpec(person=p, roles=["delegate"], voting_right=True) for p in persons
        ],
        by=w.sec,
    )
    return sorted(made, key=lambda p: p.pk)


def _poll(w: World, **settings: Any) -> Poll:
    poll = vs.poll_create(
        conference=w.conference,
        title="Storm",
        secrecy="secret",
        require_presence=False,
        by=w.sec,
        **settings,
    )
    return vs.poll_open(poll=poll, by=w.sec)


def test_fifty_threads_casting_one_voters_ballot_count_once() -> None:
    _postgres_only()
    w = build()
    poll = _poll(w)
    lee = w.participants["lee"]
    outcomes, values = _threads(
        50,
        lambda _i: vs.ballot_cast(
            poll=poll, participant=lee, client_key="the-same-key-0001", choice="yes", by=None
        ),
    )
    assert outcomes == Counter({"made": 50})
    receipts = {v.receipts for _, _, v in values}
    assert len(receipts) == 1
    assert sum(1 for _, _, v in values if not v.repeated) == 1
    assert VoterMark.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1

    rivera = w.participants["rivera"]
    outcomes, _ = _threads(
        50,
        lambda i: vs.ballot_cast(
            poll=poll, participant=rivera, client_key=f"key-of-thread-{i:04}", choice="no", by=None
        ),
    )
    assert outcomes == Counter({"made": 1, "already voted": 49})
    assert Ballot.objects.filter(poll=poll).count() == 2


def test_voting_while_closing_loses_nothing_and_counts_nothing_twice() -> None:
    _postgres_only()
    w = build()
    # 45 connections at once: PostgreSQL's default limit is 100, shared with whatever else runs.
    voters = _voters(w, 40)
    poll = _poll(w)
    closers = 5

    def attempt(index: int) -> object:
        if index < closers:
            return vs.poll_close(poll=poll, by=w.sec).result
        voter = voters[index - closers]
        return vs.ballot_cast(
            poll=poll, participant=voter, client_key=f"storm-key-{index:06}", choice="yes", by=None
        )

    outcomes, values = _threads(closers + len(voters), attempt)
    assert set(outcomes) <= {"made", "refused"}, outcomes
    results = [v for i, o, v in values if i < closers]
    assert all(o == "made" for i, o, _ in values if i < closers), outcomes
    assert all(r == results[0] for r in results)
    acknowledged = [v for i, o, v in values if i >= closers and o == "made"]
    refused = [i for i, o, _ in values if i >= closers and o == "refused"]
    assert len(acknowledged) + len(refused) == len(voters)
    stored = set(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True))
    assert stored == {v.receipts[0][1] for v in acknowledged}, outcomes
    assert VoterMark.objects.filter(poll=poll).count() == len(acknowledged)
    poll.refresh_from_db()
    assert poll.result == results[0]
    assert poll.result is not None and poll.result["yes"] == f"{len(acknowledged)}.000"
    assert poll.result["ballots"] == len(acknowledged)


def test_a_cast_that_fails_midway_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    w = build()
    poll = _poll(w)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the process died here")

    monkeypatch.setattr(Ballot.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        vs.ballot_cast(
            poll=poll,
            participant=w.participants["lee"],
            client_key="half-written-key-1",
            choice="yes",
            by=None,
        )
    monkeypatch.undo()
    assert not VoterMark.objects.filter(poll=poll).exists()
    assert not Ballot.objects.filter(poll=poll).exists()
    # The poll goes on: the same submission, sent again, is recorded once.
    done = vs.ballot_cast(
        poll=poll,
        participant=w.participants["lee"],
        client_key="half-written-key-1",
        choice="yes",
        by=None,
    )
    assert not done.repeated and Ballot.objects.filter(poll=poll).count() == 1


def _spearman(a: list[int], b: list[int]) -> float:
    n = len(a)
    d2 = sum((x - y) ** 2 for x, y in zip(a, b, strict=True))
    return 1 - 6 * d2 / (n * (n * n - 1))


def test_a_secret_polls_stored_order_is_unrelated_to_the_order_of_voting() -> None:
    w = build()
    voters = _voters(w, 200)
    poll = _poll(w, method="single_choice", options=["A", "B"])
    other = _poll(w)
    order: list[str] = []
    for n, voter in enumerate(voters):
        cast = vs.ballot_cast(
            poll=poll,
            participant=voter,
            client_key=f"order-key-{n:06}",
            choice="A" if n % 2 else "B",
            by=None,
        )
        order.append(cast.receipts[0][1])
        vs.ballot_cast(
            poll=other, participant=voter, client_key=f"other-key-{n:06}", choice="yes", by=None
        )
    vs.poll_close(poll=poll, by=w.sec)
    vs.poll_close(poll=other, by=w.sec)
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        # No ORDER BY: the rows as the table stores them.
        cursor.execute(f"SELECT receipt FROM {table} WHERE poll_id = %s", [poll.pk])  # noqa: S608  # the model's own table name
        stored = [row[0] for row in cursor.fetchall()]
    assert sorted(stored) == sorted(order)
    rank = {receipt: i for i, receipt in enumerate(stored)}
    rho = _spearman(list(range(len(order))), [rank[r] for r in order])
    assert abs(rho) < 0.3, rho
    by_key = list(Ballot.objects.filter(poll=poll).order_by("id").values_list("receipt", flat=True))
    rank = {receipt: i for i, receipt in enumerate(by_key)}
    assert abs(_spearman(list(range(len(order))), [rank[r] for r in order])) < 0.3
    # The result is the same whatever the order.
    assert vs.verify(Poll.objects.get(pk=poll.pk))[0]


_KILLED_CAST = """
import os, signal, sys
import django
django.setup()
from chapterhouse.conferences.models import Participant
from chapterhouse.voting import services as vs
from chapterhouse.voting.models import Ballot, Poll

original = Ballot.objects.bulk_create

def insert_then_die(*args, **kwargs):
    original(*args, **kwargs)
    sys.stdout.write("inserted\\n")
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)

Ballot.objects.bulk_create = insert_then_die
vs.ballot_cast(
    poll=Poll.objects.get(pk=int(sys.argv[1])),
    participant=Participant.objects.get(pk=int(sys.argv[2])),
    client_key="killed-process-key-1",
    choice="yes",
    by=None,
)
"""


def test_a_process_killed_mid_cast_leaves_nothing_and_the_poll_goes_on() -> None:
    """A worker SIGKILLed after inserting the mark and the ballot but before commit: nothing of
    that cast is stored, the poll is still open, and the same submission then counts once."""
    import os
    import signal
    import subprocess
    import sys

    _postgres_only()
    w = build()
    poll = _poll(w)
    lee = w.participants["lee"]
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "CHAPTERHOUSE_DEBUG": "true"}
    env["DJANGO_SETTINGS_MODULE"] = "chapterhouse.settings"
    done = subprocess.run(  # noqa: S603  # our own interpreter and script, no shell
        [sys.executable, "-c", _KILLED_CAST, str(poll.pk), str(lee.pk)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stdout.strip() == "inserted"
    assert not VoterMark.objects.filter(poll=poll).exists()
    assert not Ballot.objects.filter(poll=poll).exists()
    poll.refresh_from_db()
    assert poll.state == "open"
    again = vs.ballot_cast(
        poll=poll, participant=lee, client_key="killed-process-key-1", choice="yes", by=None
    )
    assert not again.repeated
    assert Ballot.objects.filter(poll=poll).count() == 1
