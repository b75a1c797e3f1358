"""Text no database stores: the NUL character (PostgreSQL refuses it) and lone surrogates
(halves of a UTF-16 pair, which are not characters and cannot be encoded). Input that carries
either is refused where it enters: the query and path of a request (core.middleware), an API
body (api.base), a dossier, and every text field a service saves (core.errors.Errors)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from chapterhouse.core import errors as msg

_HOSTILE = re.compile("[\x00\ud800-\udfff]")

Path = tuple[str | int, ...]


def text_problem(value: str) -> str | None:
    """The message refusing ``value``, or None if every character can be stored."""
    found = _HOSTILE.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return str(msg.NUL_CHARACTER)
    return str(msg.LONE_SURROGATE).format(code=f"U+{ord(found.group()):04X}")


def hostile_text(data: object, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every place in plain data (dicts, lists, strings) whose key or text cannot be stored,
    with its message."""
    if isinstance(data, str):
        problem = text_problem(data)
        if problem:
            yield path, problem
    elif isinstance(data, Mapping):
        for key, value in data.items():
            key_problem = text_problem(key) if isinstance(key, str) else None
            if key_problem:
                yield (*path, repr(key)[1:-1]), key_problem
                continue
            yield from hostile_text(value, (*path, key))
    elif isinstance(data, Sequence) and not isinstance(data, bytes | bytearray):
        for index, item in enumerate(data):
            yield from hostile_text(item, (*path, index))
