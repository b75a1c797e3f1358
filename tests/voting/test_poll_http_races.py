"""Ballots raced through the real HTTP path (uvicorn serving the site in this process, on
PostgreSQL, where races show), as the issue's concurrency tests ask:

- the same voter from 20 threads at once: with one submission key, one ballot and the same
  receipt for all; with 20 keys, one ballot and 19 answers "already voted" (409);
- 200 voters voting while 10 threads close the poll: every close answers the same result, every
  acknowledged ballot (201) is stored and counted, every refused one (422: the poll is closed)
  is not, and nothing else is answered.

The voters, their sessions and the poll are made as ``bench/vote_storm.py`` makes them."""

from __future__ import annotations

import http.client
import importlib.util
import json
import secrets
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.db import connection

from chapterhouse.voting.models import Ballot, Poll, VoterMark
from tests.live.helpers import live_server
from tests.voting.test_poll_races import patient_pool  # noqa: F401 (autouse: requests wait their turn)

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CSRF = "c" * 32


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vote_storm", ROOT / "bench/vote_storm.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def port() -> Iterator[int]:
    if connection.vendor != "postgresql":
        pytest.skip("the server's threads write while others read: run with DATABASE_URL")
    with live_server() as found:
        yield found


def _post(port: int, path: str, session: str, body: dict[str, Any]) -> tuple[int, Any]:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        client.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Cookie": f"sessionid={session}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
            },
        )
        answer = client.getresponse()
        data = answer.read()
        return answer.status, json.loads(data) if data.startswith((b"{", b"[")) else data
    finally:
        client.close()


def _at_once(count: int, attempt: Callable[[int], tuple[int, Any]]) -> list[tuple[int, Any]]:
    barrier = threading.Barrier(count)
    answers: list[tuple[int, Any]] = [(0, None)] * count

    def one(index: int) -> None:
        barrier.wait()
        try:
            answers[index] = attempt(index)
        except Exception as error:  # reported by the test's assertions
            answers[index] = (-1, repr(error))

    workers = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=180)
    return answers


def test_the_same_voter_from_twenty_threads_votes_once(port: int) -> None:
    world = _bench().setup(2, uuid.uuid4().hex[:8])
    ballots = f"/api/v1/conferences/{world['conference']}/polls/{world['poll']}/ballots"
    first, second = world["voters"]

    once = {"choice": "yes", "client_key": secrets.token_hex(12)}
    same = _at_once(20, lambda _i: _post(port, ballots, first, once))
    # The first is recorded (201); the others repeat it (200) with the same receipt.
    assert Counter(status for status, _ in same) == Counter({201: 1, 200: 19}), same
    assert len({json.dumps(body["receipts"]) for _, body in same}) == 1
    assert sum(not body["repeated"] for _, body in same) == 1

    other = _at_once(
        20,
        lambda _i: _post(
            port, ballots, second, {"choice": "no", "client_key": secrets.token_hex(12)}
        ),
    )
    assert Counter(status for status, _ in other) == Counter({201: 1, 409: 19}), other
    assert VoterMark.objects.filter(poll_id=world["poll"]).count() == 2
    assert Ballot.objects.filter(poll_id=world["poll"]).count() == 2


def test_two_hundred_voters_voting_while_ten_threads_close(port: int) -> None:
    world = _bench().setup(200, uuid.uuid4().hex[:8])
    base = f"/api/v1/conferences/{world['conference']}/polls/{world['poll']}"
    voters: list[str] = world["voters"]
    closers = 10

    def attempt(index: int) -> tuple[int, Any]:
        if index < closers:
            return _post(port, f"{base}/close", world["chair"], {})
        body = {"choice": "yes", "client_key": secrets.token_hex(12)}
        return _post(port, f"{base}/ballots", voters[index - closers], body)

    answers = _at_once(closers + len(voters), attempt)
    closes, casts = answers[:closers], answers[closers:]
    assert {status for status, _ in closes} == {200}, closes
    results = [body["result"] for _, body in closes]
    assert all(result == results[0] for result in results)
    assert {status for status, _ in casts} <= {201, 422}, Counter(s for s, _ in casts)
    acknowledged = {body["receipts"][0]["receipt"] for status, body in casts if status == 201}
    refused = [body for status, body in casts if status == 422]
    assert all(body["detail"][0]["loc"] == ["body", "poll"] for body in refused), refused[:1]
    assert len(acknowledged) + len(refused) == len(voters)
    stored = set(Ballot.objects.filter(poll_id=world["poll"]).values_list("receipt", flat=True))
    assert stored == acknowledged
    assert VoterMark.objects.filter(poll_id=world["poll"]).count() == len(acknowledged)
    poll = Poll.objects.get(pk=world["poll"])
    assert poll.result == results[0]
    assert poll.result is not None and poll.result["ballots"] == len(acknowledged)
