"""Pages of API lists: every list route answers ``{"items": [...], "next_cursor": ...}``.

A client asks for ``?limit=`` rows (DEFAULT_LIMIT if not given, at most MAX_LIMIT) and follows
``next_cursor`` (``?cursor=``) until it is null. The cursor is opaque to clients; inside, it is
the sort key of the last row given (keyset pagination): the next page is the rows whose key
comes after it, so rows added or removed meanwhile never shift a page, nothing is given twice
and nothing is skipped that was there all along.

Each route says how its list is ordered by a key function: its ordering, then a unique
tie-breaker (the id), as text and whole numbers only (dates as ISO text; a descending date as
a negative day number), e.g. ``lambda a: (a.starts_on.isoformat(), a.pk)``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from ninja import Field, Schema

from chapterhouse.api import errors as msg
from chapterhouse.api.base import field_errors

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
# A cursor is a short sort key; anything longer is not one of ours.
MAX_CURSOR_LENGTH = 1000

R = TypeVar("R")
T = TypeVar("T")
SortKey = tuple[str | int, ...]


class PageQuery(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Rows per page: {DEFAULT_LIMIT} if not given, at most {MAX_LIMIT}.",
    )
    cursor: str | None = Field(
        None,
        max_length=MAX_CURSOR_LENGTH,
        description="The `next_cursor` of the previous page; leave out for the first page.",
    )


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `?cursor=` for the next page; null on the last page."
    )


def encode_cursor(key: SortKey) -> str:
    text = json.dumps(list(key), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> SortKey:
    """The sort key inside ``cursor``; a 422 at ``cursor`` if it is not one."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
        value = json.loads(text)
    except (binascii.Error, ValueError):
        value = None
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(part, str | int) and not isinstance(part, bool) for part in value)
    ):
        raise field_errors("query", {"cursor": [msg.BAD_CURSOR]})
    return tuple(value)


def paginate(
    rows: Iterable[R],
    *,
    key: Callable[[R], SortKey],
    query: PageQuery,
    render: Callable[[list[R]], Sequence[T]],
) -> Page[T]:
    """One page of ``rows`` in the order of ``key``, after ``query.cursor``, each row rendered
    by ``render`` (called once, with the page's rows only)."""
    keyed = sorted(((key(row), row) for row in rows), key=lambda pair: pair[0])
    if query.cursor is not None:
        after = decode_cursor(query.cursor)
        try:
            keyed = [(k, row) for k, row in keyed if k > after]
        except TypeError:  # a key of other parts than this list's
            raise field_errors("query", {"cursor": [msg.BAD_CURSOR]}) from None
    page = keyed[: query.limit]
    more = len(keyed) > query.limit
    return Page[T](
        items=list(render([row for _key, row in page])),
        next_cursor=encode_cursor(page[-1][0]) if more else None,
    )
