"""``chapterhouse export``: the demo's dossier matches the schema, is deterministic and ordered."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.core.management import call_command

from chapterhouse.dossier.schema import FORMAT, SECTIONS, VERSION, check, schema
from chapterhouse.dossier.yamlio import load
from tests.dossier.helpers import export_text, wipe_records


@pytest.mark.usefixtures("demo")
def test_demo_export_matches_the_schema() -> None:
    loaded = load(export_text())
    jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(loaded.data)
    assert check(loaded).problems == []


@pytest.mark.usefixtures("demo")
def test_export_is_deterministic_and_in_a_fixed_order() -> None:
    text = export_text()
    assert export_text() == text
    data: dict[str, Any] = load(text).data
    assert list(data) == ["format", "version", *SECTIONS]
    assert (data["format"], data["version"]) == (FORMAT, VERSION)
    for section in ("partner_organizations", "positions", "duties", "persons", "appointments"):
        keys = [row["key"] for row in data[section]]
        assert keys == sorted(keys), section
    history = [(row["occurred_on"], row["key"]) for row in data["history"]]
    assert history == sorted(history)
    memberships = [(m["person"], m.get("branch", ""), m["starts_on"]) for m in data["memberships"]]
    assert memberships == sorted(memberships)
    # Fields in a fixed order: the key first, then what the schema lists (a translated field's
    # translations right after it).
    assert list(data["bodies"][0])[:4] == ["key", "name", "name_translations", "kind"]


@pytest.mark.usefixtures("demo")
def test_parents_come_before_their_children() -> None:
    data = load(export_text()).data
    for section in ("branches", "bodies"):
        seen: set[str] = set()
        for row in data[section]:
            assert row.get("parent") is None or row["parent"] in seen, (section, row["key"])
            seen.add(row["key"])
    assert [b["key"] for b in data["branches"]] == [
        "chile",
        "valparaiso",
        "japan",
        "yokohama",
        "south-africa",
    ]


@pytest.mark.usefixtures("demo")
def test_export_writes_unicode_dates_and_no_aliases() -> None:
    text = export_text()
    assert "full_name: 田中愛子" in text
    assert "name: Valparaíso" in text
    assert "founded_on: 2014-03-08\n" in text  # a plain YAML date, not quoted
    assert "&id" not in text and "*id" not in text
    assert "\\u" not in text


@pytest.mark.usefixtures("demo")
def test_export_leaves_out_accounts_and_the_audit_log() -> None:
    text = export_text()
    for word in ("secretariat", "harbor-okafor", "password", "audit", "user"):
        assert word not in text


@pytest.mark.usefixtures("demo")
def test_export_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    err = StringIO()
    call_command("export", "--output", str(target), stderr=err)
    assert target.read_text(encoding="utf-8") == export_text()
    assert str(target) in err.getvalue()


@pytest.mark.django_db
def test_export_of_an_empty_installation(write_file: Callable[[str], Path]) -> None:
    wipe_records()
    text = export_text()
    assert text.startswith("format: chapterhouse-dossier\nversion: 1\n")
    assert "organization" not in load(text).data
    assert "branches: []" in text


@pytest.mark.usefixtures("demo")
def test_multi_line_text_is_written_as_a_block() -> None:
    from chapterhouse.organizations.models import Body
    from chapterhouse.organizations.services import body_update

    body = Body.objects.get(key="finance-commission")
    body_update(body=body, internal_notes="First line.\nSecond line.\n", by=None)
    text = export_text()
    assert "internal_notes: |\n      First line.\n      Second line.\n" in text
    assert load(text).data["bodies"][2]["internal_notes"] == "First line.\nSecond line.\n"
