"""Guards a body's mandate change must pass, registered by the contexts built on organizations.

Organizations is the lower layer: it must not import people, yet a body's mandate bounds the
appointments people records in it. So ``body_update`` asks every registered guard about the new
mandate; people registers its guard in ``PeopleConfig.ready``. A guard looks at the body as it
will be (unsaved), adds an error per field for what the change would leave outside the mandate,
and may return an action to run once the body is saved, in the same transaction (ending the
appointments that run past the new end, when the caller asked for it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor
    from chapterhouse.core.errors import Errors
    from chapterhouse.organizations.models import Body


class MandateGuard(Protocol):
    def __call__(
        self, *, body: Body, end_outside: bool, errors: Errors, by: Actor
    ) -> Callable[[], None] | None: ...


_guards: list[MandateGuard] = []


def mandate_guard_register(guard: MandateGuard) -> None:
    """Register ``guard`` once (registering it again is harmless: ready() may run twice)."""
    if guard not in _guards:
        _guards.append(guard)


def mandate_guards_run(
    *, body: Body, end_outside: bool, errors: Errors, by: Actor
) -> list[Callable[[], None]]:
    """Ask every guard about ``body``'s new mandate; the actions to run after it is saved."""
    actions = [guard(body=body, end_outside=end_outside, errors=errors, by=by) for guard in _guards]
    return [action for action in actions if action is not None]
