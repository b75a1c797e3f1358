"""The layer contract (pyproject.toml, [tool.importlinter]) holds and names every package.

import-linter checks only the layers it is given: a new context left out of the list could
import anything. So every module directly under ``chapterhouse`` must sit in one layer."""

from __future__ import annotations

import ast
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


def _layer_of() -> dict[str, int]:
    """Each listed package's layer, counted from the top (0)."""
    layers = _contract()["layers"]
    assert isinstance(layers, list)
    return {
        name.strip().removeprefix("chapterhouse."): height
        for height, layer in enumerate(layers)
        for name in layer.replace(":", "|").split("|")
    }


def test_the_bottom_layers_keep_their_order() -> None:
    layer = _layer_of()
    order = ["people", "organizations", "api", "access", "calendars", "core"]
    heights = [layer[name] for name in order]
    assert heights == sorted(heights), heights
    assert len(set(heights)) == len(heights)
    # The machinery the contexts register into sits with the API's, below every context.
    assert layer["dossier"] == layer["demo"] == layer["api"]


def _imported(path: Path) -> set[str]:
    """Every module a file imports, at any depth (in functions, under TYPE_CHECKING)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _registries() -> dict[str, Path]:
    """Every module that defines a registry: a top-level ``register_<what>`` function."""
    found = {}
    for path in ROOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.FunctionDef) and node.name.startswith("register_")
            for node in tree.body
        ):
            found[".".join(path.relative_to(ROOT.parent).with_suffix("").parts)] = path
    return found


def _registering_contexts(registries: dict[str, Path]) -> set[str]:
    """The packages whose ``apps.py`` imports a registry: the contexts that register."""
    return {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if any(name.startswith(tuple(registries)) for name in _imported(path))
    }


def test_no_registry_imports_a_context() -> None:
    """api.registry, dossier.registry, demo.registry and core.routes collect the contexts;
    none may import one, or the contexts could not be added in one line each."""
    registries = _registries()
    assert {
        "chapterhouse.api.registry",
        "chapterhouse.core.routes",
        "chapterhouse.demo.registry",
        "chapterhouse.dossier.registry",
    } <= set(registries)
    contexts = _registering_contexts(registries)
    assert {"organizations", "people"} <= contexts
    for name, path in registries.items():
        own = name.split(".")[1]
        for imported in _imported(path):
            parts = imported.split(".")
            if parts[0] == "chapterhouse" and len(parts) > 1 and parts[1] != own:
                assert parts[1] not in contexts, f"{name} imports {imported}"


def test_the_registries_machinery_imports_no_context() -> None:
    """The packages that hold the registries' machinery (api, dossier, demo) import no
    context anywhere, not only in the registry module."""
    contexts = _registering_contexts(_registries())
    for package in ("api", "dossier", "demo"):
        for path in (ROOT / package).rglob("*.py"):
            for imported in _imported(path):
                parts = imported.split(".")
                if parts[0] == "chapterhouse" and len(parts) > 1 and parts[1] != package:
                    assert parts[1] not in contexts - {"access"}, f"{path} imports {imported}"


def test_nothing_imports_upward(capsys: pytest.CaptureFixture[str]) -> None:
    """The same check as `./dev test`'s lint-imports step, so a plain pytest run sees it too."""
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert status == 0, capsys.readouterr().out
