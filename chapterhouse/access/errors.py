"""Error messages of the access context; tests import them."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy


def _(message: str) -> str:
    """Mark ``message`` for translation; a lazy string typed as ``str`` (see people/errors.py)."""
    return cast(str, gettext_lazy(message))


USERNAME_TAKEN = _("The user name {username!r} is taken.")
PERSON_HAS_ACCOUNT = _("{person} already has a log-in account ({username}).")
PASSWORDS_DIFFER = _("The two passwords differ.")
VOID_NEEDS_REASON = _("Say why this record is void.")
ALREADY_VOIDED = _("This record is already void.")
NOT_VOIDED = _("This record is not void.")
