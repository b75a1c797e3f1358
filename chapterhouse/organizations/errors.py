"""Error messages of the organizations context; tests import them."""

from __future__ import annotations

MANDATE_ENDS_BEFORE_START = "The mandate cannot end ({ends_on}) before it starts ({starts_on})."
PARENT_CYCLE = "{name} cannot be placed under itself or under one of its own parts."
UNKNOWN_BRANCH = "There is no branch with the key {key!r}."
UNKNOWN_BODY = "There is no body with the key {key!r}."
UNKNOWN_EVENT = "There is no history event with the key {key!r}."
KEY_TAKEN = "The key {key!r} is already used by another {kind}."
RENAME_NEEDS_NEW_NAME = "A renaming needs the new name."
EVENT_TWO_SUBJECTS = "An event concerns a branch, a body or the organization, not two of them."
OBSERVANCE_DAY = "Give either an event (its date sets the day) or a month and day, not both."
BAD_MONTH_DAY = "{month}/{day} is not a day of the year."
NO_ORGANIZATION = "No organization is set up yet; import a dossier or run 'chapterhouse demo'."
UNKNOWN_LANGUAGE = "{language!r} is not one of the interface languages (en, ko, ja, ru, zh-hans)."
