"""Keys in a request turned into objects, with a 422 naming every unknown one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import Http404

from chapterhouse.access.selectors import Roles
from chapterhouse.api.base import field_errors

T = TypeVar("T")


class Refs:
    """Looks keys up through the access selectors (so a key the viewer may not see is unknown
    too) and collects a message per unknown key at its field: ``refs.body("parent", "cc")``.
    ``check()`` raises them all as one 422; only then use what was found, via ``found()``.

    The machinery knows no context: each context's ``api`` module subclasses it with a method
    per kind of object it owns (``organizations.api.OrganizationRefs``,
    ``people.api.PeopleRefs``), each one ``self.find(field, key, get, message)``.
    """

    def __init__(self, *, roles: Roles, source: str = "body") -> None:
        self.roles = roles
        self.source = source
        self.errors: dict[str, list[str]] = {}

    def find(self, field: str, key: str | None, get: Callable[[str], T], message: str) -> T | None:
        if key is None:
            return None
        try:
            return get(key)
        except Http404:
            self.errors.setdefault(field, []).append(message.format(key=key))
            return None

    def check(self) -> None:
        if self.errors:
            raise field_errors(self.source, self.errors)

    @staticmethod
    def found(value: T | None) -> T:
        """A required reference after ``check()`` passed."""
        if value is None:
            raise LookupError("Refs.found() before Refs.check(), or of a missing key")
        return value
