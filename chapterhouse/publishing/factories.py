"""Plain factory functions of the publishing context, shared by its tests and its demo part.
They call the services, so what they make passed the same checks and left the same audit rows."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from chapterhouse.publishing.models import Category, Post, Tag
from chapterhouse.publishing.services import (
    VersionSpec,
    category_create,
    post_create,
    post_publish,
    tag_create,
)

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor
    from chapterhouse.people.models import Person

_sequence = itertools.count(1)


def make_category(*, key: str = "", name: str = "", by: Actor = None) -> Category:
    n = next(_sequence)
    return category_create(key=key or f"category-{n}", name=name or f"Category {n}", by=by)


def make_tag(*, key: str = "", name: str = "", by: Actor = None) -> Tag:
    n = next(_sequence)
    return tag_create(key=key or f"tag-{n}", name=name or f"Tag {n}", by=by)


def make_post(
    *,
    title: str = "",
    slug: str = "",
    lead: str = "",
    body: str = "Text.",
    language: str = "",
    category: Category | None = None,
    tags: Sequence[Tag] = (),
    author: Person | None = None,
    dateline_place: str = "",
    dateline_date: dt.date | None = None,
    versions: Sequence[VersionSpec] = (),
    published: bool = True,
    by: Actor = None,
) -> Post:
    n = next(_sequence)
    post = post_create(
        title=title or f"Post {n}",
        slug=slug,
        lead=lead,
        body=body,
        language=language,
        category=category,
        tags=tags,
        author=author,
        dateline_place=dateline_place,
        dateline_date=dateline_date,
        versions=versions,
        by=by,
    )
    return post_publish(post=post, by=by) if published else post
