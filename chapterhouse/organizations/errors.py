"""Error messages of the organizations context; tests import them."""

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


MANDATE_ENDS_BEFORE_START = _("The mandate cannot end ({ends_on}) before it starts ({starts_on}).")
PARENT_CYCLE = _("{name} cannot be placed under itself or under one of its own parts.")
UNKNOWN_BRANCH = _("There is no branch with the key {key!r}.")
UNKNOWN_BODY = _("There is no body with the key {key!r}.")
UNKNOWN_EVENT = _("There is no history event with the key {key!r}.")
KEY_TAKEN = _("The key {key!r} is already used by another {kind}.")
RENAME_NEEDS_NEW_NAME = _("A renaming needs the new name.")
EVENT_TWO_SUBJECTS = _("An event concerns a branch, a body or the organization, not two of them.")
EVENT_IN_FUTURE = _("A history event records what has happened: {date} is after today ({today}).")
BAD_PRECISION = _(
    "A date is known to the day, the month or the year; {date} does not start its {precision}."
)
OBSERVANCE_NEEDS_A_DAY = _(
    "An observance takes its day from an event known to the day; {title} is dated {date}."
)
EVENT_KEEPS_OBSERVANCES = _(
    "This event gives the day of {names}, so its date must stay known to the day."
)
OBSERVANCE_DAY = _("Give either an event (its date sets the day) or a month and day, not both.")
BAD_MONTH_DAY = _("{month}/{day} is not a day of the year.")
NO_ORGANIZATION = _("No organization is set up yet; import a dossier or run 'chapterhouse demo'.")
UNKNOWN_LANGUAGE = _(
    "{language!r} is not one of the interface languages (en, ko, ja, ru, zh-hans)."
)
TRANSLATION_LANGUAGE = _(
    "{language!r} is not a language to translate into; the organization's are: {languages}."
)
TRANSLATION_TWICE = _("The translation into {language!r} is given twice.")
TRANSLATION_EMPTY = _("The translation into {language!r} is empty.")
TRANSLATION_TOO_LONG = _(
    "The translation into {language!r} has {length} characters; at most {limit} are allowed."
)
TRANSLATIONS_SHAPE = _("Translations are given as a language code and a text for each language.")
EVENT_HAS_OBSERVANCES = _(
    "This event sets the day of {names}; change or void that observance first."
)
OBSERVANCE_EVENT_VOIDED = _("The event {event!r} was voided; restore it first or choose a day.")
