"""The audit log is a hash chain: each row's hash covers its content and the previous row's hash.
``verify-audit`` finds the first row edited, deleted, inserted or moved; writers raced at once on
PostgreSQL chain one after the other, never onto the same head."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.core.audit import (
    GENESIS_HASH,
    HASHED_FIELDS,
    audit_head,
    audit_record,
    audit_verify,
    canonical,
    entry_hash,
)
from chapterhouse.core.models import AuditEntry
from tests.helpers import client_as
from tests.races import _run

TABLE = AuditEntry._meta.db_table
ROOT = Path(__file__).resolve().parents[2]


def _write(n: int, *, by: User | None = None) -> list[AuditEntry]:
    user = User.objects.get_or_create(username="chain-subject")[0]
    return [
        audit_record(
            by=by,
            action="thing.changed",
            obj=user,
            before={"n": i, "name": "ä\u00e9"},
            after={"n": i + 1, "nested": {"b": [1, 2.5, None], "a": True}},
        )
        for i in range(n)
    ]


def _verify(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify-audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def _content(entry: AuditEntry) -> dict[str, Any]:
    return {f: getattr(entry, f) for f in HASHED_FIELDS}


pytestmark = pytest.mark.django_db


def test_an_empty_log_is_intact_at_the_genesis_hash() -> None:
    AuditEntry.objects.all().delete()
    assert audit_head() == (0, GENESIS_HASH)
    assert _verify() == (0, f"audit chain intact: 0 rows, head {GENESIS_HASH}\n", "")


def test_each_row_chains_onto_the_one_before_and_the_chain_verifies() -> None:
    AuditEntry.objects.all().delete()
    secretary = User.objects.create(username="chain-secretary")
    entries = _write(5, by=secretary)
    assert entries[0].prev_hash == GENESIS_HASH
    for before, after in pairwise(entries):
        assert after.prev_hash == before.hash
    stored = list(AuditEntry.objects.order_by("id"))
    # What was read back hashes to what was written (JSON, timestamps, the actor).
    assert [entry_hash(_content(e)) for e in stored] == [e.hash for e in entries]
    assert len({e.hash for e in stored}) == 5
    assert audit_head() == (5, entries[-1].hash)
    code, out, err = _verify()
    assert (code, err) == (0, "")
    assert out == f"audit chain intact: 5 rows, head {entries[-1].hash}\n"


def test_numbers_hash_the_same_after_they_read_back() -> None:
    """PostgreSQL's jsonb writes 1e16 back as 10000000000000000 and -0.0 as -0."""
    AuditEntry.objects.all().delete()
    subject = User.objects.create(username="chain-numbers")
    numbers = {"big": 1e16, "neg": -0.0, "small": 1e-7, "tenth": 0.1, "huge": 12345678901234567890}
    audit_record(by=None, action="thing.changed", obj=subject, after=numbers)
    assert audit_verify().broken is None
    with pytest.raises(ValueError, match="JSON"):
        audit_record(by=None, action="thing.changed", obj=subject, after={"x": float("nan")})


def test_the_canonical_form_is_fixed() -> None:
    import datetime as dt
    import decimal

    at = dt.datetime(2026, 5, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert canonical({"b": decimal.Decimal("1.50"), "a": at, "c": [dt.date(2026, 1, 2)]}) == (
        b'{"a":"2026-05-01T12:00:00+00:00","b":"1.50","c":["2026-01-02"]}'
    )
    with pytest.raises(TypeError):
        canonical({"a": dt.datetime(2026, 5, 1)})  # noqa: DTZ001 (a naive datetime is refused)
    with pytest.raises(TypeError):
        canonical({"a": object()})


def test_a_payload_edited_in_the_database_is_found() -> None:
    AuditEntry.objects.all().delete()
    entries = _write(4)
    AuditEntry.objects.filter(pk=entries[2].pk).update(after={"n": 999})
    code, out, err = _verify()
    assert code == 1 and out == ""
    assert f"broken at row id {entries[2].pk}" in err and "edited" in err


def test_a_field_edited_with_raw_sql_is_found() -> None:
    AuditEntry.objects.all().delete()
    entries = _write(4)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET action = %s WHERE id = %s", ["x.y", entries[1].pk])  # noqa: S608 (the table's own name)
    report = audit_verify()
    assert report.broken is not None and report.broken.entry_id == entries[1].pk


def test_a_rehashed_edit_is_found_at_the_next_row() -> None:
    """Editing a row and recomputing its own hash moves the break to the row after it."""
    AuditEntry.objects.all().delete()
    entries = _write(4)
    forged = AuditEntry.objects.get(pk=entries[1].pk)
    forged.after = {"n": -1}
    forged.hash = entry_hash(_content(forged))
    forged.save()
    report = audit_verify()
    assert report.broken is not None and report.broken.entry_id == entries[2].pk
    assert "deleted, inserted or moved" in report.broken.reason


def test_a_deleted_row_is_found() -> None:
    AuditEntry.objects.all().delete()
    entries = _write(4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entries[1].pk])  # noqa: S608 (the table's own name)
    code, _, err = _verify()
    assert code == 1 and f"broken at row id {entries[2].pk}" in err


def test_the_first_row_deleted_is_found() -> None:
    AuditEntry.objects.all().delete()
    entries = _write(3)
    AuditEntry.objects.filter(pk=entries[0].pk).delete()
    report = audit_verify()
    assert report.broken is not None and report.broken.entry_id == entries[1].pk


def test_rows_cut_off_after_a_published_head_are_found() -> None:
    """The chain alone cannot tell that its last rows are gone; the head printed in the minutes
    can."""
    AuditEntry.objects.all().delete()
    entries = _write(4)
    _, published = audit_head()
    more = _write(2)
    assert _verify("--expect-head", published)[0] == 0  # a later log extends the earlier one
    AuditEntry.objects.filter(pk__in=[e.pk for e in more]).delete()
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    assert _verify()[0] == 0
    code, _, err = _verify("--expect-head", published)
    assert code == 1 and f"the expected head {published} is not in the chain" in err


def test_a_malformed_expected_head_is_refused() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="64 hexadecimal"):
        call_command("verify-audit", "--expect-head", "abc\x00")


def test_a_forged_row_inserted_in_place_of_another_is_found() -> None:
    AuditEntry.objects.all().delete()
    entries = _write(3)
    original = AuditEntry.objects.get(pk=entries[1].pk)
    original.delete()
    forged = AuditEntry(
        id=entries[1].pk,
        at=original.at,
        action="thing.forged",
        object_type=original.object_type,
        object_key=original.object_key,
        before=None,
        after={"n": 0},
        prev_hash=entries[0].hash,
    )
    forged.hash = entry_hash(_content(forged))
    forged.save(force_insert=True)
    report = audit_verify()
    assert report.broken is not None and report.broken.entry_id == entries[2].pk


def test_two_rows_swapped_are_found() -> None:
    AuditEntry.objects.all().delete()
    entries = _write(4)
    first, second = (AuditEntry.objects.get(pk=e.pk) for e in entries[1:3])
    fields = ["at", "action", "before", "after", "prev_hash", "hash"]
    values = [{f: getattr(e, f) for f in fields} for e in (first, second)]
    AuditEntry.objects.filter(pk=first.pk).update(**values[1])
    AuditEntry.objects.filter(pk=second.pk).update(**values[0])
    report = audit_verify()
    assert report.broken is not None and report.broken.entry_id == first.pk


def test_the_migration_chains_the_rows_already_there() -> None:
    AuditEntry.objects.all().delete()
    entries = _write(5)
    AuditEntry.objects.update(prev_hash="", hash="")
    assert audit_verify().broken is not None
    migration = importlib.import_module("chapterhouse.core.migrations.0002_audit_hash_chain")

    # The one attribute of the schema editor it reads is the connection.
    migration.chain_existing_rows(apps, SimpleNamespace(connection=connection))
    report = audit_verify()
    assert report.broken is None and (report.rows, report.head) == (5, entries[-1].hash)


def test_the_audit_page_shows_the_head_and_how_to_verify() -> None:
    user = User.objects.create(username="secretariat-chain")
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    _write(2)
    rows, head = audit_head()
    html = client_as("secretariat-chain").get("/audit/").content.decode()
    assert head in html and "chapterhouse verify-audit" in html
    assert f"hash chain of {rows} rows" in html


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_twenty_writers_at_once_make_one_chain_without_a_fork() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database cannot be shared by threads")
    subject = User.objects.create(username="chain-race")

    def write(index: int) -> None:
        with transaction.atomic():
            audit_record(by=None, action="race.written", obj=subject, after={"i": index})
            time.sleep(0.01)  # a writer holds the head a while before it commits

    assert _run(write, threads=20) == {"made": 20}
    stored = list(AuditEntry.objects.order_by("id"))
    assert len(stored) == 20
    assert len({e.prev_hash for e in stored}) == 20  # no two rows chain onto the same head
    report = audit_verify()
    assert report.broken is None and report.rows == 20


RACE_ON_SQLITE = """
import json, os, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from chapterhouse.core.audit import audit_record, audit_verify
from chapterhouse.core.models import AuditEntry
from tests.races import _run

call_command("migrate", verbosity=0)
subject = User.objects.create(username="chain-race")

def write(index):
    with transaction.atomic():
        audit_record(by=None, action="race.written", obj=subject, after={"i": index})
        time.sleep(0.01)

outcomes = _run(write, threads=20)
report = audit_verify()
prevs = set(AuditEntry.objects.values_list("prev_hash", flat=True))
print(json.dumps([outcomes, report.rows, report.broken is None, len(prevs)]))
"""


@pytest.mark.serial
@pytest.mark.embedded
def test_twenty_writers_at_once_on_the_embedded_sqlite_file(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CHAPTERHOUSE_DATA_DIR=str(tmp_path), CHAPTERHOUSE_DEBUG="true")
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", RACE_ON_SQLITE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [{"made": 20}, 20, True, 20]


JSON_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_TEXT, inner, max_size=4),
    max_leaves=12,
)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=st.dictionaries(JSON_TEXT, JSON_VALUES, max_size=5))
def test_any_json_payload_hashes_the_same_after_it_reads_back(payload: dict[str, Any]) -> None:
    with transaction.atomic():
        AuditEntry.objects.all().delete()
        subject = User.objects.get_or_create(username="chain-any")[0]
        audit_record(by=None, action="thing.changed", obj=subject, before=payload, after=payload)
        report = audit_verify()
        transaction.set_rollback(True)
    assert report.broken is None, payload
