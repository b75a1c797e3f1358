"""What upper layers add to a conference's page.

The conference page belongs to conferences, but what is written about a conference (its
reports, in publishing) is an upper layer's record: conferences does not import it. A context
that shows something on the conference page registers a section in its AppConfig.ready
(publishing registers the conference's reports); the page calls every section with the
conference, the viewer's roles and level and the page's language, and includes the template
of each section that answers, with the section's context as ``section``. A section decides
what the viewer may see: the page passes on only what it returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chapterhouse.conferences.models import Conference


@dataclass(frozen=True)
class ConferenceSection:
    """A template included on the conference page, and its context (as ``section``)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


# section(*, conference, roles, level, language) -> ConferenceSection | None (nothing to show)
ConferencePageSection = Callable[..., "ConferenceSection | None"]

_sections: list[ConferencePageSection] = []


def register_conference_section(section: ConferencePageSection) -> None:
    """Add ``section(*, conference, roles, level, language)`` to the conference page (once)."""
    if section not in _sections:
        _sections.append(section)


def conference_page_sections(
    *, conference: Conference, roles: Any, level: str, language: str
) -> list[ConferenceSection]:
    """The registered sections that have something to show, in the order they registered.
    ``roles`` is the viewer's ``access.selectors.Roles``, passed on as it is (a registry
    imports no context: tests/test_layers.py)."""
    shown: list[ConferenceSection] = []
    for section in _sections:
        answer = section(conference=conference, roles=roles, level=level, language=language)
        if answer is not None:
            shown.append(answer)
    return shown
