"""The publishing context over HTTP: public posts for everyone; the secretariat's writes
(posts and their states, comment moderation) through the same services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from chapterhouse.api.auth import AUTH, WRITE_AUTH, roles, secretariat
from chapterhouse.api.pagination import Page, PageQuery, paginate
from chapterhouse.api.refs import Refs
from chapterhouse.api.schemas import Payload, ValidationErrorOut, answers, limited, unset
from chapterhouse.people.models import Person
from chapterhouse.people.selectors import person_access
from chapterhouse.publishing import errors as msg
from chapterhouse.publishing import images, selectors, services
from chapterhouse.publishing.models import Category, Comment, Post, Tag

router = Router(tags=["publishing"], auth=AUTH)


class VersionIO(Schema):
    language: str
    title: str
    lead: str = ""
    body: str = ""


class ImageSourceOut(Schema):
    width: int
    url: str


class PostOut(Schema):
    slug: str
    language: str
    title: str
    lead: str
    body: str
    body_html: str
    dateline_place: str
    dateline_date: dt.date | None
    category: str | None
    tags: list[str]
    author: str | None
    published_at: dt.datetime | None
    view_count: int
    comment_count: int
    comments_open: bool
    versions: list[VersionIO]
    lead_image: list[ImageSourceOut]
    lead_image_alt: str


class PostStaffOut(PostOut):
    state: str


def _post_out(post: Post, *, staff: bool = False) -> PostOut:
    from chapterhouse.conferences.markdown import render_markdown

    data: dict[str, Any] = {
        "slug": post.slug,
        "language": post.language,
        "title": post.title,
        "lead": post.lead,
        "body": post.body,
        "body_html": render_markdown(post.body),
        "dateline_place": post.dateline_place,
        "dateline_date": post.dateline_date,
        "category": post.category.key if post.category else None,
        "tags": [t.key for t in post.tags.all()],
        "author": post.author.key if post.author else None,
        "published_at": post.published_at,
        "view_count": post.view_count,
        "comment_count": getattr(post, "approved_comments", 0),
        "comments_open": post.comments_open,
        "versions": [
            VersionIO(language=v.language, title=v.title, lead=v.lead, body=v.body)
            for v in post.versions.all()
        ],
        "lead_image": [
            ImageSourceOut(width=width, url=url) for width, url in post.lead_image_sources()
        ],
        "lead_image_alt": post.lead_image_alt,
    }
    if staff:
        return PostStaffOut(state=post.state, **data)
    return PostOut(**data)


def _newest_first(post: Post) -> tuple[int, int]:
    stamp = int(post.published_at.timestamp() * 1_000_000) if post.published_at else 0
    return (-stamp, -post.pk)


@router.get("/posts", response=answers({200: Page[PostOut]}))
def post_list(request: HttpRequest, page: Query[PageQuery]) -> Page[PostOut]:
    """Published posts, newest first (drafts, withdrawn and not-yet-due posts are not here)."""
    viewer = roles(request)
    return paginate(
        selectors.public_posts().select_related("author"),
        key=_newest_first,
        query=page,
        render=lambda posts: [_post_out(selectors.redact_author(p, viewer)) for p in posts],
    )


@router.get("/posts/{slug}", response=answers({200: PostOut}))
def post_get(request: HttpRequest, slug: str) -> PostOut:
    """A published post (404 for any other, whoever asks: the secretariat's view is its page)."""
    return _post_out(selectors.post_access_public(slug=slug, roles=roles(request)))


class PostRefs(Refs):
    def category(self, field: str, key: str | None) -> Category | None:
        return self.find(field, key, selectors.category_access, msg.UNKNOWN_CATEGORY)

    def tags(self, field: str, keys: list[str]) -> list[Tag]:
        found = [
            self.find(f"{field}.{i}", k, selectors.tag_access, msg.UNKNOWN_TAG)
            for i, k in enumerate(keys)
        ]
        return [t for t in found if t is not None]

    def person(self, field: str, key: str | None) -> Person | None:
        return self.find(
            field, key, lambda k: person_access(key=k, roles=self.roles), msg.UNKNOWN_PERSON
        )


class PostIn(Payload):
    title: str = limited(Post, "title")
    slug: str = limited(Post, "slug", default="")
    language: str = ""
    lead: str = limited(Post, "lead", default="")
    body: str = limited(Post, "body", default="")
    dateline_place: str = limited(Post, "dateline_place", default="")
    dateline_date: dt.date | None = None
    category: str | None = None
    tags: list[str] = []
    author: str | None = None
    comments_open: bool = True
    versions: list[VersionIO] = []


def _staff_post(slug: str) -> Post:
    return selectors.post_access(slug=slug)


@router.post("/posts", response=answers({201: PostStaffOut}, write=True), auth=WRITE_AUTH)
def post_create(request: HttpRequest, payload: PostIn) -> Status[PostOut]:
    """A new draft."""
    by = secretariat(request)
    refs = PostRefs(roles=roles(request))
    category = refs.category("category", payload.category)
    tags = refs.tags("tags", payload.tags)
    author = refs.person("author", payload.author)
    refs.check()
    post = services.post_create(
        title=payload.title,
        slug=payload.slug,
        language=payload.language,
        lead=payload.lead,
        body=payload.body,
        dateline_place=payload.dateline_place,
        dateline_date=payload.dateline_date,
        category=category,
        tags=tags,
        author=author,
        comments_open=payload.comments_open,
        versions=[
            services.VersionSpec(v.language, v.title, v.lead, v.body) for v in payload.versions
        ],
        by=by,
    )
    return Status(201, _post_out(_staff_post(post.slug), staff=True))


class PostPatch(Payload):
    title: str = unset()
    slug: str = unset()
    lead: str = unset()
    body: str = unset()
    dateline_place: str = unset()
    dateline_date: dt.date | None = unset()
    category: str | None = unset()
    tags: list[str] = unset()
    author: str | None = unset()
    comments_open: bool = unset()
    versions_set: list[VersionIO] = []
    versions_remove: list[str] = []


@router.patch("/posts/{slug}", response=answers({200: PostStaffOut}, write=True), auth=WRITE_AUTH)
def post_update(request: HttpRequest, slug: str, payload: PostPatch) -> PostOut:
    """Change the fields sent; set or remove language versions by language."""
    by = secretariat(request)
    post = _staff_post(slug)
    refs = PostRefs(roles=roles(request))
    sent = payload.model_fields_set
    changes: dict[str, Any] = {
        name: getattr(payload, name)
        for name in (
            "title",
            "slug",
            "lead",
            "body",
            "dateline_place",
            "dateline_date",
            "comments_open",
        )
        if name in sent
    }
    if "category" in sent:
        changes["category"] = refs.category("category", payload.category)
    if "author" in sent:
        changes["author"] = refs.person("author", payload.author)
    tags = refs.tags("tags", payload.tags) if "tags" in sent else None
    refs.check()
    post = services.post_update(
        post=post,
        tags=tags,
        versions_set=[
            services.VersionSpec(v.language, v.title, v.lead, v.body) for v in payload.versions_set
        ],
        versions_remove=payload.versions_remove,
        by=by,
        **changes,
    )
    return _post_out(_staff_post(post.slug), staff=True)


class ScheduleIn(Payload):
    publish_at: dt.datetime


@router.post(
    "/posts/{slug}/publish", response=answers({200: PostStaffOut}, write=True), auth=WRITE_AUTH
)
def post_publish(request: HttpRequest, slug: str) -> PostOut:
    post = services.post_publish(post=_staff_post(slug), by=secretariat(request))
    return _post_out(_staff_post(post.slug), staff=True)


@router.post(
    "/posts/{slug}/schedule", response=answers({200: PostStaffOut}, write=True), auth=WRITE_AUTH
)
def post_schedule(request: HttpRequest, slug: str, payload: ScheduleIn) -> PostOut:
    post = services.post_schedule(
        post=_staff_post(slug), publish_at=payload.publish_at, by=secretariat(request)
    )
    return _post_out(_staff_post(post.slug), staff=True)


@router.post(
    "/posts/{slug}/withdraw", response=answers({200: PostStaffOut}, write=True), auth=WRITE_AUTH
)
def post_withdraw(request: HttpRequest, slug: str) -> PostOut:
    post = services.post_withdraw(post=_staff_post(slug), by=secretariat(request))
    return _post_out(_staff_post(post.slug), staff=True)


@router.post(
    "/posts/{slug}/lead-image",
    # 400: a multipart body that cannot be parsed (core.middleware), in the validation shape.
    response=answers({200: PostStaffOut, 400: ValidationErrorOut}, write=True),
    auth=WRITE_AUTH,
)
def post_lead_image_set(
    request: HttpRequest, slug: str, image: File[UploadedFile], alt: Form[str]
) -> PostOut:
    """Upload the post's lead image (multipart/form-data: ``image`` and its ``alt`` text)."""
    image.seek(0)
    data = image.read(images.MAX_BYTES + 1)
    post = services.post_lead_image_set(
        post=_staff_post(slug), data=data, alt=alt, by=secretariat(request)
    )
    return _post_out(_staff_post(post.slug), staff=True)


@router.delete(
    "/posts/{slug}/lead-image", response=answers({200: PostStaffOut}, write=True), auth=WRITE_AUTH
)
def post_lead_image_remove(request: HttpRequest, slug: str) -> PostOut:
    post = services.post_lead_image_remove(post=_staff_post(slug), by=secretariat(request))
    return _post_out(_staff_post(post.slug), staff=True)


class ModerateIn(Payload):
    state: Literal["approved", "rejected"]


class CommentOut(Schema):
    id: int
    post: str
    name: str
    text: str
    state: str
    created_at: dt.datetime


@router.post(
    "/comments/{comment_id}/moderate",
    response=answers({200: CommentOut}, write=True),
    auth=WRITE_AUTH,
)
def comment_moderate(request: HttpRequest, comment_id: int, payload: ModerateIn) -> CommentOut:
    comment: Comment = services.comment_moderate(
        comment=selectors.comment_get(comment_id), state=payload.state, by=secretariat(request)
    )
    return CommentOut(
        id=comment.pk,
        post=comment.post.slug,
        name=comment.name,
        text=comment.text,
        state=comment.state,
        created_at=comment.created_at,
    )
