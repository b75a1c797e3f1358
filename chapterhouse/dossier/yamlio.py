"""Reading and writing dossier YAML: plain data, with the line of every value when reading.

Reading uses a safe loader that keeps dates as text (the schema checks them, so a bad date is
reported with its place instead of failing the whole file) and takes only ``true``/``false`` as
booleans, so a language code like ``no`` stays text. Writing is deterministic: keys in the order
given, block style, Unicode as is, no anchors or aliases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml
from django.conf import settings
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from chapterhouse.dossier import errors as msg

Path = tuple[str | int, ...]

_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


# A dossier nests about five levels (section, row, names, name); hand-written files may indent
# a little more, never this deep. Deeper nesting is refused before anything recurses on it.
MAX_DEPTH = 32
# Anchors and aliases save typing in a hand-written file; the export never writes them. All
# the aliases of a file together may stand for at most this many nodes (an "alias bomb" of
# nine nested lists of nine stands for 387 million).
MAX_ALIAS_NODES = 10_000


class Place(Protocol):
    """Where in the text: PyYAML's marks (its pure-Python and its C ones), counted from 0."""

    line: int
    column: int


class LimitError(yaml.YAMLError):
    """The file is beyond a limit (size, depth, alias expansion); the message says which."""

    def __init__(self, message: str, mark: Place | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps and with YAML 1.2 booleans, refusing nesting
    deeper than MAX_DEPTH and aliases that stand for more than MAX_ALIAS_NODES nodes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._expanded = 0
        # The size of each node composed so far (its own and its children's, through aliases).
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self._next_mark()
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:  # an alias inside the node it names: a loop
                raise LimitError(msg.ALIAS_LOOP, mark)
            self._expanded += size
            if self._expanded > MAX_ALIAS_NODES:
                raise LimitError(msg.TOO_MANY_ALIASES.format(limit=MAX_ALIAS_NODES), mark)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise LimitError(msg.TOO_DEEP.format(limit=MAX_DEPTH), self._next_mark())
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._sizes.get(id(item), 1) for item in node.value)
        elif isinstance(node, MappingNode):
            size += sum(
                self._sizes.get(id(key), 1) + self._sizes.get(id(value), 1)
                for key, value in node.value
            )
        self._sizes[id(node)] = size
        return node

    def _next_mark(self) -> Place | None:
        """Where the next event starts (PyYAML's stubs leave ``peek_event`` untyped)."""
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        return event.start_mark


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def format_path(path: Path) -> str:
    """``("appointments", 3, "ends_on")`` → ``appointments[3].ends_on``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Problem:
    """One error, at a place in the file."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def render(self, source: str) -> str:
        where = source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DossierSyntaxError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Loaded:
    """The data of a YAML file, the line of each value and the keys given twice."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    # Mapping keys given a second time, with the line of the second one.
    duplicates: list[tuple[Path, int]] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of the nearest enclosing value that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: Path, message: str) -> Problem:
        return Problem(path=format_path(path), message=message, line=self.line_of(path))


def check_size(size: int) -> None:
    """Raise DossierSyntaxError if a file of ``size`` bytes is larger than the import reads
    (the setting DOSSIER_MAX_BYTES)."""
    limit: int = settings.DOSSIER_MAX_BYTES
    if size > limit:
        raise DossierSyntaxError(
            Problem(path="", message=msg.TOO_LARGE.format(size=size, limit=limit))
        )


def load(text: str) -> Loaded:
    """Parse ``text``; raise DossierSyntaxError with the line and column of a syntax error, or
    when the text is beyond a limit: larger than DOSSIER_MAX_BYTES, nested deeper than
    MAX_DEPTH, or with aliases standing for more than MAX_ALIAS_NODES nodes."""
    check_size(len(text.encode("utf-8", errors="surrogatepass")))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except LimitError as error:
        raise DossierSyntaxError(
            Problem(
                path="",
                message=error.message,
                line=error.mark.line + 1 if error.mark else None,
                column=error.mark.column + 1 if error.mark else None,
            )
        ) from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = str(error.problem or error.context or "syntax error")
        raise DossierSyntaxError(
            Problem(
                path="",
                message=msg.YAML_SYNTAX.format(problem=problem),
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            )
        ) from error
    except yaml.YAMLError as error:
        raise DossierSyntaxError(
            Problem(path="", message=msg.YAML_UNREADABLE.format(problem=error))
        ) from error
    except ValueError as error:  # a number too long to read (Python's int digit limit)
        raise DossierSyntaxError(
            Problem(path="", message=msg.YAML_UNREADABLE.format(problem=error))
        ) from error
    finally:
        loader.dispose()
    loaded = Loaded(data=data)
    if node is not None:
        _record(node, (), loaded, set())
    return loaded


def _record(node: Node, path: Path, loaded: Loaded, seen: set[int]) -> None:
    if id(node) in seen:  # an alias to a node already walked
        return
    seen.add(id(node))
    loaded.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        names: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            name = str(key_node.value)
            if name in names:
                loaded.duplicates.append(((*path, name), key_node.start_mark.line + 1))
            names.add(name)
            loaded.lines.setdefault((*path, name), key_node.start_mark.line + 1)
            _record(value_node, (*path, name), loaded, seen)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), loaded, seen)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as most YAML written by hand does.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Mapping[str, Any] | Sequence[Any]) -> str:
    """YAML text of ``data``: mapping keys in the order given, block style, no aliases."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )
