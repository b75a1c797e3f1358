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
