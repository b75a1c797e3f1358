"""Fixtures of the dossier tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str], Path]:
    """Write a dossier's text to a new file and return its path."""
    numbers = itertools.count()

    def write(text: str) -> Path:
        path = tmp_path / f"dossier-{next(numbers)}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
