"""The audit writer: every service writes one row in its own transaction.

The log is a hash chain: each row carries the previous row's hash (``prev_hash``; the first
row's is ``GENESIS_HASH``) and ``hash``, SHA-256 over the row's canonical content and
``prev_hash``. A row edited, deleted, inserted or moved breaks the chain at that row
(``audit_verify``, ``chapterhouse verify-audit``); the head hash (``audit_head``), printed where it
is kept out of the database (the minutes), anchors the end of the chain.

Writers take the chain's lock before they read the head, and hold it until their transaction
ends, so two writers never chain onto the same head: on PostgreSQL a transaction-level advisory
lock, on SQLite the database's write lock (IMMEDIATE transactions take it when they begin).

Reading the log (its page, filters and names) is policy and lives above, in ``access.audit``."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chapterhouse.core.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from chapterhouse.core.actors import Actor

GENESIS_HASH = "0" * 64
# pg_advisory_xact_lock's key for the chain: a fixed bigint ("audit" in ASCII).
CHAIN_LOCK_KEY = 0x6175646974
# The fields a row's hash covers, in the order they are listed (the JSON's keys are sorted).
HASHED_FIELDS = (
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_key",
    "before",
    "after",
    "prev_hash",
)


def snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-ready copy of a row's concrete fields (foreign keys by id)."""
    data: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name in exclude or f.primary_key:
            continue
        value = getattr(instance, f.attname)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            value = str(value)
        data[f.name] = value
    return data


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise TypeError(f"A naive datetime has no place in the audit chain: {value!r}.")
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"Not JSON-ready for the audit chain: {type(value).__name__}.")


def _numbers(value: object) -> object:
    """A float with no fraction as the integer it equals: PostgreSQL's jsonb reads 1e16 back as
    10000000000000000 and -0.0 as -0, which Python's JSON reads as integers."""
    if type(value) is float and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_numbers(v) for v in value]
    return value


def canonical(content: Mapping[str, Any]) -> bytes:
    """The canonical serialization a row's hash is taken over: JSON with sorted keys, fixed
    separators, UTF-8; timestamps in UTC ISO format, Decimal as its string, a whole float as
    its integer. NaN and infinities are refused (ValueError), as jsonb refuses them."""
    return json.dumps(
        _numbers(content),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_plain,
    ).encode("utf-8")


def entry_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 (hex) over the canonical serialization of a row's ``HASHED_FIELDS``."""
    return hashlib.sha256(canonical({f: content[f] for f in HASHED_FIELDS})).hexdigest()


def _content(entry: AuditEntry) -> dict[str, Any]:
    return {f: getattr(entry, f) for f in HASHED_FIELDS}


def _lock_chain() -> None:
    """Hold the chain's lock until the transaction ends (see the module's docstring)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _head_hash() -> str:
    # One indexed read on every audited write: plain SQL, a fraction of the ORM's cost.
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608 (the model's own table name)
        head = cursor.fetchone()
    return GENESIS_HASH if head is None else str(head[0])


def audit_record(
    *,
    by: Actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """One audit row: who (a signed-in ``by``, else nobody), the dotted past-tense ``action``
    ("appointment.made"), the object by its key (or id), and its state before and after;
    chained onto the head of the log."""
    actor = cast("User", by) if by is not None and by.is_authenticated else None
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_key=str(getattr(obj, "key", None) or obj.pk),
        # Hashed as they will read back: JSON, not the Python values handed in.
        before=None if before is None else json.loads(canonical(before)),
        after=None if after is None else json.loads(canonical(after)),
    )
    # No savepoint of its own: the row belongs to the caller's transaction (or to this one).
    with transaction.atomic(savepoint=False):
        _lock_chain()
        entry.prev_hash = _head_hash()
        entry.hash = entry_hash(_content(entry))
        entry.save(force_insert=True)
    return entry


def audit_head() -> tuple[int, str]:
    """The log's row count and head hash (``GENESIS_HASH`` when it is empty), as the minutes
    print them. Read under the chain's lock, so the two belong together."""
    with transaction.atomic(savepoint=False):
        _lock_chain()
        return AuditEntry.objects.count(), _head_hash()


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain first breaks: the row's id (None when the break is at the end) and why."""

    entry_id: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    head: str
    broken: ChainBreak | None = None


def verify_chain(entries: Iterable[AuditEntry], *, expect_head: str | None = None) -> ChainReport:
    """Walk ``entries`` in id order and report the first row that was edited (its hash does not
    match its content), or deleted, inserted or moved (its ``prev_hash`` is not the previous
    row's hash). ``expect_head``, a head hash printed earlier (the minutes), must be in the
    chain: a log cut short after it, or rewritten from before it, is reported."""
    expected_prev = GENESIS_HASH
    rows = 0
    seen_expected = expect_head is None or expect_head == GENESIS_HASH
    for entry in entries:
        rows += 1
        if entry.prev_hash != expected_prev:
            return ChainReport(
                rows,
                expected_prev,
                ChainBreak(
                    entry.pk,
                    _(
                        "its previous hash is not the hash of the row before it: a row before "
                        "it was deleted, inserted or moved"
                    ),
                ),
            )
        if entry_hash(_content(entry)) != entry.hash:
            return ChainReport(
                rows,
                expected_prev,
                ChainBreak(entry.pk, _("its content does not match its hash: the row was edited")),
            )
        expected_prev = entry.hash
        if entry.hash == expect_head:
            seen_expected = True
    if not seen_expected:
        return ChainReport(
            rows,
            expected_prev,
            ChainBreak(
                None,
                _(
                    "the expected head %(head)s is not in the chain: rows after it were "
                    "deleted, or the chain was rewritten"
                )
                % {"head": expect_head},
            ),
        )
    return ChainReport(rows, expected_prev)


def audit_verify(*, expect_head: str | None = None) -> ChainReport:
    """``verify_chain`` over the whole log, read in id order."""
    entries = AuditEntry.objects.order_by("id").iterator(chunk_size=2000)
    return verify_chain(entries, expect_head=expect_head)
