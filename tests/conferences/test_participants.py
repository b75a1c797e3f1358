from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import Participant
from chapterhouse.conferences.selectors import attendance
from chapterhouse.core.models import JournalEntry
from tests.conferences.conftest import World, make_person

pytestmark = pytest.mark.django_db


def test_a_person_takes_part_once(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        cs.participant_add(
            conference=world.conference,
            spec=cs.ParticipantSpec(person=world.persons["rivera"], roles=["observer"]),
            by=world.sec,
        )
    assert "person" in caught.value.message_dict


def test_roles_are_known_and_at_least_one(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        cs.participants_add(
            conference=world.conference,
            participants=[
                cs.ParticipantSpec(person=world.persons["outsider"], roles=[]),
                cs.ParticipantSpec(person=make_person("x", "X"), roles=["king"]),
            ],
            by=world.sec,
        )
    assert set(caught.value.message_dict) == {"participants.0.roles", "participants.1.roles"}
    assert not Participant.objects.filter(person__key__in=["outsider", "x"]).exists()


def test_guests_get_an_invitation_token(world: World) -> None:
    guest = world.participants["guest"]
    assert guest.invitation_token and len(guest.invitation_token) >= 24
    assert world.participants["rivera"].invitation_token is None
    checked = cs.participant_check_in_by_token(token=guest.invitation_token, by=None)
    assert checked.checked_in_at is not None
    with pytest.raises(ValidationError):
        cs.participant_check_in_by_token(token="nope", by=None)


def test_check_in_by_list_counts_presence_and_quorum(world: World) -> None:
    c = world.conference
    assert attendance(conference=c).entitled == 4
    assert (
        cs.participants_check_in(conference=c, persons=[world.persons["tanaka"]], by=world.sec) == 1
    )
    counts = attendance(conference=c)
    # Tanaka weighs 2 of 5: 40 % is short of a 50 % quorum.
    assert (counts.present, counts.present_weight, counts.entitled_weight) == (
        1,
        Decimal(2),
        Decimal(5),
    )
    assert not counts.quorum_met
    cs.participants_check_in(conference=c, persons=[world.persons["okafor"]], by=world.sec)
    assert attendance(conference=c).quorum_met
    event = JournalEntry.objects.filter(kind="attendance.counted").last()
    assert event is not None and event.payload["quorum_met"] is True


def test_check_in_by_delegation(world: World) -> None:
    n = cs.participants_check_in(conference=world.conference, branch=world.japan, by=world.sec)
    assert n == 2
    assert (
        cs.participants_check_in(conference=world.conference, branch=world.japan, by=world.sec) == 0
    )


def test_check_in_by_list_and_delegation_at_once_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        cs.participants_check_in(
            conference=world.conference,
            persons=[world.persons["rivera"]],
            branch=world.chile,
            by=world.sec,
        )
    assert caught.value.message_dict == {"branch": [msg.PERSONS_OR_BRANCH]}
    assert not Participant.objects.filter(checked_in_at__isnull=False).exists()


def test_check_in_of_someone_not_invited_changes_nothing(world: World) -> None:
    journal = JournalEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        cs.participants_check_in(
            conference=world.conference,
            persons=[world.persons["rivera"], world.persons["outsider"]],
            by=world.sec,
        )
    assert caught.value.message_dict == {"persons.1": [msg.NOT_INVITED.format(who="Not Invited")]}
    assert not Participant.objects.filter(checked_in_at__isnull=False).exists()
    assert JournalEntry.objects.count() == journal


CSV_BAD = """person,roles,voting_right,weight,branch,partner,colour
outsider,delegate,yes,1,chile,,
nobody,delegate,maybe,-1,atlantis,,
rivera,observer,no,1,,,
outsider,king,no,abc,chile,dockers,
"""


def test_csv_preview_lists_every_bad_row_and_writes_nothing(world: World) -> None:
    count = Participant.objects.count()
    preview = cs.participants_import_preview(conference=world.conference, text=CSV_BAD)
    found = {(e.line, e.field) for e in preview.errors}
    assert found == {
        (1, "colour"),
        (3, "person"), (3, "voting_right"), (3, "weight"), (3, "branch"),
        (4, "person"),
        (5, "person"), (5, "roles"), (5, "weight"), (5, "partner"),
    }  # fmt: skip
    assert preview.participants == []
    result = cs.participants_import(conference=world.conference, text=CSV_BAD, by=world.sec)
    assert result.errors
    assert Participant.objects.count() == count


def test_csv_import_of_a_good_file(world: World) -> None:
    make_person("new-one", "New One")
    text = "person,roles,voting_right,weight,branch\nnew-one,delegate;observer,yes,0.5,chile\n"
    preview = cs.participants_import(conference=world.conference, text=text, by=world.sec)
    assert preview.errors == []
    made = Participant.objects.get(person__key="new-one")
    assert made.roles == ["delegate", "observer"]
    assert made.weight == Decimal("0.5") and made.voting_right
    assert made.represents_branch == world.chile


def test_csv_refuses_hostile_input(world: World) -> None:
    assert cs.participants_import_preview(conference=world.conference, text="a\x00b").errors
    assert cs.participants_import_preview(conference=world.conference, text="").errors


def test_bulk_check_in_costs_the_same_for_many(world: World) -> None:
    """Checking in a delegation of 300 costs a fixed number of queries, not one per person:
    the conference lock, the participants (locked), the update, the persons' keys for the
    audit row, the audit row, the attendance aggregate, the journal entry, plus the
    savepoint-free transaction's own statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many = [make_person(f"d{n}", f"Delegate {n}") for n in range(300)]
    cs.participants_add(
        conference=world.conference,
        participants=[
            cs.ParticipantSpec(person=p, roles=["delegate"], voting_right=True,
                               represents_branch=world.chile)
            for p in many
        ],
        by=world.sec,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as few:
        cs.participants_check_in(conference=world.conference, persons=many[:3], by=world.sec)
    with CaptureQueriesContext(connection) as lots:
        cs.participants_check_in(conference=world.conference, branch=world.chile, by=world.sec)
    assert len(lots) == len(few)
    assert attendance(conference=world.conference).present == 301


def test_adding_many_participants_costs_the_same_as_a_few(world: World) -> None:
    """participants_add: the conference lock, who takes part already, one bulk insert, one
    audit row (plus the transaction's own statements), however many are added."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(prefix: str, count: int) -> int:
        persons = [make_person(f"{prefix}{n}", f"{prefix} {n}") for n in range(count)]
        with CaptureQueriesContext(connection) as queries:
            cs.participants_add(
                conference=world.conference,
                participants=[
                    cs.ParticipantSpec(person=p, roles=["delegate"], represents_branch=world.chile)
                    for p in persons
                ],
                by=world.sec,
            )
        return len(queries)

    assert add("few", 3) == add("many", 60)
