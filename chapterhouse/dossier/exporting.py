"""Helpers of the sections' exports (``<context>/dossier.py``): rows without empty fields,
keys by id, trees parents first, translations in a fixed order. Nothing here knows a model of
any context."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.db.models import QuerySet

Row = dict[str, Any]


class _Node(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def key(self) -> str: ...
    @property
    def parent_id(self) -> Any: ...


N = TypeVar("N", bound=_Node)


def compact(row: Row) -> Row:
    """The row without its empty optional fields (None, '', [] or {}); False and 0 stay."""
    return {
        name: value
        for name, value in row.items()
        if not (value is None or (isinstance(value, str | list | dict) and not value))
    }


def keys_by_id(rows: QuerySet[Any]) -> dict[int, str]:
    """The key of every object of ``rows`` (a model's manager's queryset), by id."""
    return dict(rows.values_list("id", "key"))


def parents_first(nodes: Iterable[N]) -> list[N]:
    """A tree in pre-order: each root by key, then its children by key, depth first."""
    children: dict[Any, list[N]] = defaultdict(list)
    every = list(nodes)
    for node in every:
        children[node.parent_id].append(node)
    ordered: list[N] = []
    stack = sorted(children[None], key=lambda n: n.key, reverse=True)
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(sorted(children[node.pk], key=lambda n: n.key, reverse=True))
    # A cycle written around the services would leave rows unvisited; keep them anyway.
    seen = {node.pk for node in ordered}
    ordered.extend(sorted((n for n in every if n.pk not in seen), key=lambda n: n.key))
    return ordered


def translations(value: Any) -> dict[str, str]:
    """A ``<field>_translations`` value, languages in alphabetical order."""
    return {code: value[code] for code in sorted(value or {})}


__all__ = ["Row", "compact", "keys_by_id", "parents_first", "translations"]
