"""The layer contract (pyproject.toml, [tool.importlinter]) holds and names every package.

import-linter checks only the layers it is given: a new context left out of the list could
import anything. So every module directly under ``chapterhouse`` must sit in one layer."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import chapterhouse

ROOT = Path(chapterhouse.__file__).parent
PYPROJECT = ROOT.parent / "pyproject.toml"


def _contract() -> dict[str, object]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["id"] == "layers"]
    assert config["exclude_type_checking_imports"] is False
    return dict(layers)


def test_every_package_and_module_sits_in_a_layer() -> None:
    layers = _contract()["layers"]
    assert isinstance(layers, list)
    listed = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    present = {
        f"chapterhouse.{path.stem}"
        for path in ROOT.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.stem != "__init__")
    }
    assert present - listed == set(), "add each new package to [tool.importlinter] layers"
    assert listed - present == set()


def test_the_bottom_layers_keep_their_order() -> None:
    layers = _contract()["layers"]
    assert isinstance(layers, list)
    contexts = [layer for layer in layers if "|" not in layer and ":" not in layer]
    order = ["people", "organizations", "api", "access", "calendars", "core"]
    assert [c for c in contexts if c.removeprefix("chapterhouse.") in order] == [
        f"chapterhouse.{name}" for name in order
    ]


def test_nothing_imports_upward(capsys: pytest.CaptureFixture[str]) -> None:
    """The same check as `./dev test`'s lint-imports step, so a plain pytest run sees it too."""
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert status == 0, capsys.readouterr().out
