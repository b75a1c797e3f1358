"""Membership status from dates, the way CiviCRM's status rules read them. Pure."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"  # starts in the future
    CURRENT = "current"  # started, not ended, not past its paid-up date
    LAPSED = "lapsed"  # past its paid-up date without renewal, not ended
    ENDED = "ended"  # its last day (resigned, expelled, deceased) has passed


def membership_status(
    *, starts_on: dt.date, expires_on: dt.date | None, ends_on: dt.date | None, on: dt.date
) -> Status:
    """Status on ``on``. Like every date range in Chapterhouse both ends are inclusive: the end
    date and the paid-up date are the last days of membership and of the term."""
    if ends_on is not None and on > ends_on:
        return Status.ENDED
    if on < starts_on:
        return Status.PENDING
    if expires_on is not None and on > expires_on:
        return Status.LAPSED
    return Status.CURRENT
