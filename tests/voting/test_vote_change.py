"""Changing one's vote until close (``Poll.allow_vote_change``): the last ballot counts, a change
names the key of the ballot it replaces, retries stay idempotent, and a secret poll's change
leaves nothing stored that links a voter to a ballot. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from chapterhouse.conferences import services as cs
from chapterhouse.core.models import AuditEntry
from chapterhouse.voting import errors as msg
from chapterhouse.voting import services as vs
from chapterhouse.voting.models import Ballot, Poll, VoterMark
from tests.conferences.conftest import World, build

pytestmark = pytest.mark.django_db
BASE = "/api/v1/conferences/third-congress"


@pytest.fixture
def w() -> World:
    world = build()
    cs.participants_check_in(
        conference=world.conference,
        persons=[world.persons[k] for k in ("okafor", "rivera", "tanaka", "lee")],
        by=world.sec,
    )
    return world


def key(n: int | str) -> str:
    return f"change-key-{n:>08}"


def _poll(w: World, **settings: Any) -> Poll:
    base: dict[str, Any] = {"title": "Adopt the report", "secrecy": "secret"}
    base.update(settings)
    poll = vs.poll_create(conference=w.conference, by=w.sec, **base)
    return vs.poll_open(poll=poll, by=w.sec)


def cast(w: World, poll: Poll, who: str, choice: object, k: str, **kw: Any) -> vs.Cast:
    return vs.ballot_cast(
        poll=poll,
        participant=w.participants[who],
        client_key=k,
        choice=choice,
        by=w.users[who],
        **kw,
    )


def _stored_choices(poll: Poll) -> list[Any]:
    return sorted(Ballot.objects.filter(poll=poll).values_list("choice", flat=True))


def test_off_by_default_and_a_second_ballot_is_refused_even_naming_the_first(w: World) -> None:
    poll = _poll(w)
    assert poll.allow_vote_change is False
    cast(w, poll, "lee", "yes", key(1))
    with pytest.raises(msg.AlreadyVotedError) as refused:
        cast(w, poll, "lee", "no", key(2), replaces=key(1))
    assert str(msg.ALREADY_VOTED) in str(refused.value)
    assert _stored_choices(poll) == ["yes"]


def test_set_at_create_and_update_in_draft_only(w: World) -> None:
    poll = vs.poll_create(conference=w.conference, title="T", allow_vote_change=True, by=w.sec)
    assert Poll.objects.get(pk=poll.pk).allow_vote_change is True
    vs.poll_update(poll=poll, allow_vote_change=False, by=w.sec)
    assert Poll.objects.get(pk=poll.pk).allow_vote_change is False
    vs.poll_open(poll=poll, by=w.sec)
    with pytest.raises(ValidationError):
        vs.poll_update(poll=poll, allow_vote_change=True, by=w.sec)
    assert Poll.objects.get(pk=poll.pk).allow_vote_change is False


@pytest.mark.parametrize("secrecy", ["secret", "named"])
def test_the_last_ballot_counts(w: World, secrecy: str) -> None:
    poll = _poll(w, secrecy=secrecy, allow_vote_change=True)
    first = cast(w, poll, "lee", "yes", key(1))
    cast(w, poll, "rivera", "no", key("r1"))
    second = cast(w, poll, "lee", "no", key(2), replaces=key(1))
    assert not second.repeated and second.receipts != first.receipts
    third = cast(w, poll, "lee", "abstain", key(3), replaces=key(2))
    assert VoterMark.objects.filter(poll=poll).count() == 2
    stored = set(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True))
    assert third.receipts[0][1] in stored
    assert first.receipts[0][1] not in stored and second.receipts[0][1] not in stored
    closed = vs.poll_close(poll=poll, by=w.sec)
    assert closed.result is not None
    assert closed.result["ballots"] == 2
    assert closed.result["no"] == "1.000" and closed.result["abstain"] == "1.000"
    assert closed.result["yes"] in ("0", "0.000")
    assert vs.verify(Poll.objects.get(pk=poll.pk))[0]
    # Closed: no more changes.
    with pytest.raises(ValidationError):
        cast(w, poll, "lee", "yes", key(4), replaces=key(3))


def test_retries_stay_idempotent_and_a_stale_submission_cannot_undo_a_change(w: World) -> None:
    poll = _poll(w, allow_vote_change=True)
    first = cast(w, poll, "lee", "yes", key(1))
    second = cast(w, poll, "lee", "no", key(2), replaces=key(1))
    # The change, sent again: the same receipts, nothing written.
    again = cast(w, poll, "lee", "no", key(2), replaces=key(1))
    assert again.repeated and again.receipts == second.receipts
    # The first submission arriving late (a retry from a flaky network) is refused.
    with pytest.raises(msg.AlreadyVotedError) as stale:
        cast(w, poll, "lee", "yes", key(1))
    assert str(msg.CHANGE_NEEDS_KEY) in str(stale.value)
    # Naming a key that is not the latest ballot's is refused too.
    with pytest.raises(msg.AlreadyVotedError) as wrong:
        cast(w, poll, "lee", "yes", key(3), replaces=key(1))
    assert str(msg.CHANGE_WRONG_KEY) in str(wrong.value)
    with pytest.raises(ValidationError):
        cast(w, poll, "lee", "yes", key(3), replaces="short")
    assert _stored_choices(poll) == ["no"]
    assert first.receipts[0][1] not in str(list(Ballot.objects.values_list("receipt", flat=True)))


def test_a_secret_change_stores_no_link_and_audits_no_choice(w: World) -> None:
    poll = _poll(w, allow_vote_change=True)
    for n, who in enumerate(("lee", "rivera", "okafor")):
        cast(w, poll, who, "yes", key(n))
    changed = cast(w, poll, "rivera", "no", key("r2"), replaces=key(1))
    receipt = changed.receipts[0][1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT voter_id, delegated FROM {Ballot._meta.db_table} WHERE poll_id = %s",  # noqa: S608  # the model's own table
            [poll.pk],
        )
        rows = cursor.fetchall()
    assert len(rows) == 3 and all(voter is None for voter, _ in rows)
    for mark in VoterMark.objects.filter(poll=poll):
        assert receipt not in (mark.sealed_receipt, mark.body_mac, mark.key_digest)
    entry = AuditEntry.objects.filter(action="ballot.changed").get()
    assert "no" not in str(entry.after) and receipt not in str(entry.after)
    assert entry.after == {
        "cast_by": w.participants["rivera"].pk,
        "votes": [w.participants["rivera"].pk],
    }


def test_a_delegate_changes_every_vote_carried_at_once(w: World) -> None:
    tanaka, lee = w.participants["tanaka"], w.participants["lee"]
    vs.delegation_set(delegator=lee, delegate=tanaka, by=w.sec)
    w.conference.participants.filter(pk=lee.pk).update(checked_in_at=None)
    poll = _poll(w, allow_vote_change=True, allow_delegation=True)
    cast(w, poll, "tanaka", None, key(1), split={tanaka.pk: "yes", lee.pk: "yes"})
    with pytest.raises(ValidationError):  # every vote carried, or none
        cast(w, poll, "tanaka", None, key(2), split={tanaka.pk: "no"}, replaces=key(1))
    done = cast(
        w, poll, "tanaka", None, key(2), split={tanaka.pk: "no", lee.pk: "yes"}, replaces=key(1)
    )
    assert {v for v, _ in done.receipts} == {tanaka.pk, lee.pk}
    assert _stored_choices(poll) == ["no", "yes"]
    assert VoterMark.objects.filter(poll=poll).count() == 2
    result = vs.poll_close(poll=poll, by=w.sec).result
    assert result is not None and (result["yes"], result["no"]) == ("1.000", "2.000")


def _client(w: World, who: str) -> Client:
    client = Client()
    client.force_login(w.sec if who == "sec" else w.users[who])
    return client


def test_over_http_the_setting_and_a_change(w: World) -> None:
    chair = _client(w, "sec")
    made = chair.post(
        f"{BASE}/polls",
        {"title": "Adopt the report", "allow_vote_change": True},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["allow_vote_change"] is True
    poll = made.json()["id"]
    patched = chair.patch(
        f"{BASE}/polls/{poll}", {"allow_vote_change": False}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["allow_vote_change"] is False
    chair.patch(
        f"{BASE}/polls/{poll}", {"allow_vote_change": True}, content_type="application/json"
    )
    assert chair.post(f"{BASE}/polls/{poll}/open").status_code == 200
    lee = _client(w, "lee")
    path = f"{BASE}/polls/{poll}/ballots"
    first = lee.post(path, {"choice": "yes", "client_key": key(1)}, content_type="application/json")
    assert first.status_code == 201
    refused = lee.post(
        path, {"choice": "no", "client_key": key(2)}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert str(msg.CHANGE_NEEDS_KEY) in refused.content.decode()
    changed = lee.post(
        path,
        {"choice": "no", "client_key": key(2), "replaces": key(1)},
        content_type="application/json",
    )
    assert changed.status_code == 201, changed.content
    assert changed.json()["receipts"] != first.json()["receipts"]
    retried = lee.post(
        path,
        {"choice": "no", "client_key": key(2), "replaces": key(1)},
        content_type="application/json",
    )
    assert retried.status_code == 200 and retried.json()["repeated"] is True
    assert chair.get(f"{BASE}/polls/{poll}").json()["counts"]["no"] == "1.000"
    assert Ballot.objects.filter(poll_id=poll).count() == 1
