"""A conference's states and the moves between them (pure)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConferenceState(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PREPARATION = "in_preparation", _("in preparation")
    OPEN = "open", _("open")
    ADJOURNED = "adjourned", _("adjourned")
    CLOSED = "closed", _("closed")


S = ConferenceState
# Where each state may go. A closed conference is final: its record is kept, not reopened.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNED: frozenset({S.IN_PREPARATION, S.CLOSED}),
    S.IN_PREPARATION: frozenset({S.PLANNED, S.OPEN, S.CLOSED}),
    S.OPEN: frozenset({S.ADJOURNED, S.CLOSED}),
    S.ADJOURNED: frozenset({S.OPEN, S.CLOSED}),
    S.CLOSED: frozenset(),
}


def may_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
