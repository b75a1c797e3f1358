"""Round trips: export → import into an empty database → export is byte-identical, and importing
the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest

from chapterhouse.calendars.dates import MONTH, YEAR, PartialDate
from chapterhouse.core.models import AuditEntry
from chapterhouse.dossier.schema import SECTIONS
from chapterhouse.dossier.yamlio import load
from chapterhouse.organizations.models import Branch, HistoryEvent
from chapterhouse.organizations.services import history_event_record
from chapterhouse.people.models import Appointment, Person
from tests.dossier.helpers import export_text, run_import, table_counts, wipe_records

WriteFile = Callable[[str], Path]


@pytest.mark.usefixtures("demo")
def test_round_trip_into_an_empty_database_is_byte_identical(write_file: WriteFile) -> None:
    first = export_text()
    wipe_records()
    assert Branch.objects.count() == 0
    run = run_import(write_file(first))
    assert run.error is None, run.stderr
    assert "appointments: 7 created, 0 updated, 0 unchanged" in run.stdout
    assert export_text() == first


@pytest.mark.usefixtures("demo")
def test_importing_the_same_file_again_changes_nothing(write_file: WriteFile) -> None:
    text = export_text()
    path = write_file(text)
    counts = table_counts()
    last_audit = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()

    run = run_import(path)

    assert run.error is None, run.stderr
    summary = [line for line in run.stdout.splitlines() if "unchanged" in line]
    # One line for each section with rows (the demo has no motions).
    assert len(summary) == len([name for name in SECTIONS if load(text).data.get(name)])
    assert all(": 0 created, 0 updated, " in line for line in summary)
    assert table_counts() == counts
    assert AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() == last_audit
    assert export_text() == text


@pytest.mark.usefixtures("demo")
def test_reimport_after_an_import_into_an_empty_database_changes_nothing(
    write_file: WriteFile,
) -> None:
    path = write_file(export_text())
    wipe_records()
    assert run_import(path).error is None
    audit = AuditEntry.objects.count()
    assert run_import(path).error is None
    assert AuditEntry.objects.count() == audit


@pytest.mark.usefixtures("demo")
def test_a_changed_value_goes_through_the_update_service(write_file: WriteFile) -> None:
    text = export_text()
    changed = text.replace("name: Valparaíso", "name: Valparaíso Local").replace(
        "    ends_on: 2023-12-31\n", "    ends_on: 2023-12-30\n"
    )
    audit = AuditEntry.objects.count()

    run = run_import(write_file(changed))

    assert run.error is None, run.stderr
    assert "branches: 0 created, 1 updated, 4 unchanged" in run.stdout
    assert "appointments: 0 created, 1 updated, 6 unchanged" in run.stdout
    assert Branch.objects.get(key="valparaiso").name == "Valparaíso Local"
    entries = list(AuditEntry.objects.order_by("-id")[:2])
    assert AuditEntry.objects.count() == audit + 2
    assert {e.action for e in entries} == {"branch.updated", "appointment.updated"}
    branch_entry = next(e for e in entries if e.action == "branch.updated")
    assert branch_entry.before is not None and branch_entry.after is not None
    assert (branch_entry.before["name"], branch_entry.after["name"]) == (
        "Valparaíso",
        "Valparaíso Local",
    )
    assert export_text() == changed


@pytest.mark.usefixtures("demo")
def test_changed_names_contacts_and_responsibilities_are_updated(write_file: WriteFile) -> None:
    text = export_text()
    changed = (
        text.replace("full_name: 田中愛子", "full_name: 田中 愛子")
        .replace("value: mira@hwi.example", "value: okafor@hwi.example")
        .replace("      - duty: organizing-work\n        country: JP\n", "")
    )
    run = run_import(write_file(changed))
    assert run.error is None, run.stderr
    assert "persons: 0 created, 2 updated, 7 unchanged" in run.stdout
    assert "appointments: 0 created, 1 updated, 6 unchanged" in run.stdout
    tanaka = Person.objects.get(key="aiko-tanaka")
    assert sorted(tanaka.names.values_list("full_name", flat=True)) == ["Aiko Tanaka", "田中 愛子"]
    appointment = Appointment.objects.get(key__startswith="aiko-tanaka-member")
    assert appointment.responsibilities.count() == 1
    assert export_text() == changed


@pytest.mark.usefixtures("demo")
def test_objects_absent_from_the_file_are_left_alone(write_file: WriteFile) -> None:
    partial = (
        "format: chapterhouse-dossier\n"
        "version: 1\n"
        "branches:\n"
        "  - key: peru\n"
        "    name: Peru\n"
        "    country: PE\n"
    )
    counts = table_counts()
    run = run_import(write_file(partial))
    assert run.error is None, run.stderr
    assert Branch.objects.count() == counts["organizations.Branch"] + 1
    assert Person.objects.count() == counts["people.Person"]


@pytest.mark.django_db
def test_children_may_come_before_their_parents_in_a_hand_written_file(
    write_file: WriteFile,
) -> None:
    text = """\
format: chapterhouse-dossier
version: 1
branches:
  - {key: yokohama, name: Yokohama, parent: japan}
  - {key: tsurumi, name: Tsurumi, parent: yokohama}
  - {key: japan, name: Japan, country: JP}
bodies:
  - {key: sub, name: Sub-commission, kind: commission, parent: top}
  - {key: top, name: Top, kind: coordinating_committee}
"""
    run = run_import(write_file(text))
    assert run.error is None, run.stderr
    assert Branch.objects.get(key="tsurumi").parent == Branch.objects.get(key="yokohama")
    assert [b["key"] for b in _section("branches")] == ["japan", "yokohama", "tsurumi"]


@pytest.mark.django_db
def test_import_from_standard_input() -> None:
    text = "format: chapterhouse-dossier\nversion: 1\nduties:\n  - {key: press, name: press}\n"
    run = run_import("-", stdin=StringIO(text))
    assert run.error is None, run.stderr
    assert "Imported <stdin>." in run.stdout


def _section(name: str) -> list[dict[str, object]]:
    from chapterhouse.dossier.yamlio import load

    rows: list[dict[str, object]] = load(export_text()).data[name]
    return rows


@pytest.mark.usefixtures("demo")
def test_a_partial_date_is_exported_as_given_and_round_trips(write_file: WriteFile) -> None:
    history_event_record(
        key="network-began",
        kind="other",
        occurred_on=PartialDate(dt.date(2011, 12, 1), MONTH),
        title="The first network began",
        by=None,
    )
    history_event_record(
        key="first-contacts",
        kind="other",
        occurred_on=PartialDate(dt.date(2010, 1, 1), YEAR),
        title="First contacts",
        by=None,
    )
    first = export_text()
    assert "occurred_on: 2011-12\n" in first
    assert "occurred_on: '2010'\n" in first
    wipe_records()
    run = run_import(write_file(first))
    assert run.error is None, run.stderr
    began = HistoryEvent.objects.get(key="network-began")
    assert began.occurred == PartialDate(dt.date(2011, 12, 1), MONTH)
    assert export_text() == first


@pytest.mark.django_db
def test_a_year_may_be_written_as_a_number_in_a_hand_written_file(write_file: WriteFile) -> None:
    text = (
        "format: chapterhouse-dossier\nversion: 1\norganization:\n  name: HWI\n"
        "history:\n- key: first-contacts\n  kind: other\n  occurred_on: 2010\n  title: First\n"
        "- key: bad-month\n  kind: other\n  occurred_on: 2011-13\n  title: Bad\n"
    )
    run = run_import(write_file(text))
    assert run.error is not None
    assert "history[1].occurred_on" in run.stderr
    assert "is not a month" in run.stderr
    run = run_import(write_file(text.split("- key: bad-month")[0]))
    assert run.error is None, run.stderr
    assert HistoryEvent.objects.get(key="first-contacts").occurred.iso() == "2010"
