"""Docs stay true: every setting and every project command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import get_commands

from chapterhouse.conf import VARIABLES
from chapterhouse.conferences.events import EVENTS as JOURNAL_KINDS

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("variable", [v.name for v in VARIABLES])
def test_every_environment_variable_is_documented(variable: str) -> None:
    assert f"`{variable}`" in (DOCS / "configuration.md").read_text()


def project_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app.startswith("chapterhouse"))


def test_the_project_has_its_own_commands() -> None:
    assert {"serve", "demo"} <= set(project_commands())


@pytest.mark.parametrize("command", project_commands())
def test_every_project_command_is_documented(command: str) -> None:
    assert f"`chapterhouse {command}" in (DOCS / "cli.md").read_text()


@pytest.mark.parametrize("kind", sorted(JOURNAL_KINDS))
def test_every_journal_kind_is_documented(kind: str) -> None:
    assert f"`{kind}`" in (DOCS / "conferences.md").read_text()
