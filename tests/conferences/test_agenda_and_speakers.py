from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.events import CHAIR, MEMBERS, PUBLIC
from chapterhouse.conferences.models import AgendaItem, SpeakerRequest
from chapterhouse.conferences.selectors import agenda, speaking_time
from chapterhouse.core.models import JournalEntry
from tests.conferences.conftest import World

pytestmark = pytest.mark.django_db


def _items(w: World) -> tuple[AgendaItem, AgendaItem, AgendaItem]:
    c = w.conference
    opening = cs.agenda_item_add(conference=c, title="Opening", kind="procedural", by=w.sec)
    reports = cs.agenda_item_add(conference=c, title="Reports", kind="topic", by=w.sec)
    sub = cs.agenda_item_add(
        conference=c, title="Report of Chile", kind="topic", parent=reports, by=w.sec
    )
    return opening, reports, sub


def test_agenda_is_ordered_and_nested(world: World) -> None:
    _opening, reports, _sub = _items(world)
    shown = agenda(conference=world.conference, level=PUBLIC)
    assert [(i.title, i.parent) for i in shown] == [
        ("Opening", None), ("Reports", None), ("Report of Chile", reports.pk),
    ]  # fmt: skip
    cs.agenda_item_move(item=reports, parent=None, position=0, by=world.sec)
    assert [i.title for i in agenda(conference=world.conference, level=PUBLIC)] == [
        "Reports",
        "Report of Chile",
        "Opening",
    ]


def test_an_item_moved_under_itself_is_refused(world: World) -> None:
    _opening, reports, sub = _items(world)
    journal = JournalEntry.objects.count()
    for parent in (reports, sub):
        with pytest.raises(ValidationError) as caught:
            cs.agenda_item_move(item=reports, parent=parent, position=0, by=world.sec)
        assert caught.value.message_dict == {"parent": [msg.ITEM_UNDER_ITSELF]}
    reports.refresh_from_db()
    assert reports.parent_id is None and reports.position == 1
    assert JournalEntry.objects.count() == journal


def test_hidden_and_internal_items_reach_only_their_audience(world: World) -> None:
    c = world.conference
    cs.agenda_item_add(conference=c, title="Open", kind="topic", by=world.sec)
    cs.agenda_item_add(conference=c, title="Members", kind="topic", is_internal=True, by=world.sec)
    hidden = cs.agenda_item_add(
        conference=c, title="Secret", kind="topic", is_hidden=True, by=world.sec
    )
    cs.agenda_item_add(
        conference=c, title="Under secret", kind="topic", parent=hidden, by=world.sec
    )
    assert [i.title for i in agenda(conference=c, level=PUBLIC)] == ["Open"]
    assert [i.title for i in agenda(conference=c, level=MEMBERS)] == ["Open", "Members"]
    assert len(agenda(conference=c, level=CHAIR)) == 4


def test_one_current_item_and_done(world: World) -> None:
    opening, reports, _sub = _items(world)
    cs.agenda_item_set_current(item=opening, by=world.sec)
    cs.agenda_item_set_current(item=reports, by=world.sec)
    assert list(AgendaItem.objects.filter(is_current=True)) == [reports]
    cs.agenda_item_mark_done(item=reports, by=world.sec)
    reports.refresh_from_db()
    assert reports.is_done and not reports.is_current
    with pytest.raises(ValidationError):
        cs.agenda_item_set_current(item=reports, by=world.sec)


def test_a_speaker_added_twice_is_refused(world: World) -> None:
    opening, *_ = _items(world)
    rivera = world.participants["rivera"]
    cs.speaker_request(item=opening, participant=rivera, by=world.users["rivera"])
    count = SpeakerRequest.objects.count()
    with pytest.raises(ValidationError) as caught:
        cs.speaker_request(item=opening, participant=rivera, by=world.sec)
    assert caught.value.message_dict == {
        "participant": [msg.SPEAKER_TWICE.format(person="Tomás Rivera")]
    }
    assert SpeakerRequest.objects.count() == count


def test_a_delegate_asks_for_themselves_only(world: World) -> None:
    opening, *_ = _items(world)
    with pytest.raises(PermissionDenied):
        cs.speaker_request(
            item=opening, participant=world.participants["tanaka"], by=world.users["rivera"]
        )


def test_points_of_order_jump_the_queue_and_the_chair_reorders(world: World) -> None:
    opening, *_ = _items(world)
    p = world.participants
    a = cs.speaker_request(item=opening, participant=p["rivera"], by=world.sec)
    b = cs.speaker_request(item=opening, participant=p["tanaka"], by=world.sec)
    poo = cs.speaker_request(item=opening, participant=p["lee"], point_of_order=True, by=world.sec)

    def order() -> list[int]:
        return list(
            SpeakerRequest.objects.filter(item=opening, state="requested")
            .order_by("position")
            .values_list("pk", flat=True)
        )

    assert order() == [poo.pk, a.pk, b.pk]
    cs.speakers_reorder(item=opening, order=[b.pk, poo.pk, a.pk], by=world.sec)
    assert order() == [b.pk, poo.pk, a.pk]
    with pytest.raises(ValidationError):
        cs.speakers_reorder(item=opening, order=[b.pk, a.pk], by=world.sec)
    cs.speaker_withdraw(request=a, by=world.users["rivera"])
    assert order() == [b.pk, poo.pk]


def test_fairness_puts_first_contributions_before_second_ones(world: World) -> None:
    cs.conference_update(conference=world.conference, first_contributions_first=True, by=world.sec)
    opening, *_ = _items(world)
    p = world.participants
    first = cs.speaker_request(item=opening, participant=p["rivera"], by=world.sec)
    cs.speaker_start(request=first, by=world.sec)
    cs.speaker_stop(request=first, by=world.sec)
    again = cs.speaker_request(item=opening, participant=p["rivera"], by=world.sec)
    newcomer = cs.speaker_request(item=opening, participant=p["tanaka"], by=world.sec)
    newcomer.refresh_from_db()
    again.refresh_from_db()
    assert newcomer.position < again.position


def test_start_stop_and_cumulative_speaking_time(world: World) -> None:
    opening, reports, _ = _items(world)
    p = world.participants
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), tick=False) as clock:
        r1 = cs.speaker_request(item=opening, participant=p["tanaka"], by=world.sec)
        r2 = cs.speaker_request(item=opening, participant=p["lee"], by=world.sec)
        cs.speaker_start(request=r1, by=world.sec)
        with pytest.raises(ValidationError):
            cs.speaker_start(request=r2, by=world.sec)
        clock.shift(90)
        cs.speaker_stop(request=r1, by=world.sec)
        cs.speaker_start(request=r2, by=world.sec)
        clock.shift(30)
        cs.speaker_stop(request=r2, by=world.sec)
        r3 = cs.speaker_request(item=reports, participant=p["rivera"], by=world.sec)
        cs.speaker_start(request=r3, by=world.sec)
        clock.shift(45)
        cs.speaker_stop(request=r3, by=world.sec)
    with pytest.raises(ValidationError):
        cs.speaker_stop(request=r3, by=world.sec)
    times = speaking_time(conference=world.conference, level=CHAIR)
    assert times.by_person == [("Aiko Tanaka", 90), ("Tomás Rivera", 45), ("Min Lee", 30)]
    assert times.by_delegation == [("Japan", 120), ("Chile", 45)]


def test_random_moves_keep_the_agenda_a_tree(world: World) -> None:
    """Many random moves, legal and not: the agenda stays a tree (no item under itself),
    siblings are numbered 0..n-1, and every refused move changes nothing."""
    import random

    c, sec = world.conference, world.sec
    made = [cs.agenda_item_add(conference=c, title=f"i{n}", kind="topic", by=sec) for n in range(8)]
    rng = random.Random(9)  # noqa: S311 (a repeatable sequence of moves, not a secret)

    def state() -> dict[int, tuple[int | None, int]]:
        return {i.pk: (i.parent_id, i.position) for i in AgendaItem.objects.filter(conference=c)}

    refused = 0
    for _ in range(60):
        item = rng.choice(made)
        parent = rng.choice([None, *made])
        before = state()
        try:
            cs.agenda_item_move(item=item, parent=parent, position=rng.randint(0, 9), by=sec)
        except ValidationError:
            refused += 1
            assert state() == before
            continue
        rows = state()
        for pk in rows:  # walking up from every item ends at the top, without meeting itself
            seen, cursor = {pk}, rows[pk][0]
            while cursor is not None:
                assert cursor not in seen
                seen.add(cursor)
                cursor = rows[cursor][0]
        by_parent: dict[int | None, list[int]] = {}
        for parent_id, position in rows.values():
            by_parent.setdefault(parent_id, []).append(position)
        for positions in by_parent.values():
            assert sorted(positions) == list(range(len(positions)))
    assert refused > 0


@pytest.mark.parametrize(
    "title",
    ["with a NUL \x00", "x" * 301, "   "],
)
def test_hostile_titles_are_refused_and_nothing_is_written(world: World, title: str) -> None:
    journal = JournalEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        cs.agenda_item_add(conference=world.conference, title=title, kind="topic", by=world.sec)
    assert "title" in caught.value.message_dict
    assert not AgendaItem.objects.exists()
    assert JournalEntry.objects.count() == journal


def test_a_bad_kind_or_duration_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        cs.agenda_item_add(
            conference=world.conference, title="t", kind="party", planned_minutes=10**6,
            by=world.sec,
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"kind", "planned_minutes"}


def test_speaking_time_out_of_range_is_refused(world: World) -> None:
    opening, *_ = _items(world)
    request = cs.speaker_request(item=opening, participant=world.participants["lee"], by=world.sec)
    for seconds in (5, 10**9):
        with pytest.raises(ValidationError):
            cs.speaker_start(request=request, seconds=seconds, by=world.sec)
    request.refresh_from_db()
    assert request.state == "requested"


def test_an_item_is_never_more_visible_than_the_item_it_is_under(world: World) -> None:
    c, sec = world.conference, world.sec
    secret = cs.agenda_item_add(conference=c, title="Secret", kind="topic", is_hidden=True, by=sec)
    child = cs.agenda_item_add(conference=c, title="Child", kind="topic", parent=secret, by=sec)
    assert child.is_hidden
    loose = cs.agenda_item_add(conference=c, title="Loose", kind="topic", by=sec)
    cs.agenda_item_add(conference=c, title="Under loose", kind="topic", parent=loose, by=sec)
    cs.agenda_item_move(item=loose, parent=secret, position=0, by=sec)
    assert set(AgendaItem.objects.filter(is_hidden=False).values_list("title", flat=True)) == set()
    assert agenda(conference=c, level=MEMBERS) == []


def test_a_delegate_withdraws_only_their_own_request(world: World) -> None:
    opening, *_ = _items(world)
    request = cs.speaker_request(item=opening, participant=world.participants["lee"], by=world.sec)
    with pytest.raises(PermissionDenied):
        cs.speaker_withdraw(request=request, by=world.users["rivera"])
    request.refresh_from_db()
    assert request.state == "requested"
    cs.speaker_withdraw(request=request, by=world.users["lee"])
    request.refresh_from_db()
    assert request.state == "withdrawn"
