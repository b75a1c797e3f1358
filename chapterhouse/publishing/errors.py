"""Error messages of the publishing context; tests import them."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy


def _(message: str) -> str:
    """Mark ``message`` for translation; lazy, typed as the ``str`` it stands for (see
    people/errors.py)."""
    return cast(str, gettext_lazy(message))


SLUG_TAKEN = _("The address {slug!r} is already used by another post.")
KEY_TAKEN = _("The key {key!r} is already used.")
LANGUAGE_NOT_OFFERED = _("{language!r} is not one of the organization's languages ({languages}).")
VERSION_IS_ORIGINAL = _("{language!r} is the post's original language, not a translation.")
VERSIONS_TWICE = _("The language {language!r} is given twice.")
TITLE_REQUIRED = _("A post needs a title.")
CANNOT_PUBLISH = _("A post that is {current} cannot be published.")
CANNOT_SCHEDULE = _("A post that is {current} cannot be scheduled.")
CANNOT_WITHDRAW = _("A post that is {current} cannot be withdrawn.")
MODERATION_STATE = _("A comment is moderated as approved or rejected, not {state!r}.")
SCHEDULE_IN_PAST = _("A post is scheduled for a time still to come; {time} has passed.")
NOT_PUBLIC = _("This post is not published.")
COMMENTS_CLOSED = _("Comments on this post are closed.")
PARENT_ELSEWHERE = _("A reply answers a published comment of the same post.")
SPAM_REFUSED = _("The message was not accepted. Leave the last field empty and send it again.")
RATE_LIMITED = _(
    "Too many messages from your connection in a short time. Nothing was saved; wait "
    "{minutes} minutes and send it again."
)
SHARE_SITE_UNKNOWN = _("Unknown share link {site!r}; known: {known}.")
TEXT_REQUIRED = _("Write something first.")
UNKNOWN_CATEGORY = _("There is no category {key!r}.")
UNKNOWN_TAG = _("There is no tag {key!r}.")
UNKNOWN_PERSON = _("There is no person {key!r}.")
TOO_LONG = _("At most {limit} characters, not {length}.")
ALT_REQUIRED = _("Describe the image (its alt text) for readers who cannot see it.")
ALT_TOO_LONG = _("The alt text is longer than {limit} characters.")
IMAGE_REQUIRED = _("Choose an image file.")
