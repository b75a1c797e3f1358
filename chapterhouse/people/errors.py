"""Error messages of the people context; tests import them."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy


def _(message: str) -> str:
    """Mark ``message`` for translation (``makemessages`` extracts ``_("...")``).

    The result is Django's lazy string, typed as the ``str`` it stands in for: ``.format()`` and
    ``str()`` give the message in the language active at that moment, so a form shows it in the
    reader's language while callers (the API, the dossier importer) keep their ``str`` types.
    """
    return cast(str, gettext_lazy(message))


APPOINTMENT_ENDS_BEFORE_START = _(
    "The appointment cannot end ({ends_on}) before it starts ({starts_on})."
)
STARTS_BEFORE_MANDATE = _(
    "{body} only works from {mandate_start}; the appointment cannot start on {starts_on}."
)
STARTS_AFTER_MANDATE = _(
    "{body}'s mandate ended on {mandate_end}; the appointment cannot start on {starts_on}."
)
ENDS_AFTER_MANDATE = _(
    "{body}'s mandate ends on {mandate_end}; the appointment cannot run until {ends_on}."
)
POSITION_TAKEN = _(
    "{position} of {body} is a single-holder position, already held by {holder} "
    "from {starts_on} {until}; the dates overlap."
)
APPOINTED_BY_PERSON_OR_BODY = _(
    "An appointment is made by a person or by a body's decision, not both."
)
ALREADY_ENDED = _("This appointment already ended on {ends_on}.")
UNKNOWN_PERSON = _("There is no person with the key {key!r}.")
UNKNOWN_POSITION = _("There is no position with the key {key!r}.")
UNKNOWN_DUTY = _("There is no duty with the key {key!r}.")
UNKNOWN_PARTNER = _("There is no partner organization with the key {key!r}.")
NEEDS_A_NAME = _("A person needs at least one name.")
ONE_DISPLAY_NAME = _("Exactly one name is shown by default; {count} are marked.")
DUPLICATE_NAME_LANGUAGE = _("Two names are given for {language!r}; give one name per language.")
RESPONSIBILITY_AREA = _("A responsibility's area is a branch or a country, not both.")
COUNTRY_CODE = _("{value!r} is not a two-letter country code (ISO 3166-1 alpha-2, like 'CL').")
MEMBERSHIP_EXPIRES_BEFORE_START = _(
    "The membership cannot be paid up until {expires_on}, before it starts ({starts_on})."
)
MEMBERSHIP_ENDS_BEFORE_START = _(
    "The membership cannot end ({ends_on}) before it starts ({starts_on})."
)
MEMBERSHIP_OVERLAPS = _("{person} already has a membership of {scope} over these dates.")
APPOINTMENTS_PAST_MANDATE = _(
    "The new mandate ends on {mandate_end}, but these appointments run past it: {appointments}. "
    "Ask to end them on that day, or correct them first."
)
APPOINTMENTS_AFTER_MANDATE = _(
    "The new mandate ends on {mandate_end}, before these appointments start: {appointments}. "
    "Correct them first."
)
APPOINTMENTS_BEFORE_MANDATE = _(
    "The new mandate starts on {mandate_start}, after these appointments start: {appointments}. "
    "Correct them first."
)
KEY_TAKEN = _("The key {key!r} is already used by another {kind}.")
ACCOUNT_LINKED_ELSEWHERE = _("This log-in account already belongs to {person}.")
DUPLICATE_RESPONSIBILITY = _("{duty} ({area}) is given twice; give each responsibility once.")
DUPLICATE_CONTACT = _("The contact {value!r} ({kind}) is given twice.")
UNKNOWN_CONTACT_KIND = _("{kind!r} is not a kind of contact (email, phone, address, other).")
RESPONSIBILITY_NEEDS_DUTY = _("An area is given without a duty: choose the duty it is for.")
# Fragments the messages above are filled with.
APPOINTMENT_NAMED = _("{person}, {position} from {starts_on}")
EVERYWHERE = _("everywhere")
UNTIL = _("until {ends_on}")
OPEN_ENDED = _("with no end date")
THE_ORGANIZATION = _("the organization")
BAD_CONTACT = _("{value!r} is not a contact of a known kind ({kind!r}); give a kind and a value.")
