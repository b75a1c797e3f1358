"""Error messages of the conferences context; tests import them."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy


def _(message: str) -> str:
    """Mark ``message`` for translation; lazy, typed as the ``str`` it stands for (see
    people/errors.py)."""
    return cast(str, gettext_lazy(message))


FORMAT_NEEDS_VENUE = _("A conference held in person or hybrid needs a venue.")
FORMAT_NEEDS_LINK = _("A conference held online or hybrid needs a meeting link.")
ONE_OCCASION_LINK = _("Link the occasion to an observance or to an event, not both.")
ENDS_BEFORE_START = _("The conference cannot end ({ends_on}) before it starts ({starts_on}).")
NUMBER_TAKEN = _("{series} number {number} already exists ({key}).")
PREPARATORY_NEEDS_MANDATE = _(
    "{body} has no mandate (first and last day); a preparatory body works for a set time."
)
BAD_TRANSITION = _("A conference that is {current} cannot become {target}.")
NOT_OPEN = _("The conference is {state}; this can be done only while it is open.")
CLOSED = _("The conference is closed; its record can no longer change.")
SESSION_NUMBER_TAKEN = _("Session {number} already exists.")
SESSION_ALREADY_OPEN = _("Session {number} is open; close it first.")
SESSION_NOT_SCHEDULED = _("Session {number} is {state}; only a scheduled session opens.")
SESSION_NOT_OPEN = _("Session {number} is not open.")
SESSION_ENDS_BEFORE_START = _("A session cannot end before it starts.")
ALREADY_PARTICIPANT = _("{person} already takes part in this conference.")
NEEDS_A_ROLE = _("A participant has at least one role: delegate, official, guest or observer.")
UNKNOWN_ROLE = _("{role!r} is not a role (delegate, official, guest, observer).")
REPRESENTS_ONE = _("A participant represents a branch or a partner organization, not both.")
NEGATIVE_WEIGHT = _("A voting weight cannot be negative.")
NOT_INVITED = _("{who} is not invited to this conference.")
ALREADY_CHECKED_IN = _("{person} is already checked in.")
TOO_MANY = _("{count} are given; at most {maximum} at once.")
PERSONS_OR_BRANCH = _("Check in a list of persons or a delegation, not both at once.")
BAD_TOKEN = _("This invitation link is not valid.")
ITEM_UNDER_ITSELF = _("An item cannot be moved under itself or under one of its own sub-items.")
ITEM_OTHER_CONFERENCE = _("That item belongs to another conference.")
ITEM_DONE = _("This item is done.")
NOT_A_SPEAKER = _("Only a participant of this conference can ask to speak.")
SPEAKER_TWICE = _("{person} is already on the list of speakers for this item.")
SPEAKER_NOT_WAITING = _("This request is {state}; only a waiting request can do this.")
SPEAKER_NOT_SPEAKING = _("This speaker is not speaking.")
SOMEONE_SPEAKING = _("{person} is speaking; stop them first.")
REORDER_MISMATCH = _("Give every waiting request of the item exactly once, in the new order.")
NOT_YOUR_REQUEST = _("You can only withdraw your own request to speak.")
LETTER_CORRESPONDENT = _("A letter is from (or to) a partner organization or a person: give one.")
LETTER_ALREADY_PRESENTED = _("This letter was already presented at this item.")
CSV_NO_HEADER = _("The file has no header row with a column 'person'.")
CSV_UNKNOWN_COLUMN = _("Unknown column {column!r}; known: {known}.")
CSV_UNKNOWN_PERSON = _("There is no person with the key {key!r}.")
CSV_UNKNOWN_BRANCH = _("There is no branch with the key {key!r}.")
CSV_UNKNOWN_PARTNER = _("There is no partner organization with the key {key!r}.")
CSV_BAD_BOOLEAN = _("{value!r} is not yes or no.")
CSV_BAD_WEIGHT = _("{value!r} is not a voting weight (a number such as 1 or 0.5).")
CSV_DUPLICATE = _("{key!r} is also on line {line}.")
CSV_TOO_LARGE = _("The file has more than {maximum} rows.")
CSV_UNREADABLE = _("The file cannot be read as UTF-8 CSV.")
BAD_SECONDS = _("Speaking time is given in seconds, from 10 to {maximum}.")
UNKNOWN_SERIES = _("There is no conference series with the key {key!r}.")
UNKNOWN_OBSERVANCE = _("There is no observance with the key {key!r}.")
UNKNOWN_LETTER = _("There is no letter with the key {key!r}.")
CONVENING_BODY_REQUIRED = _("A conference needs a convening body.")
