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
    """The runs that turn ``old`` into ``new``. Spaces alone between two changes join them
    ("a meeting" becomes "two meetings", not two changes a space apart)."""
    a, b = words(old), words(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    runs: list[Run] = []
    gone, came = "", ""
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = "".join(a[i1:i2])
            between = (gone or came) and index + 1 < len(opcodes)
            if between and not same.strip():
                gone, came = gone + same, came + same
                continue
            _add(runs, DELETE, gone)
            _add(runs, INSERT, came)
            gone, came = "", ""
            _add(runs, EQUAL, same)
        else:  # replace, delete, insert: what goes, then what comes
            gone += "".join(a[i1:i2])
            came += "".join(b[j1:j2])
    _add(runs, DELETE, gone)
    _add(runs, INSERT, came)
    return runs
