"""Keys in a request turned into objects, with a 422 naming every unknown one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import Http404

from chapterhouse.access.selectors import Roles
from chapterhouse.api.base import field_errors
from chapterhouse.organizations import errors as org_msg
from chapterhouse.organizations.models import Body, Branch, HistoryEvent
from chapterhouse.organizations.selectors import body_access, branch_access, history_event_access
from chapterhouse.people import errors as people_msg
from chapterhouse.people.models import Duty, PartnerOrganization, Person, Position
from chapterhouse.people.selectors import (
    duty_access,
    partner_organization_access,
    person_access,
    position_access,
)

T = TypeVar("T")


class Refs:
    """Looks keys up through the access selectors (so a key the viewer may not see is unknown
    too) and collects a message per unknown key at its field: ``refs.body("parent", "cc")``.
    ``check()`` raises them all as one 422; only then use what was found, via ``found()``.
    """

    def __init__(self, *, roles: Roles, source: str = "body") -> None:
        self.roles = roles
        self.source = source
        self.errors: dict[str, list[str]] = {}

    def _find(self, field: str, key: str | None, get: Callable[[str], T], message: str) -> T | None:
        if key is None:
            return None
        try:
            return get(key)
        except Http404:
            self.errors.setdefault(field, []).append(message.format(key=key))
            return None

    def branch(self, field: str, key: str | None) -> Branch | None:
        return self._find(field, key, lambda k: branch_access(key=k), org_msg.UNKNOWN_BRANCH)

    def body(self, field: str, key: str | None) -> Body | None:
        return self._find(
            field, key, lambda k: body_access(key=k, roles=self.roles), org_msg.UNKNOWN_BODY
        )

    def event(self, field: str, key: str | None) -> HistoryEvent | None:
        return self._find(
            field,
            key,
            lambda k: history_event_access(key=k, roles=self.roles),
            org_msg.UNKNOWN_EVENT,
        )

    def person(self, field: str, key: str | None) -> Person | None:
        return self._find(
            field, key, lambda k: person_access(key=k, roles=self.roles), people_msg.UNKNOWN_PERSON
        )

    def partner(self, field: str, key: str | None) -> PartnerOrganization | None:
        return self._find(
            field, key, lambda k: partner_organization_access(key=k), people_msg.UNKNOWN_PARTNER
        )

    def position(self, field: str, key: str | None) -> Position | None:
        return self._find(field, key, lambda k: position_access(key=k), people_msg.UNKNOWN_POSITION)

    def duty(self, field: str, key: str | None) -> Duty | None:
        return self._find(field, key, lambda k: duty_access(key=k), people_msg.UNKNOWN_DUTY)

    def check(self) -> None:
        if self.errors:
            raise field_errors(self.source, self.errors)

    @staticmethod
    def found(value: T | None) -> T:
        """A required reference after ``check()`` passed."""
        if value is None:
            raise LookupError("Refs.found() before Refs.check(), or of a missing key")
        return value
