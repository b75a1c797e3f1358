"""Error messages of the people context; tests import them."""

from __future__ import annotations

APPOINTMENT_ENDS_BEFORE_START = (
    "The appointment cannot end ({ends_on}) before it starts ({starts_on})."
)
STARTS_BEFORE_MANDATE = (
    "{body} only works from {mandate_start}; the appointment cannot start on {starts_on}."
)
STARTS_AFTER_MANDATE = (
    "{body}'s mandate ended on {mandate_end}; the appointment cannot start on {starts_on}."
)
ENDS_AFTER_MANDATE = (
    "{body}'s mandate ends on {mandate_end}; the appointment cannot run until {ends_on}."
)
POSITION_TAKEN = (
    "{position} of {body} is a single-holder position, already held by {holder} "
    "from {starts_on} {until}; the dates overlap."
)
APPOINTED_BY_PERSON_OR_BODY = (
    "An appointment is made by a person or by a body's decision, not both."
)
ALREADY_ENDED = "This appointment already ended on {ends_on}."
UNKNOWN_PERSON = "There is no person with the key {key!r}."
UNKNOWN_POSITION = "There is no position with the key {key!r}."
UNKNOWN_DUTY = "There is no duty with the key {key!r}."
UNKNOWN_PARTNER = "There is no partner organization with the key {key!r}."
NEEDS_A_NAME = "A person needs at least one name."
ONE_DISPLAY_NAME = "Exactly one name is shown by default; {count} are marked."
DUPLICATE_NAME_LANGUAGE = "Two names are given for {language!r}; give one name per language."
RESPONSIBILITY_AREA = "A responsibility's area is a branch or a country, not both."
COUNTRY_CODE = "{value!r} is not a two-letter country code (ISO 3166-1 alpha-2, like 'CL')."
MEMBERSHIP_EXPIRES_BEFORE_START = (
    "The membership cannot be paid up until {expires_on}, before it starts ({starts_on})."
)
MEMBERSHIP_ENDS_BEFORE_START = (
    "The membership cannot end ({ends_on}) before it starts ({starts_on})."
)
MEMBERSHIP_OVERLAPS = "{person} already has a membership of {scope} over these dates."
