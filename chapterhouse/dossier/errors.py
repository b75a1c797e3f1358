"""Error messages of the dossier format; tests import them.

Errors about the organization's records themselves (an unknown person, an appointment that ends
before it starts) use the messages of the organizations and people contexts.
"""

from __future__ import annotations

EMPTY_FILE = "The file is empty; a dossier starts with 'format: chapterhouse-dossier'."
YAML_SYNTAX = "This is not valid YAML: {problem}."
YAML_UNREADABLE = "The file cannot be read as text: {problem}."
NOT_A_MAPPING = "A dossier is a YAML mapping that starts with 'format: chapterhouse-dossier'."
NOT_A_DOSSIER = "This is not a Chapterhouse dossier: 'format' must be 'chapterhouse-dossier'."
NEWER_VERSION = (
    "This dossier is version {version} of the format, written by a newer Chapterhouse; "
    "this one reads version {supported}."
)
BAD_VERSION = (
    "The file must say 'version: {supported}', the version of the format it is written in."
)
UNKNOWN_SECTION = (
    "There is no section {name!r} in version {version} of the dossier format; "
    "the sections are: {sections}."
)
UNKNOWN_FIELD = "There is no field {name!r} here; the fields are: {fields}."
DUPLICATE_FIELD = "The field {name!r} is given twice."
REQUIRED_FIELD = "The field {name!r} is required."
NOT_A_DATE = "{value!r} is not a date; write dates as YYYY-MM-DD, like 2026-08-20."
WRONG_TYPE = "{value} is not {expected}."
QUOTE_HINT = " (put it in quotes to make it text)"
BAD_KEY = (
    "{value!r} is not a key: keys are lower-case letters and digits joined by single hyphens, "
    "like 'chile-executive'."
)
BAD_COUNTRY = "{value!r} is not a two-letter country code (ISO 3166-1 alpha-2, like 'CL')."
DUPLICATE_MEMBERSHIP = "{person} has another membership of {scope} starting on {starts_on} above."
DUPLICATE_CONTACT = "The contact {kind} {value!r} is given twice."
DUPLICATE_RESPONSIBILITY = "The same responsibility is given twice."
TOO_LARGE = (
    "The file is {size} bytes; the import reads files of at most {limit} bytes "
    "(the setting CHAPTERHOUSE_DOSSIER_MAX_BYTES)."
)
TOO_DEEP = "The file nests values more than {limit} levels deep; a dossier needs far fewer."
TOO_MANY_ALIASES = (
    "The file's aliases (*name) stand for more than {limit} values in all; write the values out."
)
ALIAS_LOOP = "An alias (*name) refers to a value that contains it."
TOO_LONG = "This is {length} characters long; at most {limit} are allowed."
TOO_MANY_ITEMS = "{count} are given; at most {limit} are allowed."
CONFLICT = "This row conflicts with a rule of the database: {detail}"
FAILED = "{count} error(s) in {source}; nothing was imported."
