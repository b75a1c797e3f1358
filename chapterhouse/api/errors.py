"""Error messages of the API and its token commands; tests import them."""

from __future__ import annotations

RANGE_ENDS_BEFORE_START = "The end ({end}) cannot be before the start ({start})."
MALFORMED_BODY = "The request body is not valid JSON: {error}."
DATE_TYPE = "Give a date as text, like '2026-09-01' or 'Reiwa 8-09-01'."
UNKNOWN_USER = "There is no active user named {username!r}."
UNKNOWN_TOKEN = "There is no API token named {name!r}."  # noqa: S105 (a message, not a secret)
CSRF_FAILED = "CSRF check failed: send the X-CSRFToken header with session authentication."
ORGANIZATION_NEEDS_NAME = "No organization is set up yet: give its name."
BAD_CURSOR = "This is not a cursor of this list; pass the next_cursor of its previous page."
RANGE_TOO_LONG = "The range spans more than {years} years; ask for at most {years} at a time."
BODY_TOO_LARGE = "The request body is larger than {limit} bytes."
