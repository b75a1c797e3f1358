"""Error messages of the voting context; tests import them."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy


def _(message: str) -> str:
    """Mark ``message`` for translation; lazy, typed as the ``str`` it stands for."""
    return cast(str, gettext_lazy(message))


BAD_TITLE = _("A title is a non-empty text of at most {limit} characters, without NUL.")
ITEM_OTHER_CONFERENCE = _("That agenda item belongs to another conference.")
NOT_DRAFT = _("The poll is {state}; only a draft can be changed or opened.")
NOT_OPEN = _("The poll is {state}; votes are taken only while it is open.")
CONFERENCE_NOT_OPEN = _("The conference is not open; a poll opens only while it is.")
APPROVAL_IS_A_MOTION = _("The agenda is approved by a yes/no vote.")
NO_PAPER_FOR_RANKED = _("Ranked ballots cannot be counted on paper here; enter them one by one.")
NOBODY_ENTITLED = _("Nobody is entitled to vote in this poll.")
NOT_ENTITLED = _("You are not entitled to vote in this poll.")
DELEGATED_AWAY = _("You delegated your vote; your delegate casts it.")
ALREADY_VOTED = _("This vote has already been cast.")
KEY_REUSED = _("This submission key was already used for a different ballot.")
CHANGE_NEEDS_KEY = _(
    "This vote has already been cast. To change it, send the key of the ballot it replaces."
)
CHANGE_WRONG_KEY = _(
    "This vote has already been cast under another key: a change must name the key of the "
    "ballot it replaces (the latest one)."
)
BAD_CLIENT_KEY = _(
    "A submission key is a random text of {minimum} to {maximum} letters, digits, '-' or '_'."
)
SPLIT_MISMATCH = _("Give one choice for each vote you carry, and only for those.")
CHOICE_OR_SPLIT = _("Give either one choice for all your votes or a choice per vote, not both.")
PAPER_NOT_ALLOWED = _("This poll does not take paper ballots.")
PAPER_TOO_MANY = _(
    "{paper} paper ballots and {electronic} electronic votes are more than the {present} "
    "that could be cast."
)
PAPER_MISSING = _("Enter the count of the paper ballots before closing the poll.")
DELEGATION_OFF = _("This poll does not take delegated votes.")
DELEGATION_CHAIN = _("No chains: a delegate cannot delegate, nor can a delegator be a delegate.")
DELEGATION_OTHER_CONFERENCE = _("Both must take part in the same conference.")
DELEGATION_NO_RIGHT = _("Only participants with a voting right delegate or carry votes.")
DELEGATION_TWICE = _("{person} has already delegated their vote.")
RESERVED_OPTION = _("{option!r} cannot be an option: it names the abstentions.")
TOO_MANY_THRESHOLDS = _("A poll has at most {limit} thresholds.")
BAD_RULE = _(
    "A threshold is a fraction (numerator, denominator, at_least or more_than) on a vote base; "
    "a quorum is of registered, entitled or a fixed number."
)
CANNOT_CANCEL = _("A closed poll cannot be cancelled.")


class AlreadyVotedError(ValidationError):
    """A second, different ballot for a vote already cast (the API answers 409)."""

    def __init__(self, message: str = ALREADY_VOTED) -> None:
        super().__init__({"choice": [ValidationError(message)]})
