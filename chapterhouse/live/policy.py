"""Who may follow a scope and who sees which of its events: a registry filled by the contexts.

A scope is ``<prefix>:<rest>`` (``conference:third-congress``, ``poll:12``). The context that
owns a prefix registers it once, in its ``AppConfig.ready``::

    register_scope(
        "conference",
        may_follow=lambda user, scope: ...,   # at connect, in a thread: may query the database
        visibility=lambda user, scope: ...,   # the client's visibility class ("public", "chair")
        audience=lambda event: ...,           # the classes that receive an event
        rewrite=lambda event, visibility: ...,  # optional: what a class receives of it
        supersedes=lambda event: ...,  # optional: the key of a count only the newest of matters
    )

The live endpoint answers 404 for a prefix nobody registered and for a scope the user may not
follow (a hidden scope is not revealed to exist). Every event is serialized once per visibility
class that receives it, however many clients are in that class.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from chapterhouse.core.journal import JournalEvent

    User = AbstractBaseUser | AnonymousUser

logger = logging.getLogger(__name__)

# What a scope may look like in a URL: a registered prefix, a colon, then letters, digits and a
# few separators (no spaces, no NUL, no slash).
SCOPE_PATTERN = re.compile(r"^([a-z][a-z_]{0,30}):([A-Za-z0-9_.:-]{1,80})$")
EVERYONE = "all"


def _everyone(user: User, scope: str) -> str:
    del user, scope
    return EVERYONE


def _to_everyone(event: JournalEvent) -> Collection[str]:
    del event
    return (EVERYONE,)


@dataclass(frozen=True)
class ScopePolicy:
    prefix: str
    may_follow: Callable[[User, str], bool]
    visibility: Callable[[User, str], str]
    audience: Callable[[JournalEvent], Collection[str]]
    # What a class receives of an event it is in the audience of: the event itself (the same
    # object: one frame for every such class), another event (its own frame), or None.
    rewrite: Callable[[JournalEvent, str], JournalEvent | None] | None = None
    # For an event that only says how something stands now (a count), a key: of several events
    # with the same key, the newest says all the others did. None (or no function): every
    # event is delivered.
    supersedes: Callable[[JournalEvent], Hashable | None] | None = None

    def _key(self, event: JournalEvent) -> Hashable | None:
        if self.supersedes is None:
            return None
        try:
            return self.supersedes(event)
        except Exception:  # a key that cannot be made: the event is delivered
            logger.exception("live: what %s #%s is the count of failed", event.kind, event.id)
            return None

    def newest_only(self, events: list[JournalEvent]) -> list[JournalEvent]:
        """``events`` (in journal order) without those that a later one supersedes."""
        if self.supersedes is None or len(events) < 2:
            return events
        keys = [self._key(event) for event in events]
        last = {key: index for index, key in enumerate(keys) if key is not None}
        return [
            event
            for index, (event, key) in enumerate(zip(events, keys, strict=True))
            if key is None or last[key] == index
        ]

    def settles(self, events: list[JournalEvent]) -> bool:
        """Whether ``events`` hold one that a later one could supersede (a burst of counts
        may be under way)."""
        return self.supersedes is not None and any(self._key(e) is not None for e in events)

    def frames(self, event: JournalEvent, classes: Collection[str]) -> dict[str, bytes]:
        """The frame each of ``classes`` (in the event's audience) receives: one encoding per
        distinct version of the event, however many classes and clients share it."""
        from chapterhouse.live.hub import frame

        encoded: dict[int, bytes] = {}
        out: dict[str, bytes] = {}
        for visibility in classes:
            version = event if self.rewrite is None else self.rewrite(event, visibility)
            if version is None:
                continue
            data = encoded.get(id(version))
            if data is None:
                data = encoded[id(version)] = frame(version)
            out[visibility] = data
        return out


_policies: dict[str, ScopePolicy] = {}


def register_scope(
    prefix: str,
    *,
    may_follow: Callable[[User, str], bool],
    visibility: Callable[[User, str], str] = _everyone,
    audience: Callable[[JournalEvent], Collection[str]] = _to_everyone,
    rewrite: Callable[[JournalEvent, str], JournalEvent | None] | None = None,
    supersedes: Callable[[JournalEvent], Hashable | None] | None = None,
) -> ScopePolicy:
    """Register the policy of the scopes ``<prefix>:...``. ``may_follow(user, scope)`` decides
    whether a client may open the stream at all; ``visibility(user, scope)`` names the client's
    visibility class; ``audience(event)`` names the classes that receive an event (none: the
    event is kept from every client). ``rewrite(event, visibility)``, if given, is what a class
    in the audience receives: the event itself, a redacted copy (its own frame), or None.
    ``supersedes(event)``, if given, names what an event that only tells a count is the count
    of: the hub delivers only the newest of those it reads at once, and during a burst of them
    reads at most every ``SETTLE_SECONDS`` (live.hub). The first two run once per connection,
    in a thread; ``audience``, ``rewrite`` and ``supersedes`` run once per event and process,
    on the event loop, and must not query the database."""
    if not re.fullmatch(r"[a-z][a-z_]{0,30}", prefix):
        raise ValueError(f"A scope prefix is lower-case letters and underscores: {prefix!r}.")
    if prefix in _policies:
        raise ValueError(f"The scope prefix {prefix!r} is registered already.")
    policy = ScopePolicy(prefix, may_follow, visibility, audience, rewrite, supersedes)
    _policies[prefix] = policy
    return policy


def unregister_scope(prefix: str) -> None:
    """Forget a prefix (tests)."""
    _policies.pop(prefix, None)


def policy_for(scope: str) -> ScopePolicy | None:
    """The policy of ``scope``, or None when the scope is malformed or its prefix unknown."""
    match = SCOPE_PATTERN.match(scope)
    if match is None:
        return None
    return _policies.get(match.group(1))
