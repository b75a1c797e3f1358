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
# Fragments the messages above are filled with.
UNTIL = _("until {ends_on}")
OPEN_ENDED = _("with no end date")
THE_ORGANIZATION = _("the organization")
BAD_CONTACT = _("{value!r} is not a contact of a known kind ({kind!r}); give a kind and a value.")
