"""A word-level diff of an amendment against the text it replaces (pure, ``difflib``).

The result is a list of runs ``(op, text)``, ``op`` one of "equal", "delete", "insert";
templates render "delete" as ``<del>`` and "insert" as ``<ins>``. Joining the "equal" and
"delete" runs gives the old text back, joining the "equal" and "insert" runs the new one.
Words are compared whole, spaces as their own units, and a wide (CJK) character is a word.
"""

from __future__ import annotations

import difflib
import unicodedata

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
Run = tuple[str, str]


def words(text: str) -> list[str]:
    units: list[str] = []
    current = ""
    kind = ""
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            if current:
                units.append(current)
            units.append(char)
            current, kind = "", ""
            continue
        char_kind = "space" if char.isspace() else "word"
        if current and char_kind != kind:
            units.append(current)
            current = ""
        current += char
        kind = char_kind
    if current:
        units.append(current)
    return units


def _add(runs: list[Run], op: str, text: str) -> None:
    if not text:
        return
    if runs and runs[-1][0] == op:
        runs[-1] = (op, runs[-1][1] + text)
    else:
        runs.append((op, text))


def word_diff(old: str, new: str) -> list[Run]:
    a, b = words(old), words(new)
    runs: list[Run] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(runs, EQUAL, "".join(a[i1:i2]))
        else:  # replace, delete, insert: what goes, then what comes
            _add(runs, DELETE, "".join(a[i1:i2]))
            _add(runs, INSERT, "".join(b[j1:j2]))
    return runs
