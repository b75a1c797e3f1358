"""Reads of the publishing context, for pages, feeds, the sitemap and the API.

Public reads go through ``Post.objects.public()``: a draft, a withdrawn post or a scheduled
one whose time has not come is not found, listed, counted, searched, fed or related anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from chapterhouse.access.selectors import Roles
from chapterhouse.core.translations import normalize_language, same_language
from chapterhouse.organizations.models import Organization
from chapterhouse.organizations.selectors import hide_reference
from chapterhouse.people.selectors import visible_person_ids
from chapterhouse.publishing import search
from chapterhouse.publishing.models import (
    Category,
    Comment,
    CommentState,
    Feedback,
    Post,
    PublishingSettings,
    ShareSite,
    Tag,
    is_public,
)

RELATED_COUNT = 3


def organization_languages() -> tuple[str, ...]:
    """The languages posts are written in: the organization's, else the site's default."""
    row = Organization.objects.filter(pk=1).values_list("languages", flat=True).first()
    codes = [normalize_language(c) for c in (row or []) if isinstance(c, str)]
    return tuple(dict.fromkeys(codes)) or (normalize_language(settings.LANGUAGE_CODE),)


def publishing_settings() -> PublishingSettings:
    """The stored policy, or the defaults (moderation on, every share link) before any."""
    return PublishingSettings.objects.filter(pk=1).first() or PublishingSettings(pk=1)


def _listed(posts: QuerySet[Post]) -> QuerySet[Post]:
    return (
        posts.select_related("category")
        .prefetch_related("tags", "versions")
        .annotate(
            approved_comments=Count("comments", filter=Q(comments__state=CommentState.APPROVED))
        )
    )


def public_posts() -> QuerySet[Post]:
    """Public posts, newest first, with what a list shows."""
    return _listed(Post.objects.public()).order_by("-published_at", "-id")


def public_posts_in_category(category: Category) -> QuerySet[Post]:
    return public_posts().filter(category=category)


def public_posts_tagged(tag: Tag) -> QuerySet[Post]:
    return public_posts().filter(tags=tag)


def public_posts_in_month(year: int, month: int) -> QuerySet[Post]:
    return public_posts().filter(published_at__year=year, published_at__month=month)


def public_months() -> list[dt.datetime]:
    """The months that have public posts, newest first (in the site's time zone)."""
    return list(Post.objects.public().datetimes("published_at", "month", order="DESC"))


def public_search(query: str) -> QuerySet[Post]:
    condition = search.search_q(query)
    if condition is None:
        return Post.objects.none()
    return public_posts().filter(condition)


def category_access(key: str) -> Category:
    category = Category.objects.filter(key=key).first()
    if category is None:
        raise Http404
    return category


def tag_access(key: str) -> Tag:
    tag = Tag.objects.filter(key=key).first()
    if tag is None:
        raise Http404
    return tag


def categories_in_use() -> QuerySet[Category]:
    """Categories with public posts (a category of drafts only is not named)."""
    return (
        Category.objects.filter(posts__in=Post.objects.public())
        .annotate(public_count=Count("posts", distinct=True))
        .order_by("name")
    )


def redact_author(post: Post, roles: Roles) -> Post:
    """The post, its author hidden when the viewer may not look the person up."""
    if post.author_id is not None and not visible_person_ids(ids={post.author_id}, roles=roles):
        hide_reference(post, "author")
    return post


def post_access_public(*, slug: str, roles: Roles) -> Post:
    """A public post by its address, with what its page shows; 404 for any other."""
    post = (
        _listed(Post.objects.public())
        # The conference a report tells of, linked from its page (report.report_conference).
        .select_related("author", "report__conference__series")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(state=CommentState.APPROVED).order_by(
                    "created_at", "id"
                ),
                to_attr="approved",
            )
        )
        .filter(slug=slug)
        .first()
    )
    if post is None:
        raise Http404
    return redact_author(post, roles)


def post_access(*, slug: str) -> Post:
    """Any post, for the secretariat's pages and writes (the caller checked the role)."""
    post = (
        Post.objects.select_related("category", "author")
        .prefetch_related("tags", "versions")
        .filter(slug=slug)
        .first()
    )
    if post is None:
        raise Http404
    return post


def all_posts() -> QuerySet[Post]:
    """Every post, for the secretariat's list."""
    return (
        Post.objects.select_related("category")
        .annotate(
            pending_comments=Count("comments", filter=Q(comments__state=CommentState.PENDING))
        )
        .order_by("-updated_at", "-id")
    )


def related_posts(post: Post, *, count: int = RELATED_COUNT) -> list[Post]:
    """Public posts sharing the most tags with ``post`` (then its category), newest first."""
    tag_ids = [t.pk for t in post.tags.all()]
    shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
    condition = Q(tags__in=tag_ids)
    if post.category_id is not None:
        condition |= Q(category_id=post.category_id)
    return list(
        Post.objects.public()
        .exclude(pk=post.pk)
        .filter(condition)
        .prefetch_related("versions")
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-id")
        .distinct()[:count]
    )


@dataclass(frozen=True)
class Reading:
    """A post's text for a reader: the version in the reader's language, else the original
    (``fallback`` True when the reader asked for another language)."""

    title: str
    lead: str
    body: str
    language: str
    fallback: bool


def reading_for(post: Post, language: str) -> Reading:
    """What the reader of ``language`` reads (versions prefetched: no query)."""
    if not same_language(language, post.language):
        for version in post.versions.all():
            if same_language(language, version.language):
                return Reading(version.title, version.lead, version.body, version.language, False)
        return Reading(post.title, post.lead, post.body, post.language, True)
    return Reading(post.title, post.lead, post.body, post.language, False)


def comment_tree(comments: list[Comment]) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments each with its replies (a reply's replies are shown flat under the
    top-level comment, in order)."""
    by_id = {c.pk: c for c in comments}
    tops: list[tuple[Comment, list[Comment]]] = []
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        root = comment
        seen = 0
        while root.parent_id is not None and root.parent_id in by_id and seen < 100:
            root = by_id[root.parent_id]
            seen += 1
        if root is comment:
            tops.append((comment, replies.setdefault(comment.pk, [])))
        else:
            replies.setdefault(root.pk, []).append(comment)
    return tops


def moderation_queue() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(state=CommentState.PENDING)
        .select_related("post")
        .order_by("created_at", "id")
    )


def feedback_inbox() -> QuerySet[Feedback]:
    return Feedback.objects.order_by("handled", "-created_at", "-id")


def comment_get(pk: int) -> Comment:
    comment = Comment.objects.select_related("post").filter(pk=pk).first()
    if comment is None:
        raise Http404
    return comment


def feedback_get(pk: int) -> Feedback:
    feedback = Feedback.objects.filter(pk=pk).first()
    if feedback is None:
        raise Http404
    return feedback


def share_sites_shown() -> list[str]:
    chosen = set(publishing_settings().share_sites)
    return [site.value for site in ShareSite if site.value in chosen]


def lead_image_readers(digest: str) -> str | None:
    """Who may load the lead image named ``digest``: "public" when a public post shows it,
    "secretariat" when only posts the public may not see have it, None when no post has it.
    One query on the image's index; the public condition is checked on the rows read
    (``models.is_public``), which filtering on it would not let the database do by that index."""
    rows = Post.objects.filter(lead_image=digest).order_by().values_list("state", "published_at")
    shown = [is_public(state, published_at) for state, published_at in rows]
    if not shown:
        return None
    return "public" if any(shown) else "secretariat"
