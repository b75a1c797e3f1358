"""The contexts' demo data: each context registers its part of the demo organization, and
``chapterhouse demo`` (``demo.scenario.demo_load``) loads the parts in order.

The machinery (this package) sits below the contexts and never imports them; a context adds
its part with one line in its ``AppConfig.ready``::

    register_demo(demo.PART)  # from chapterhouse.<context> import demo

Parts are loaded in the order they were registered, which is the order of ``INSTALLED_APPS``
(the layers' order: organizations, then people), so a part finds what lower layers made, by
key, through their selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class DemoLogin:
    """A demo account, printed by ``chapterhouse demo``."""

    username: str
    password: str
    who: str


@dataclass(frozen=True)
class DemoPart:
    """One context's share of the demo organization."""

    name: str
    # Makes the context's records, through its services (by the system: ``by=None``).
    load: Callable[[], None]
    # Whether the demo is there already (a record only the demo makes); None if the part
    # cannot tell.
    loaded: Callable[[], bool] | None = None
    # The accounts the part makes, for the command to print.
    logins: tuple[DemoLogin, ...] = ()


_parts: list[DemoPart] = []


def register_demo(part: DemoPart) -> None:
    """Add a context's part of the demo; registering the same part again is a no-op."""
    if not any(known.name == part.name for known in _parts):
        _parts.append(part)


def registered_parts() -> tuple[DemoPart, ...]:
    """Every registered part, in the order of registration. Asked before the apps are ready
    (so before any context registered), it refuses rather than answer none."""
    apps.check_apps_ready()
    return tuple(_parts)
