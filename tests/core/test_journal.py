"""The journal primitive: appended in the service's transaction, published only after commit."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoCaptureOnCommitCallbacks

from chapterhouse.core import journal
from chapterhouse.core.journal import (
    InProcessBroker,
    JournalEvent,
    journal_append,
    journal_since,
    subscribe,
)
from chapterhouse.core.models import JournalEntry

SCOPE = "conference:third-congress"
NOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def received() -> Iterator[list[JournalEvent]]:
    events: list[JournalEvent] = []
    unsubscribe = subscribe(SCOPE, events.append)
    yield events
    unsubscribe()


class BoomError(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_an_entry_is_published_after_commit_and_not_before(received: list[JournalEvent]) -> None:
    with transaction.atomic():
        entry = journal_append(
            scope=SCOPE, kind="agenda.approved", payload={"for": 41, "against": 2}, by=None
        )
        assert received == []  # written, not yet published
    assert received == [JournalEvent.of(entry)]
    assert received[0].payload == {"for": 41, "against": 2}
    assert JournalEntry.objects.get().kind == "agenda.approved"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_publishes_nothing_and_keeps_nothing(
    received: list[JournalEvent],
) -> None:
    with pytest.raises(BoomError), transaction.atomic():
        journal_append(scope=SCOPE, kind="poll.opened", payload={}, by=None)
        raise BoomError
    assert received == []
    assert not JournalEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_inner_savepoint_rolled_back_drops_its_entry_only(
    received: list[JournalEvent],
) -> None:
    with transaction.atomic():
        kept = journal_append(scope=SCOPE, kind="speech.delivered", payload={}, by=None)
        with pytest.raises(BoomError), transaction.atomic():
            journal_append(scope=SCOPE, kind="poll.opened", payload={}, by=None)
            raise BoomError
    assert [event.id for event in received] == [kept.pk]


@pytest.mark.django_db
def test_entries_of_other_scopes_are_not_delivered(
    received: list[JournalEvent], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        journal_append(scope="conference:other", kind="poll.opened", payload={}, by=None)
        mine = journal_append(scope=SCOPE, kind="poll.closed", payload={"poll": 3}, by=None)
    assert [event.id for event in received] == [mine.pk]


@pytest.mark.django_db
def test_journal_since_returns_what_a_reconnecting_client_missed() -> None:
    first = journal_append(scope=SCOPE, kind="poll.opened", payload={}, by=None)
    second = journal_append(scope=SCOPE, kind="poll.closed", payload={}, by=None)
    journal_append(scope="conference:other", kind="poll.opened", payload={}, by=None)
    assert list(journal_since(scope=SCOPE)) == [first, second]
    assert list(journal_since(scope=SCOPE, after_id=first.pk)) == [second]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses() -> None:
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        journal_append(scope=SCOPE, kind="poll.opened", payload={}, by=None)
    assert not JournalEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["poll", "Poll.Opened", "poll.open ed", "poll.", ""])
def test_a_kind_is_dotted(kind: str) -> None:
    with pytest.raises(ValueError, match="dotted past tense"):
        journal_append(scope=SCOPE, kind=kind, payload={}, by=None)


@pytest.mark.django_db
def test_a_scope_is_required() -> None:
    with pytest.raises(ValueError, match="scope"):
        journal_append(scope="", kind="poll.opened", payload={}, by=None)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    broker = InProcessBroker()
    got: list[int] = []

    def failing(event: JournalEvent) -> None:
        raise BoomError

    broker.subscribe(SCOPE, failing)
    broker.subscribe(SCOPE, lambda event: got.append(event.id))
    event = JournalEvent(id=7, scope=SCOPE, kind="poll.opened", payload={}, created_at=NOW)
    # A handler on the module's own logger, enabled for the test: what reaches the root logger
    # depends on the site's logging settings, which other tests (the CLI's) apply again.
    records = _Records()
    journal_logger = logging.getLogger("chapterhouse.core.journal")
    disabled, level = journal_logger.disabled, journal_logger.level
    journal_logger.disabled = False
    journal_logger.setLevel(logging.ERROR)
    journal_logger.addHandler(records)
    try:
        broker.publish(event)
    finally:
        journal_logger.removeHandler(records)
        journal_logger.disabled = disabled
        journal_logger.setLevel(level)
    assert got == [7]
    assert records.messages == ["journal subscriber failed on poll.opened #7"]


def test_unsubscribed_subscribers_get_nothing() -> None:
    broker = InProcessBroker()
    got: list[int] = []
    unsubscribe = broker.subscribe(SCOPE, lambda event: got.append(event.id))
    unsubscribe()
    unsubscribe()  # twice is harmless
    broker.publish(JournalEvent(id=1, scope=SCOPE, kind="poll.opened", payload={}, created_at=NOW))
    assert got == []


@override_settings(CHAPTERHOUSE_BROKER_URL="redis://127.0.0.1:6379/5")
def test_a_broker_url_without_a_registered_broker_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(journal, "_factory", None)
    monkeypatch.setattr(journal, "_configured", {})
    with pytest.raises(ImproperlyConfigured, match=r"chapterhouse\.live must be in INSTALLED_APPS"):
        subscribe(SCOPE, lambda event: None)
