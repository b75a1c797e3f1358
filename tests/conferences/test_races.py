"""Check-then-write races on PostgreSQL (where they show): many threads at the same moment.

- the same delegate asks to speak eight times at once: one request, seven told why;
- eight chairs start eight different speakers on one item at once: one speaks;
- eight check-ins of one delegation at once: each participant checked in once, one attendance
  count per check-in that changed something, and the last count is right.

Skipped on SQLite (its IMMEDIATE transactions serialize writers; the in-memory test database
is one connection)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import Participant, SpeakerRequest
from chapterhouse.core.models import JournalEntry
from tests.conferences.conftest import build, make_person

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]
THREADS = 8


def _race(attempt: Callable[[int], object]) -> Counter[str]:
    barrier = threading.Barrier(THREADS)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def one(index: int) -> None:
        try:
            barrier.wait()
            attempt(index)
            outcome = "made"
        except ValidationError:
            outcome = "refused"
        except Exception as error:  # anything else is what the test reports
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    workers = [threading.Thread(target=one, args=(i,)) for i in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return outcomes


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("races show on PostgreSQL (set DATABASE_URL)")


def test_a_delegate_asking_eight_times_at_once_is_listed_once() -> None:
    w = build()
    item = cs.agenda_item_add(conference=w.conference, title="Debate", kind="topic", by=w.sec)
    rivera = w.participants["rivera"]
    outcomes = _race(lambda _i: cs.speaker_request(item=item, participant=rivera, by=w.sec))
    assert outcomes == Counter({"made": 1, "refused": THREADS - 1})
    assert SpeakerRequest.objects.filter(item=item).count() == 1


def test_one_speaker_at_a_time_however_many_start_at_once() -> None:
    w = build()
    item = cs.agenda_item_add(conference=w.conference, title="Debate", kind="topic", by=w.sec)
    persons = [make_person(f"r{n}", f"Racer {n}") for n in range(THREADS)]
    made = cs.participants_add(
        conference=w.conference,
        participants=[cs.ParticipantSpec(person=p, roles=["delegate"]) for p in persons],
        by=w.sec,
    )
    requests = [cs.speaker_request(item=item, participant=p, by=w.sec) for p in made]
    outcomes = _race(lambda i: cs.speaker_start(request=requests[i], by=w.sec))
    assert outcomes == Counter({"made": 1, "refused": THREADS - 1})
    assert SpeakerRequest.objects.filter(item=item, state="speaking").count() == 1
    waiting = list(
        SpeakerRequest.objects.filter(item=item, state="requested")
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert waiting == list(range(THREADS - 1))


def test_check_ins_at_once_count_each_participant_once() -> None:
    w = build()
    before = JournalEntry.objects.filter(kind="attendance.counted").count()
    outcomes = _race(
        lambda _i: cs.participants_check_in(conference=w.conference, branch=w.japan, by=w.sec)
    )
    assert outcomes == Counter({"made": THREADS})
    assert Participant.objects.filter(checked_in_at__isnull=False).count() == 2
    counts = JournalEntry.objects.filter(kind="attendance.counted").order_by("id")
    assert counts.count() - before == 1
    last = counts.last()
    assert last is not None and last.payload["present"] == 2


def test_a_speech_voided_eight_times_at_once_is_voided_once() -> None:
    import datetime as dt

    from chapterhouse.conferences.models import Letter, Speech
    from chapterhouse.core.models import AuditEntry

    w = build()
    speech = cs.speech_record(
        conference=w.conference, speaker=w.persons["okafor"], title="Remarks", by=w.sec
    )
    letter = cs.letter_register(
        key="raced", direction="in", subject="s", dated_on=dt.date(2026, 8, 30),
        partner=w.partners[0], by=w.sec,
    )  # fmt: skip

    def void(index: int) -> None:
        cs.speech_void(speech=speech, reason=f"reason {index}", by=w.sec)
        cs.letter_void(letter=letter, reason=f"reason {index}", by=w.sec)

    assert _race(void) == {"made": 1, "refused": THREADS - 1}
    assert AuditEntry.objects.filter(action="speech.voided").count() == 1
    assert AuditEntry.objects.filter(action="letter.voided").count() == 1
    assert Speech.all_objects.get(pk=speech.pk).voided_at is not None
    assert Letter.all_objects.get(pk=letter.pk).voided_at is not None
