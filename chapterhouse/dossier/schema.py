"""The dossier format: its name, version, sections, JSON Schema, and the schema check.

The schema is put together from ``schema.json`` beside this module (the document itself and
the definitions every section shares: keys, dates, countries, translations) and each registered
context's fragment (``<context>/dossier.schema.json``, see ``dossier.registry``), in the order
of the sections; the copy in ``docs/dossier.schema.json`` is kept identical by a test.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import jsonschema

from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.registry import registered_sections, schema_fragments
from chapterhouse.dossier.yamlio import Loaded, Path, Problem, format_path

FORMAT = "chapterhouse-dossier"
VERSION = 1


def section_names() -> tuple[str, ...]:
    """Every section of the format, in the order they are written and applied: whatever a
    section refers to comes in an earlier one. Each context registers its own
    (``dossier.registry``); the module attribute ``SECTIONS`` is the same tuple."""
    return tuple(section.name for section in registered_sections())


def __getattr__(name: str) -> tuple[str, ...]:
    if name == "SECTIONS":
        return section_names()
    raise AttributeError(name)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


@functools.cache
def schema() -> dict[str, Any]:
    """The format's JSON Schema: the shared document with every context's fragment."""
    text = resources.files("chapterhouse.dossier").joinpath("schema.json").read_text("utf-8")
    assembled: dict[str, Any] = json.loads(text)
    for fragment in schema_fragments():
        assembled["properties"].update(fragment["properties"])
        assembled["$defs"].update(fragment.get("$defs", {}))
    return assembled


@functools.cache
def _validator() -> Any:
    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@dataclass
class Checked:
    """The outcome of the check: problems, which rows to leave out, whether to go on at all."""

    problems: list[Problem] = field(default_factory=list)
    # ("branches", 3) for a row, ("organization",) or ("branches",) for a whole section.
    rejected: set[Path] = field(default_factory=set)
    usable: bool = True

    def is_rejected(self, path: Path) -> bool:
        return any(path[:n] in self.rejected for n in range(1, len(path) + 1))


def _reject(checked: Checked, path: Path) -> None:
    if not path:
        return
    if path[0] == "organization" or len(path) == 1:
        checked.rejected.add(path[:1])
    else:
        checked.rejected.add(path[:2])


def check(loaded: Loaded) -> Checked:
    """Check the file's shape: the format and version, then the schema, every error at once."""
    checked = Checked()
    data = loaded.data

    def stop(path: Path, message: str) -> Checked:
        checked.problems.append(loaded.problem(path, message))
        checked.usable = False
        return checked

    if data is None:
        return stop((), msg.EMPTY_FILE)
    if not isinstance(data, dict):
        return stop((), msg.NOT_A_MAPPING)
    if data.get("format") != FORMAT:
        return stop(("format",) if "format" in data else (), msg.NOT_A_DOSSIER)
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        return stop(("version",), msg.NEWER_VERSION.format(version=version, supported=VERSION))
    if type(version) is not int or version != VERSION:
        return stop(
            ("version",) if "version" in data else (), msg.BAD_VERSION.format(supported=VERSION)
        )

    for twice, line in loaded.duplicates:
        message = msg.DUPLICATE_FIELD.format(name=twice[-1])
        checked.problems.append(Problem(path=format_path(twice), message=message, line=line))
        _reject(checked, twice)
    sections = section_names()
    for name in data:
        if name not in ("format", "version", *sections):
            checked.problems.append(
                loaded.problem(
                    (str(name),),
                    msg.UNKNOWN_SECTION.format(
                        name=name, version=VERSION, sections=", ".join(sections)
                    ),
                )
            )
    reported = set(checked.problems)
    for error in _validator().iter_errors(data):
        path: Path = tuple(error.absolute_path)
        if not path and error.validator == "additionalProperties":
            continue  # unknown sections, reported above
        for where, message in _messages(error, path):
            problem = loaded.problem(where, message)
            if problem not in reported:
                reported.add(problem)
                checked.problems.append(problem)
        _reject(checked, path)
    return checked


def _messages(error: Any, path: Path) -> list[tuple[Path, str]]:
    """Plain-language messages for the schema's most common complaints."""
    sub = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    if error.validator == "additionalProperties":
        known = list(sub.get("properties", {}))
        return [
            ((*path, name), msg.UNKNOWN_FIELD.format(name=name, fields=", ".join(known)))
            for name in value
            if name not in known
        ]
    if error.validator == "required":
        return [
            (path, msg.REQUIRED_FIELD.format(name=name))
            for name in error.validator_value
            if name not in value
        ]
    if sub.get("format") == "date" and error.validator in ("format", "pattern"):
        return [(path, msg.NOT_A_DATE.format(value=_clip(value)))]
    if error.validator == "pattern":
        pattern = schema()["$defs"]
        if error.validator_value == pattern["key"]["pattern"]:
            return [(path, msg.BAD_KEY.format(value=_clip(value)))]
        if error.validator_value == pattern["country"]["pattern"]:
            return [(path, msg.BAD_COUNTRY.format(value=_clip(value)))]
    if error.validator == "maxLength" and isinstance(value, str):
        return [(path, msg.TOO_LONG.format(length=len(value), limit=error.validator_value))]
    if error.validator in ("maxItems", "maxProperties") and isinstance(value, list | dict):
        return [(path, msg.TOO_MANY_ITEMS.format(count=len(value), limit=error.validator_value))]
    if error.validator == "type":
        types = error.validator_value
        types = [types] if isinstance(types, str) else list(types)
        words = [_TYPE_WORDS.get(t, t) for t in types if t != "null"] or ["empty"]
        message = msg.WRONG_TYPE.format(value=_show(value), expected=" or ".join(words))
        if "string" in types and isinstance(value, int | float | bool):
            message = message[:-1] + msg.QUOTE_HINT + "."
        return [(path, message)]
    message = str(error.message)
    return [(path, message if len(message) <= _SHOWN * 3 else message[: _SHOWN * 3 - 1] + "…")]


def _show(value: Any) -> str:
    """A value as it would be written in YAML, for messages."""
    if value is None:
        return "null (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    shown = repr(value)
    # A message quotes the start of a long value, never all of it.
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"


_SHOWN = 80


def _clip(value: Any) -> Any:
    """A long text cut to its start, for a message that quotes it."""
    if isinstance(value, str) and len(value) > _SHOWN:
        return value[: _SHOWN - 1] + "…"
    return value
