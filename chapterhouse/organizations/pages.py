"""What upper layers add to the body page.

The body page belongs to organizations, but who holds its positions is people's record, and
people is the upper layer: organizations does not import it. A context that shows something on
the body page registers a section in its AppConfig.ready (people registers the holders); the
page calls every section with the body, the day it is read on and the viewer's roles, and merges
what they return into its template's context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chapterhouse.access.selectors import Roles
    from chapterhouse.organizations.models import Body

BodyPageSection = Callable[..., dict[str, Any]]

_sections: list[BodyPageSection] = []


def body_page_register(section: BodyPageSection) -> None:
    """Add ``section(*, body, on, roles) -> dict`` to the body page (once per section)."""
    if section not in _sections:
        _sections.append(section)


def body_page_context(*, body: Body, on: dt.date, roles: Roles) -> dict[str, Any]:
    """The registered sections' context for the body page, in the order they registered."""
    context: dict[str, Any] = {}
    for section in _sections:
        context.update(section(body=body, on=on, roles=roles))
    return context
