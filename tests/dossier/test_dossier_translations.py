"""Translated names in a dossier: exported beside the names they translate, imported through the
services (same rules, errors at their place), and files from before translations still import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chapterhouse.core.models import AuditEntry
from chapterhouse.dossier.selectors import dossier_export
from chapterhouse.organizations import errors as org_msg
from chapterhouse.organizations.models import Body, Organization
from chapterhouse.people.models import Position
from tests.dossier.helpers import export_text, run_import, wipe_records

WriteFile = Callable[[str], Path]

OLD_FILE = """\
format: chapterhouse-dossier
version: 1
organization:
  name: Harbor Workers' International
  languages: [en, ja]
bodies:
  - key: cc
    name: Coordinating Committee
    kind: coordinating_committee
positions:
  - {key: chair, name: Chair, single_holder: true, rank: 10}
"""


@pytest.mark.usefixtures("demo")
def test_the_export_carries_every_translation_and_round_trips_byte_identical(
    write_file: WriteFile,
) -> None:
    data = dossier_export()
    assert data["organization"]["name_translations"] == {
        "ja": "港湾労働者インターナショナル",
        "ko": "항만노동자 인터내셔널",
    }
    cc = next(b for b in data["bodies"] if b["key"] == "coordinating-committee")
    assert cc["name_translations"] == {"ja": "調整委員会", "ko": "조정위원회"}
    chair = next(p for p in data["positions"] if p["key"] == "chair")
    assert chair["name_translations"] == {"ja": "委員長", "ko": "위원장"}
    south_africa = next(b for b in data["branches"] if b["key"] == "south-africa")
    assert "name_translations" not in south_africa  # none: left out like any empty field
    first = export_text()
    assert "    name_translations:\n      ja: 調整委員会\n      ko: 조정위원회\n" in first
    wipe_records()
    run = run_import(write_file(first))
    assert run.error is None, run.stderr
    assert export_text() == first
    assert Body.objects.get(key="coordinating-committee").name_translations == {
        "ja": "調整委員会",
        "ko": "조정위원회",
    }
    # And again: nothing changes, nothing is audited.
    entries = AuditEntry.objects.count()
    again = run_import(write_file(first))
    assert again.error is None, again.stderr
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_file_from_before_translations_imports_as_before(write_file: WriteFile) -> None:
    run = run_import(write_file(OLD_FILE))
    assert run.error is None, run.stderr
    assert Body.objects.get(key="cc").name_translations == {}
    assert Organization.objects.get().name_translations == {}
    assert "name_translations" not in export_text()


@pytest.mark.django_db
def test_language_codes_are_read_as_the_interface_writes_them(write_file: WriteFile) -> None:
    text = OLD_FILE.replace("[en, ja]", "[en, zh-hans]").replace(
        "    kind: coordinating_committee\n",
        "    name_translations: {zh-Hans: 协调委员会}\n    kind: coordinating_committee\n",
    )
    path = write_file(text)
    assert run_import(path).error is None
    assert Body.objects.get(key="cc").name_translations == {"zh-hans": "协调委员会"}
    entries = AuditEntry.objects.count()
    run = run_import(path)
    assert run.error is None, run.stderr
    assert "bodies: 0 created, 0 updated, 1 unchanged" in run.stdout
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_translation_the_organization_cannot_have_is_reported_at_its_line(
    write_file: WriteFile,
) -> None:
    text = OLD_FILE.replace(
        "    kind: coordinating_committee\n",
        "    name_translations:\n      ko: 조정위원회\n    kind: coordinating_committee\n",
    )
    path = write_file(text)
    run = run_import(path)
    assert run.error is not None
    message = org_msg.TRANSLATION_LANGUAGE.format(language="ko", languages="ja")
    assert run.stderr.splitlines() == [f"{path}:10: bodies[0].name_translations.ko: {message}"]
    assert not Body.objects.exists()
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_the_schema_limits_a_translation_to_the_fields_length(write_file: WriteFile) -> None:
    text = OLD_FILE.replace(
        "{key: chair, name: Chair,", "{key: chair, name: Chair, name_translations: {ja: ''},"
    )
    run = run_import(write_file(text))
    assert run.error is not None
    assert "positions[0].name_translations.ja" in run.stderr
    long_name = "委" * 121
    text = OLD_FILE.replace(
        "{key: chair, name: Chair,",
        f"{{key: chair, name: Chair, name_translations: {{ja: {long_name}}},",
    )
    run = run_import(write_file(text))
    assert run.error is not None
    assert "positions[0].name_translations.ja" in run.stderr
    assert not Position.objects.exists()
