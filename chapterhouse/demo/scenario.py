"""The demo organization: the Harbor Workers' International (HWI), fictional, from DESIGN.md.

Each context contributes its part (``<context>/demo.py``, registered through
``demo.registry``); loading walks the parts in the layers' order, in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from chapterhouse.demo.registry import DemoLogin, registered_parts


def demo_is_loaded() -> bool:
    """Whether the demo organization is there already (any part says so)."""
    return any(part.loaded() for part in registered_parts() if part.loaded is not None)


@transaction.atomic
def demo_load() -> bool:
    """Load the demo organization; False (and no change at all) if it is already there."""
    if demo_is_loaded():
        return False
    for part in registered_parts():
        part.load()
    return True


def demo_logins() -> tuple[DemoLogin, ...]:
    """The demo's accounts, in the parts' order."""
    return tuple(login for part in registered_parts() for login in part.logins)
