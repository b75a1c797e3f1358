"""Polls through their services: settings, entitlement frozen at open, ballots, delegation,
idempotent retries, secrecy of the stored rows, paper counts, close and verify-poll."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from chapterhouse.conferences import services as cs
from chapterhouse.conferences.agenda_approval import agenda_approved
from chapterhouse.core.models import AuditEntry, JournalEntry
from chapterhouse.voting import errors as msg
from chapterhouse.voting import services as vs
from chapterhouse.voting.models import Ballot, Entitlement, Poll, VoterMark
from tests.conferences.conftest import World, build

pytestmark = pytest.mark.django_db


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
    return f"client-key-{n:>08}"


def motion(w: World, **settings: Any) -> Poll:
    base: dict[str, Any] = {"title": "Adopt the report", "subject": "motion", "secrecy": "secret"}
    base.update(settings)
    return vs.poll_create(conference=w.conference, by=w.sec, **base)


def cast(w: World, poll: Poll, who: str, choice: object = None, **kw: Any) -> vs.Cast:
    return vs.ballot_cast(
        poll=poll,
        participant=w.participants[who],
        client_key=kw.pop("client_key", key(who)),
        choice=choice,
        by=w.users[who],
        **kw,
    )


def test_a_draft_changes_an_open_poll_does_not(w: World) -> None:
    poll = motion(w)
    poll = vs.poll_update(poll=poll, title="Adopt the annual report", by=w.sec)
    assert poll.title == "Adopt the annual report"
    vs.poll_open(poll=poll, by=w.sec)
    with pytest.raises(ValidationError):
        vs.poll_update(poll=poll, title="Changed", by=w.sec)
    assert Poll.objects.get(pk=poll.pk).title == "Adopt the annual report"


@pytest.mark.parametrize(
    "settings",
    [
        {"title": ""},
        {"title": "x\x00y"},
        {"title": "x" * 301},
        {"method": "single_choice", "options": []},
        {"method": "single_choice", "options": ["A", "A"]},
        {"method": "multiple_choice", "options": ["A", "B"], "min_choices": 3},
        {"method": "nonsense"},
        {"thresholds": [{"numerator": 3, "denominator": 2, "comparison": "at_least"}]},
        {"subject": "agenda_approval", "method": "single_choice", "options": ["A"]},
        {"method": "schulze", "options": ["A", "B"], "paper_allowed": True},
        {"method": "single_choice", "options": ["A", "abstain"]},
        {"thresholds": [{"numerator": 1}]},
        {"thresholds": ["half"]},
        {"thresholds": [{"numerator": 1, "denominator": 2, "comparison": "more_than"}] * 11},
        {"quorum": {"of": "fixed", "number": "lots"}},
        {"quorum": {"of": "fixed", "number": "1E+999999"}},
        {"quorum": {"of": "nobody"}},
        {"quorum": ["of"]},
        {"quorum": {"of": "fixed", "number": 10.5}},
        {"thresholds": [{"numerator": 0.5, "denominator": 1, "comparison": "at_least"}]},
        {"thresholds": [{"numerator": True, "denominator": 2, "comparison": "more_than"}]},
    ],
)
def test_bad_settings_are_refused_and_nothing_is_written(
    w: World, settings: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        motion(w, **settings)
    assert Poll.objects.count() == 0


def test_only_the_chair_creates(w: World) -> None:
    with pytest.raises(PermissionDenied):
        vs.poll_create(conference=w.conference, title="x", secrecy="named", by=w.users["lee"])


def test_entitlement_is_frozen_at_open(w: World) -> None:
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    frozen = sorted(poll.entitlements.values_list("participant__person__key", "weight"))
    cs.participant_update(participant=w.participants["lee"], weight=Decimal(5), by=w.sec)
    cs.participant_update(participant=w.participants["rivera"], voting_right=False, by=w.sec)
    assert sorted(poll.entitlements.values_list("participant__person__key", "weight")) == frozen
    assert cast(w, poll, "rivera", "yes").receipts
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.entitled_weight == Decimal(5) and poll.present_weight == Decimal(5)


def test_absent_participants_are_not_entitled_when_presence_is_required() -> None:
    world = build()
    world.conference.participants.filter(person__key="lee").update(checked_in_at=None)
    cs.participants_check_in(
        conference=world.conference, persons=[world.persons["okafor"]], by=world.sec
    )
    poll = vs.poll_create(conference=world.conference, title="x", secrecy="named", by=world.sec)
    vs.poll_open(poll=poll, by=world.sec)
    assert list(poll.entitlements.values_list("participant__person__key", flat=True)) == ["okafor"]
    with pytest.raises(PermissionDenied):
        vs.ballot_cast(
            poll=poll,
            participant=world.participants["lee"],
            client_key=key("lee"),
            choice="yes",
            by=world.users["lee"],
        )


def test_a_second_ballot_is_refused_and_a_retry_returns_the_same_receipt(w: World) -> None:
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    first = cast(w, poll, "lee", "yes")
    again = cast(w, poll, "lee", "yes")
    assert again.repeated and again.receipts == first.receipts
    with pytest.raises(msg.AlreadyVotedError) as other_body:
        cast(w, poll, "lee", "no")
    assert str(msg.KEY_REUSED) in str(other_body.value)
    with pytest.raises(msg.AlreadyVotedError):
        cast(w, poll, "lee", "no", client_key=key("another"))
    assert VoterMark.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_someone_else_cannot_cast_a_participants_vote(w: World) -> None:
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    for by in (w.users["rivera"], w.sec):
        with pytest.raises(PermissionDenied):
            vs.ballot_cast(
                poll=poll, participant=w.participants["lee"], client_key=key(1), choice="yes", by=by
            )
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("client_key", ["short", "x" * 129, "with space and more", "ключ" * 5])
def test_a_bad_client_key_is_refused(w: World, client_key: str) -> None:
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    with pytest.raises(ValidationError):
        cast(w, poll, "lee", "yes", client_key=client_key)
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("choice", [None, "maybe", 1, ["yes"], "YES", "yes\x00"])
def test_a_bad_choice_is_refused_and_nothing_is_written(w: World, choice: object) -> None:
    poll = motion(w, allow_abstain=False, method="yes_no")
    vs.poll_open(poll=poll, by=w.sec)
    with pytest.raises(ValidationError):
        cast(w, poll, "lee", choice)
    assert not VoterMark.objects.exists() and not Ballot.objects.exists()


def test_the_database_allows_one_mark_per_voter(w: World) -> None:
    for secrecy in ("named", "secret"):
        poll = motion(w, secrecy=secrecy)
        vs.poll_open(poll=poll, by=w.sec)
        lee = w.participants["lee"]
        VoterMark.objects.create(
            poll=poll, voter=lee, cast_by=lee, key_digest="a", body_mac="b", sealed_receipt="c"
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            VoterMark.objects.create(
                poll=poll, voter=lee, cast_by=lee, key_digest="d", body_mac="e", sealed_receipt="f"
            )


def test_a_ballot_after_close_is_refused(w: World) -> None:
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "lee", "yes")
    vs.poll_close(poll=poll, by=w.sec)
    with pytest.raises(ValidationError):
        cast(w, poll, "rivera", "yes")
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_a_quorum_and_two_thresholds_are_stored_and_applied(w: World) -> None:
    poll = motion(
        w,
        thresholds=[
            {"numerator": 1, "denominator": 2, "comparison": "more_than", "base": "present"},
            {"numerator": 2, "denominator": 3, "comparison": "at_least", "base": "cast"},
        ],
        quorum={"of": "entitled", "numerator": 1, "denominator": 2, "comparison": "more_than"},
    )
    vs.poll_open(poll=poll, by=w.sec)  # present 5 of entitled 5
    cast(w, poll, "lee", "yes")
    cast(w, poll, "rivera", "yes")
    cast(w, poll, "okafor", "no")
    result = vs.poll_close(poll=poll, by=w.sec).result
    assert result is not None
    # 2 yes of 3 cast passes two thirds; 2 of 5 present fails a majority of those present.
    assert [t["passed"] for t in result["thresholds"]] == [False, True]
    assert result["quorum"] == {"present": "5.000", "met": True}
    assert result["status"] == "rejected"


def test_close_counts_with_weights_and_is_idempotent(w: World) -> None:
    poll = motion(w, thresholds=[{"numerator": 2, "denominator": 3, "comparison": "at_least"}])
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "tanaka", "yes")  # weight 2
    cast(w, poll, "lee", "no")
    cast(w, poll, "rivera", "abstain")
    closed = vs.poll_close(poll=poll, by=w.sec)
    result = closed.result
    assert result is not None
    assert (result["yes"], result["no"], result["abstain"]) == ("2.000", "1.000", "1.000")
    assert result["status"] == "adopted"  # 2 of 3 cast: at least two thirds
    again = vs.poll_close(poll=poll, by=w.sec)
    assert again.result == result and again.closed_at == closed.closed_at
    assert AuditEntry.objects.filter(action="poll.closed").count() == 1


def test_a_tie_is_reported_never_broken(w: World) -> None:
    poll = motion(w, method="single_choice", options=["Ana", "Bo"], subject="election")
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "rivera", "Ana")
    cast(w, poll, "lee", "Bo")
    result = vs.poll_close(poll=poll, by=w.sec).result
    assert result is not None
    assert result["status"] == "tied" and result["tied"] == ["Ana", "Bo"]
    assert result["elected"] == []


def test_the_live_journal_carries_counts_never_choices(w: World) -> None:
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "lee", "yes")
    cast(w, poll, "rivera", "no")
    voted = JournalEntry.objects.filter(scope=w.conference.scope, kind="poll.voted")
    assert [e.payload["cast"] for e in voted.order_by("id")] == [1, 2]
    for entry in voted:
        text = str(entry.payload)
        assert "yes" not in text and "no'" not in text and "lee" not in text
    for row in AuditEntry.objects.filter(action="ballot.cast"):
        assert "yes" not in str(row.after) and "'no'" not in str(row.after)


def test_a_secret_ballot_has_no_link_to_its_voter(w: World) -> None:
    columns = {f.column for f in Ballot._meta.concrete_fields}
    assert "voter_id" in columns  # named polls only; stays empty in a secret poll
    assert not any(
        f.get_internal_type() in ("DateTimeField", "DateField", "AutoField", "BigAutoField")
        for f in Ballot._meta.concrete_fields
    )
    assert Ballot._meta.pk is not None and Ballot._meta.pk.get_internal_type() == "UUIDField"
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    receipts = [cast(w, poll, who, "yes").receipts[0][1] for who in ("lee", "rivera", "okafor")]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {Ballot._meta.db_table} WHERE poll_id = %s",  # noqa: S608  # the table name is the model's own
            [poll.pk],
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    assert len(rows) == 3
    for row in rows:
        assert row["voter_id"] is None and row["delegated"] in (False, 0)
    marks = VoterMark.objects.filter(poll=poll)
    for mark in marks:
        # The mark holds its receipt only sealed under the client's key, which is not stored.
        assert all(r not in (mark.sealed_receipt, mark.body_mac, mark.key_digest) for r in receipts)
    assert all(len(r) == 16 for r in receipts) and len(set(receipts)) == 3


def test_named_ballots_record_the_voter_and_delegation(w: World) -> None:
    vs.delegation_set(delegator=w.participants["lee"], delegate=w.participants["tanaka"], by=w.sec)
    w.conference.participants.filter(person__key="lee").update(checked_in_at=None)
    poll = motion(w, secrecy="named", allow_delegation=True)
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "tanaka", "yes")
    rows = set(Ballot.objects.filter(poll=poll).values_list("voter__person__key", "delegated"))
    assert rows == {("tanaka", False), ("lee", True)}


def test_a_delegate_casts_every_vote_carried_in_one_action_split_or_same(w: World) -> None:
    tanaka, lee = w.participants["tanaka"], w.participants["lee"]
    vs.delegation_set(delegator=lee, delegate=tanaka, by=w.users["lee"])
    w.conference.participants.filter(pk=lee.pk).update(checked_in_at=None)
    poll = motion(w, allow_delegation=True)
    vs.poll_open(poll=poll, by=w.sec)
    carried = sorted(poll.entitlements.filter(participant=tanaka).values_list("weight", flat=True))
    assert carried == [Decimal(1), Decimal(2)]
    with pytest.raises(ValidationError):
        cast(w, poll, "tanaka", split={tanaka.pk: "yes"})  # one vote left out
    done = cast(w, poll, "tanaka", split={tanaka.pk: "yes", lee.pk: "no"})
    assert {voter for voter, _ in done.receipts} == {tanaka.pk, lee.pk}
    assert set(VoterMark.objects.values_list("voter_id", "cast_by_id")) == {
        (tanaka.pk, tanaka.pk),
        (lee.pk, tanaka.pk),
    }
    result = vs.poll_close(poll=poll, by=w.sec).result
    assert result is not None and (result["yes"], result["no"]) == ("2.000", "1.000")


def test_forbid_delegator_and_no_chains(w: World) -> None:
    okafor, rivera, lee = (w.participants[k] for k in ("okafor", "rivera", "lee"))
    vs.delegation_set(delegator=lee, delegate=rivera, by=w.sec)
    with pytest.raises(ValidationError):
        vs.delegation_set(delegator=rivera, delegate=okafor, by=w.sec)  # a delegate delegating
    with pytest.raises(ValidationError):
        vs.delegation_set(delegator=okafor, delegate=lee, by=w.sec)  # to a delegator
    with pytest.raises(ValidationError):
        vs.delegation_set(delegator=lee, delegate=okafor, by=w.sec)  # twice
    with pytest.raises(PermissionDenied):
        vs.delegation_set(delegator=okafor, delegate=rivera, by=w.users["tanaka"])
    poll = motion(w, allow_delegation=True, forbid_delegator=True)
    vs.poll_open(poll=poll, by=w.sec)
    with pytest.raises(PermissionDenied) as refused:
        cast(w, poll, "lee", "yes")  # present, but forbidden to vote in person
    assert str(msg.DELEGATED_AWAY) in str(refused.value)
    assert len(cast(w, poll, "rivera", "yes").receipts) == 2
    # Without the setting a present delegator votes in person and the delegate carries nothing.
    other = motion(w, allow_delegation=True)
    vs.poll_open(poll=other, by=w.sec)
    assert len(cast(w, other, "lee", "yes").receipts) == 1
    assert len(cast(w, other, "rivera", "yes").receipts) == 1


def test_paper_counts_must_add_up_and_show_beside_electronic(w: World) -> None:
    poll = motion(w, paper_allowed=True, require_presence=False)
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "lee", "yes")
    with pytest.raises(ValidationError):
        vs.poll_close(poll=poll, by=w.sec)  # the paper count is missing
    bad: list[dict[str, Any]] = [
        {"counts": {"yes": 1, "no": 1}, "handed_in": 3},  # does not add up
        {"counts": {"yes": -1, "no": 1}, "handed_in": 0},
        {"counts": {"yes": "1.5", "no": 0}, "handed_in": "1.5"},
        {"counts": {"maybe": 1}, "handed_in": 1},
        {"counts": {"yes": 4, "no": 1}, "handed_in": 5},  # more than the present weight allows
    ]
    for entry in bad:
        with pytest.raises(ValidationError):
            vs.paper_count_enter(poll=poll, by=w.sec, **entry)
    vs.paper_count_enter(poll=poll, counts={"yes": 1, "no": 1}, invalid=1, handed_in=3, by=w.sec)
    result = vs.poll_close(poll=poll, by=w.sec).result
    assert result is not None
    assert (result["yes"], result["no"]) == ("2.000", "1")
    assert result["electronic"]["yes"] == "1.000" and result["paper"]["yes"] == "1"
    assert result["paper"]["handed_in"] == 3 and result["paper"]["invalid"] == 1


def test_an_adopted_agenda_approval_approves_the_agenda(w: World) -> None:
    poll = motion(w, subject="agenda_approval", title="Approve the agenda")
    vs.poll_open(poll=poll, by=w.sec)
    assert not agenda_approved(w.conference)
    cast(w, poll, "lee", "yes")
    vs.poll_close(poll=poll, by=w.sec)
    assert agenda_approved(w.conference)
    assert AuditEntry.objects.filter(action="agenda.approved").count() == 1
    rejected = motion(w, subject="agenda_approval")
    vs.poll_open(poll=rejected, by=w.sec)
    cast(w, rejected, "lee", "no")
    vs.poll_close(poll=rejected, by=w.sec)
    assert JournalEntry.objects.filter(kind="agenda.approved").count() == 1


def test_cancel_leaves_no_result(w: World) -> None:
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "lee", "yes")
    poll = vs.poll_cancel(poll=poll, by=w.sec)
    assert poll.state == "cancelled" and poll.result is None
    with pytest.raises(ValidationError):
        vs.poll_close(poll=poll, by=w.sec)
    with pytest.raises(ValidationError):
        cast(w, poll, "rivera", "yes")


def _closed(w: World, **settings: Any) -> Poll:
    poll = motion(w, **settings)
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "lee", "yes")
    cast(w, poll, "rivera", "yes")
    cast(w, poll, "tanaka", "no")
    return vs.poll_close(poll=poll, by=w.sec)


def test_verify_poll_matches_then_finds_a_tampered_ballot(w: World) -> None:
    poll = _closed(w)
    out = io.StringIO()
    call_command("verify-poll", str(poll.pk), stdout=out)
    assert "matches" in out.getvalue()
    ballot = Ballot.objects.filter(poll=poll, choice="yes").first()
    assert ballot is not None
    Ballot.objects.filter(pk=ballot.pk).update(choice="no")
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify-poll", str(poll.pk), stdout=out)
    assert failed.value.returncode == 1
    assert "DOES NOT MATCH" in out.getvalue()


def test_verify_poll_refuses_an_open_or_unknown_poll(w: World) -> None:
    poll = motion(w)
    vs.poll_open(poll=poll, by=w.sec)
    with pytest.raises(CommandError):
        call_command("verify-poll", str(poll.pk))
    with pytest.raises(CommandError):
        call_command("verify-poll", "999999")


def test_entitlements_survive_as_the_poll_froze_them(w: World) -> None:
    poll = _closed(w, secrecy="named")
    before = poll.result
    Entitlement.objects.filter(poll=poll).update(weight=Decimal(9))
    assert Poll.objects.get(pk=poll.pk).result == before


METHOD_CASES: list[tuple[dict[str, Any], dict[str, object], dict[str, Any]]] = [
    (
        {"method": "single_seat_majority", "options": ["Ana", "Bo", "Cy"], "next_ballot": "runoff"},
        {"lee": "Ana", "rivera": "Bo", "okafor": "Cy", "tanaka": "Ana"},
        {"status": "elected", "elected": ["Ana"]},  # 3 of 5 (tanaka weighs 2)
    ),
    (
        {"method": "single_seat_majority", "options": ["Ana", "Bo", "Cy"], "next_ballot": "runoff"},
        {"lee": "Ana", "rivera": "Bo", "okafor": "Cy", "tanaka": None},
        {"status": "tied", "tied": ["Ana", "Bo", "Cy"], "next_ballot": [], "elected": []},
    ),
    (
        {"method": "multiple_choice", "options": ["A", "B", "C"], "min_choices": 2},
        {"lee": ["A", "B"], "rivera": ["B", "C"], "okafor": ["A", "C"], "tanaka": ["A", "B"]},
        {"counts": [["A", "4.000"], ["B", "4.000"], ["C", "2.000"]]},
    ),
    (
        {"method": "at_large", "options": ["A", "B", "C"], "seats": 2},
        {"lee": ["A"], "rivera": ["B", "C"], "okafor": ["A", "C"], "tanaka": ["B"]},
        {"status": "tied", "elected": ["B"], "tied": ["A", "C"]},  # A and C tie for seat 2
    ),
    (
        {"method": "approval", "options": ["A", "B", "C"], "seats": 1},
        {"lee": ["A", "B"], "rivera": ["B"], "okafor": ["C"], "tanaka": ["C"]},
        {"status": "elected", "elected": ["C"]},
    ),
    (
        {"method": "instant_runoff", "options": ["A", "B", "C"]},
        {"lee": ["C", "A"], "rivera": ["B"], "okafor": ["A"], "tanaka": ["B", "A"]},
        {"status": "elected", "elected": ["B"]},
    ),
    (
        {"method": "schulze", "options": ["A", "B", "C"]},
        {"lee": ["A", "B", "C"], "rivera": ["B", "C", "A"], "okafor": ["A", "C"], "tanaka": ["C"]},
        {"status": "elected"},
    ),
    (
        {"method": "stv_scottish", "options": ["A", "B", "C", "D"], "seats": 2},
        {"lee": ["A", "B"], "rivera": ["B"], "okafor": ["C", "A"], "tanaka": ["D", "C"]},
        # D reaches the quota (2 of 5); A, B and C then tie for exclusion at every stage.
        {"status": "tied", "elected": ["D"], "tied": ["A", "B", "C"]},
    ),
]


@pytest.mark.parametrize(("settings", "choices", "expected"), METHOD_CASES)
def test_every_method_closes_and_verifies(
    w: World, settings: dict[str, Any], choices: dict[str, object], expected: dict[str, Any]
) -> None:
    poll = motion(w, subject="election", secrecy="named", **settings)
    vs.poll_open(poll=poll, by=w.sec)
    for who, choice in choices.items():
        cast(w, poll, who, choice)
    result = vs.poll_close(poll=poll, by=w.sec).result
    assert result is not None
    for name, value in expected.items():
        assert result[name] == value, (name, result)
    assert result["ballots"] == 4
    out = io.StringIO()
    call_command("verify-poll", str(poll.pk), stdout=out)
    assert "matches" in out.getvalue()


def test_paper_marks_in_a_several_of_several_poll(w: World) -> None:
    poll = motion(
        w,
        method="multiple_choice",
        options=["A", "B", "C"],
        min_choices=2,
        paper_allowed=True,
        require_presence=False,
        allow_abstain=False,
    )
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "lee", ["A", "B"])
    with pytest.raises(ValidationError):  # no abstentions in this poll, on paper either
        vs.paper_count_enter(poll=poll, counts={"A": 1}, abstain=1, handed_in=2, by=w.sec)
    vs.paper_count_enter(poll=poll, counts={"A": 2, "C": 2}, handed_in=2, by=w.sec)
    result = vs.poll_close(poll=poll, by=w.sec).result
    assert result is not None
    assert result["counts"] == [["A", "3.000"], ["B", "1.000"], ["C", "2"]]
    assert vs.verify(Poll.objects.get(pk=poll.pk))[0]


def test_a_poll_on_a_hidden_item_is_followed_by_the_chair_only(w: World) -> None:
    hidden = cs.agenda_item_add(
        conference=w.conference, title="In camera", kind="election", is_hidden=True, by=w.sec
    )
    poll = motion(w, item=hidden, title="Secret matter")
    vs.poll_open(poll=poll, by=w.sec)
    cast(w, poll, "lee", "yes")
    vs.poll_close(poll=poll, by=w.sec)
    entries = JournalEntry.objects.filter(scope=w.conference.scope, kind__startswith="poll.")
    assert {e.kind for e in entries} == {"poll.created", "poll.opened", "poll.voted", "poll.closed"}
    assert {e.payload["audience"] for e in entries} == {"chair"}
