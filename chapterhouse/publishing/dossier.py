"""The publishing context's dossier sections: categories, tags, posts (with their language
versions) and readers' comments; their schema fragment is ``dossier.schema.json`` beside this
module.

Each export reads the context's models in a fixed order; each apply writes through the
context's services, with the importer's machinery (``dossier.importer``). A post's author is a
person, by key (the account that added it is not in a dossier, as no account is). Its lead image
is named by its digest only: the image files are not in the file, they stay in the media
directory (``MEDIA_ROOT/publishing``), which is copied beside the dossier.

Times are a record: a post is published (or scheduled) and commented through the services,
which stamp the time of the import, and then its publication, creation and last-change times
and its comments' times are set to the ones the file gives. Readers' feedback is not exported
(see docs/dossier.md). Registered in ``PublishingConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from chapterhouse.core.audit import audit_record
from chapterhouse.dossier.exporting import Row, compact, keys_by_id
from chapterhouse.dossier.exporting import translations as translations_out
from chapterhouse.dossier.importer import Importer, RowRefs, changes, date, text, translations
from chapterhouse.dossier.registry import Section
from chapterhouse.dossier.yamlio import Path
from chapterhouse.people.models import Person
from chapterhouse.publishing import errors as pub_msg
from chapterhouse.publishing import images
from chapterhouse.publishing.models import (
    Category,
    Comment,
    CommentState,
    Post,
    PostState,
    PostVersion,
    Tag,
)
from chapterhouse.publishing.services import (
    VersionSpec,
    category_create,
    category_update,
    comment_moderate,
    comment_submit,
    post_comments_set,
    post_create,
    post_publish,
    post_schedule,
    post_update,
    post_withdraw,
    tag_create,
    tag_update,
)


def _(message: str) -> str:
    """Mark ``message`` for translation; lazy, typed as the ``str`` it stands for."""
    return cast(str, gettext_lazy(message))


UNKNOWN_POST = _("There is no post with the slug {key!r}.")
GIVEN_TWICE = _("This {kind} is given twice (see above).")
BAD_TIME = _("{value!r} is not a time with its offset, like 2026-09-01T10:00:00+00:00.")
CANNOT_UNDO = _("An import cannot undo this: {what}.")
NO_SUCH_IMAGE = _(
    "The lead image {name!r} is not among the media files ({folder}): copy the media directory "
    "beside the dossier, or upload the image on the post's page."
)
KIND_TAKEN = _("The key {key!r} is already used by another {kind}.")

# ---- shared ---------------------------------------------------------------------------------


def _time_out(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def _time_in(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


# ---- export ---------------------------------------------------------------------------------


def _terms(model: type[Category] | type[Tag]) -> list[Row]:
    return [
        compact(
            {
                "key": t.key,
                "name": t.name,
                "name_translations": translations_out(t.name_translations),
            }
        )
        for t in sorted(_all(model), key=lambda t: t.key)
    ]


def _all(model: type[Category] | type[Tag]) -> list[Any]:
    return list(model.objects.all())


def export_categories() -> list[Row]:
    return _terms(Category)


def export_tags() -> list[Row]:
    return _terms(Tag)


def export_posts() -> list[Row]:
    categories = keys_by_id(Category.objects.all())
    persons = keys_by_id(Person.objects.all())
    versions: dict[int, list[Row]] = defaultdict(list)
    for v in PostVersion.objects.order_by("language"):
        versions[v.post_id].append(
            compact({"language": v.language, "title": v.title, "lead": v.lead, "body": v.body})
        )
    return [
        compact(
            {
                "slug": p.slug,
                "language": p.language,
                "title": p.title,
                "lead": p.lead,
                "body": p.body,
                "versions": versions[p.pk],
                "dateline_place": p.dateline_place,
                "dateline_date": p.dateline_date,
                "category": categories.get(p.category_id or 0),
                "tags": sorted(t.key for t in p.tags.all()),
                "author": persons.get(p.author_id or 0),
                "state": p.state,
                "published_at": _time_out(p.published_at),
                "comments_open": p.comments_open,
                "lead_image": p.lead_image,
                "lead_image_alt": p.lead_image_alt,
                "created_at": _time_out(p.created_at),
                "updated_at": _time_out(p.updated_at),
            }
        )
        for p in sorted(Post.objects.prefetch_related("tags"), key=lambda p: p.slug)
    ]


def export_comments() -> list[Row]:
    by_post: dict[int, list[Comment]] = defaultdict(list)
    for c in Comment.objects.order_by("created_at", "id"):
        by_post[c.post_id].append(c)

    def thread(comments: list[Comment], parent: int | None) -> list[Row]:
        return [
            compact(
                {
                    "at": _time_out(c.created_at),
                    "name": c.name,
                    "text": c.text,
                    "state": c.state,
                    "replies": thread(comments, c.pk),
                }
            )
            for c in comments
            if c.parent_id == parent
        ]

    return [
        {"post": post.slug, "comments": thread(by_post[post.pk], None)}
        for post in sorted(Post.objects.all(), key=lambda p: p.slug)
        if by_post[post.pk]
    ]


# ---- apply ----------------------------------------------------------------------------------


def _apply_terms(importer: Importer, section: str, model: type[Any], kind: str) -> None:
    found = importer.found(section, model)
    found.update({t.key: t for t in model.objects.all()})
    create, update = (
        (category_create, category_update) if model is Category else (tag_create, tag_update)
    )
    for path, row in importer.keyed_rows(section, taken=KIND_TAKEN, kind=kind):
        desired: dict[str, Any] = {
            "name": row["name"],
            "name_translations": translations(row, "name_translations"),
        }

        def updated(obj: Any, changed: dict[str, Any], update: Any = update) -> Any:
            return update(**{kind: obj}, by=importer.by, **changed)

        importer.simple(section, path, row["key"], found, desired, create=create, update=updated)


def apply_categories(importer: Importer) -> None:
    _apply_terms(importer, "categories", Category, "category")


def apply_tags(importer: Importer) -> None:
    _apply_terms(importer, "tags", Tag, "tag")


def apply_posts(importer: Importer) -> None:
    section = "posts"
    found = importer.found(section, Post)
    found.update({p.slug: p for p in Post.objects.all()})
    rows = [
        (path, {**row, "key": row["slug"]})
        for path, row in importer.rows(section)
        if isinstance(row.get("slug"), str)
    ]
    seen: set[str] = set()
    for path, row in rows:
        if row["key"] in seen:
            importer.problem((*path, "slug"), KIND_TAKEN.format(key=row["key"], kind="post"))
            continue
        seen.add(row["key"])
        _apply_post(importer, path, row)


def _apply_post(importer: Importer, path: Path, row: Row) -> None:
    section = "posts"
    refs = RowRefs(importer)
    category = refs.get(
        importer.found("categories", Category),
        "categories",
        row.get("category"),
        (*path, "category"),
        pub_msg.UNKNOWN_CATEGORY,
    )
    tags = []
    for index, key in enumerate(row.get("tags") or []):
        tag = refs.get(
            importer.found("tags", Tag), "tags", key, (*path, "tags", index), pub_msg.UNKNOWN_TAG
        )
        if tag is not None:
            tags.append(tag)
    author = refs.get(
        importer.found("persons", Person),
        "persons",
        row.get("author"),
        (*path, "author"),
        pub_msg.UNKNOWN_PERSON,
    )
    times: dict[str, dt.datetime | None] = {}
    for name in ("published_at", "created_at", "updated_at"):
        times[name] = _time_in(row.get(name))
        if row.get(name) is not None and times[name] is None:
            refs.failed = True
            importer.problem((*path, name), BAD_TIME.format(value=row[name]))
    image = text(row, "lead_image")
    if image and not _image_widths(image):
        refs.failed = True
        importer.problem(
            (*path, "lead_image"), NO_SUCH_IMAGE.format(name=image, folder=images.media_dir())
        )
    if refs.failed:
        return importer.give_up(section, row)
    slug: str = row["slug"]
    desired: dict[str, Any] = {
        "title": row["title"],
        "lead": text(row, "lead"),
        "body": text(row, "body"),
        "dateline_place": text(row, "dateline_place"),
        "dateline_date": date(row.get("dateline_date")),
        "category": category,
        "author": author,
    }
    versions = [
        VersionSpec(v["language"], v["title"], text(v, "lead"), text(v, "body"))
        for v in row.get("versions") or []
    ]
    found = importer.found(section, Post)
    counts = importer.counts[section]
    post = found.get(slug)
    if post is None:
        made = importer.write(
            path,
            section,
            slug,
            lambda: post_create(
                slug=slug,
                language=row["language"],
                tags=tags,
                versions=versions,
                by=importer.by,
                **desired,
            ),
        )
        if made is None:
            return None
        found[slug] = post = made
        counts.created += 1
        fresh = True
    else:
        fresh = False
        wrote = _update_post(importer, path, post, row, desired, tags, versions)
        if wrote is None:
            return importer.give_up(section, row)
    wrote_after = _post_state_and_times(importer, path, post, row, times, image)
    if wrote_after is None:
        return importer.give_up(section, row)
    if not fresh:
        if wrote or wrote_after:
            counts.updated += 1
        else:
            counts.unchanged += 1
    return None


def _update_post(
    importer: Importer,
    path: Path,
    post: Post,
    row: Row,
    desired: dict[str, Any],
    tags: list[Tag],
    versions: list[VersionSpec],
) -> bool | None:
    """Bring an existing post's texts, terms and versions to the file's; None if refused."""
    if post.language != row["language"]:
        importer.problem((*path, "language"), CANNOT_UNDO.format(what="the original language"))
        return None
    changed = changes(post, desired)
    have_tags = set(post.tags.values_list("pk", flat=True))
    new_tags = tags if have_tags != {t.pk for t in tags} else None
    have = {v.language: (v.title, v.lead, v.body) for v in post.versions.all()}
    wanted = {v.language: (v.title.strip(), v.lead.strip(), v.body.strip()) for v in versions}
    to_set = [v for v in versions if have.get(v.language) != wanted[v.language]]
    to_remove = [code for code in have if code not in wanted]
    if not (changed or new_tags is not None or to_set or to_remove):
        return False
    done = importer.write(
        path,
        "posts",
        post.slug,
        lambda: post_update(
            post=post,
            tags=new_tags,
            versions_set=to_set,
            versions_remove=to_remove,
            by=importer.by,
            **changed,
        ),
        instance=post,
    )
    return None if done is None else True


def _post_state_and_times(
    importer: Importer,
    path: Path,
    post: Post,
    row: Row,
    times: dict[str, dt.datetime | None],
    image: str,
) -> bool | None:
    """The post's state, comments switch, lead image and times as the file gives them; the
    comments come in their own section, after (a withdrawn post is withdrawn there)."""
    state = row.get("state") or PostState.DRAFT
    wrote = False
    by = importer.by
    post.refresh_from_db()
    # A withdrawn post is published here and withdrawn once its comments are in.
    target = PostState.PUBLISHED if state == PostState.WITHDRAWN else state
    steps: list[Any] = []
    if post.state != target and not (
        state == PostState.WITHDRAWN and post.state == PostState.WITHDRAWN
    ):
        if target == PostState.PUBLISHED:
            steps.append(lambda: post_publish(post=post, by=by))
        elif target == PostState.SCHEDULED:
            at = times.get("published_at") or timezone.now()
            soon = max(at, timezone.now() + dt.timedelta(minutes=1))
            steps.append(lambda: post_schedule(post=post, publish_at=soon, by=by))
        else:
            importer.problem((*path, "state"), CANNOT_UNDO.format(what=f"a post {post.state}"))
            return None
    for step in steps:
        if importer.write((*path, "state"), "posts", post.slug, step) is None:
            return None
        wrote = True
    if image != post.lead_image or (image and text(row, "lead_image_alt") != post.lead_image_alt):
        if (
            importer.write(
                (*path, "lead_image"),
                "posts",
                post.slug,
                lambda: _lead_image_restore(post, image, text(row, "lead_image_alt"), by),
            )
            is None
        ):
            return None
        wrote = True
    _pending(importer)[post.slug] = (path, row, times)
    # What the comments section finishes (the switch, a withdrawal, the times) counts here.
    later = (post.comments_open != (row.get("comments_open", True) is not False)) or (
        state == PostState.WITHDRAWN and post.state != PostState.WITHDRAWN
    )
    return wrote or later or bool(_times_differ(post, row, times))


def _times_differ(post: Post, row: Row, times: dict[str, dt.datetime | None]) -> dict[str, Any]:
    """The post's times that are not the file's (a draft has no publication time)."""
    wanted: dict[str, Any] = {name: value for name, value in times.items() if value is not None}
    if (row.get("state") or PostState.DRAFT) == PostState.DRAFT:
        wanted["published_at"] = times.get("published_at")
    return {name: value for name, value in wanted.items() if getattr(post, name) != value}


def _image_widths(name: str) -> list[int]:
    """The widths of the lead image ``name`` whose files are in the media directory."""
    folder = images.media_dir()
    return [w for w in images.WIDTHS if (folder / images.file_name(name, w)).is_file()]


@transaction.atomic
def _lead_image_restore(post: Post, name: str, alt: str, by: Any) -> Post:
    """Point the post at the lead image ``name`` whose files the media directory already has
    (the dossier names images, it does not carry them), or take it off ("")."""
    from PIL import Image

    post = Post.objects.select_for_update().get(pk=post.pk)
    before = {"lead_image": post.lead_image, "lead_image_alt": post.lead_image_alt}
    widths = _image_widths(name) if name else []
    height = 0
    if widths:
        with Image.open(images.media_dir() / images.file_name(name, widths[-1])) as largest:
            height = largest.size[1]
    post.lead_image, post.lead_image_widths, post.lead_image_height = name, widths, height
    post.lead_image_alt = alt if name else ""
    post.save(
        update_fields=["lead_image", "lead_image_widths", "lead_image_height", "lead_image_alt"]
    )
    audit_record(
        by=by,
        action="post.lead_image_restored",
        obj=post,
        before=before,
        after={"lead_image": post.lead_image, "lead_image_alt": post.lead_image_alt},
    )
    return post


Pending = dict[str, tuple[Path, Row, dict[str, "dt.datetime | None"]]]


def _pending(importer: Importer) -> Pending:
    """The posts whose comments switch, withdrawal and times wait for the comments section."""
    return cast(Pending, importer.found("posts:pending", object))


# ---- apply: comments, then the posts' last steps ----------------------------------------------


def apply_comments(importer: Importer) -> None:
    section = "comments"
    posts = importer.found("posts", Post)
    seen: set[str] = set()
    for path, row in importer.rows(section):
        if row["post"] in seen:
            importer.problem((*path, "post"), GIVEN_TWICE.format(kind="post's comments"))
            continue
        seen.add(row["post"])
        refs = RowRefs(importer)
        post = refs.get(posts, "posts", row["post"], (*path, "post"), UNKNOWN_POST)
        if post is None:
            continue
        existing = {(c.created_at, c.name): c for c in post.comments.all()}
        _apply_thread(importer, post, None, (*path, "comments"), row["comments"], existing)
    _finish_posts(importer)


def _apply_thread(
    importer: Importer,
    post: Post,
    parent: Comment | None,
    path: Path,
    rows: list[Row],
    existing: dict[tuple[dt.datetime, str], Comment],
) -> None:
    section = "comments"
    counts = importer.counts[section]
    by = importer.by
    for index, row in enumerate(rows):
        where: Path = (*path, index)
        at = _time_in(row["at"])
        if at is None:
            importer.problem((*where, "at"), BAD_TIME.format(value=row["at"]))
            continue
        state = row.get("state") or CommentState.PENDING
        comment = existing.get((at, row["name"].strip()))
        if comment is None:
            made = importer.write(
                where,
                section,
                None,
                lambda row=row, at=at, state=state: _comment_restore(  # type: ignore[misc]
                    post, parent, row, at, state, by
                ),
            )
            if made is None:
                continue
            comment = made
            counts.created += 1
        elif comment.text != row["text"].strip():
            importer.problem((*where, "text"), CANNOT_UNDO.format(what="a reader's text"))
            continue
        elif comment.state != state:
            if state == CommentState.PENDING:
                importer.problem((*where, "state"), CANNOT_UNDO.format(what="a moderation"))
                continue
            current = comment
            if importer.write(
                where,
                section,
                None,
                lambda current=current, state=state: comment_moderate(  # type: ignore[misc]
                    comment=current, state=state, by=by
                ),
            ):
                counts.updated += 1
        else:
            counts.unchanged += 1
        _apply_thread(
            importer, post, comment, (*where, "replies"), row.get("replies") or [], existing
        )


def _comment_restore(
    post: Post, parent: Comment | None, row: Row, at: dt.datetime, state: str, by: Any
) -> Comment:
    """A comment as a reader submitted it, moderated as the file says, with its time. A reply
    is submitted while its parent is approved, as the page allows, and the parent's state is
    put back after."""
    parent_state = parent.state if parent is not None else None
    if parent is not None and parent.state != CommentState.APPROVED:
        parent = comment_moderate(comment=parent, state=CommentState.APPROVED, by=by)
    comment = comment_submit(
        post=post, parent=parent, name=row["name"], text=row["text"], client=None, by=by
    )
    if state != comment.state:
        comment = comment_moderate(comment=comment, state=state, by=by)
    if parent is not None and parent_state is not None and parent.state != parent_state:
        comment_moderate(comment=parent, state=parent_state, by=by)
    Comment.objects.filter(pk=comment.pk).update(created_at=at)
    comment.created_at = at
    return comment


def _finish_posts(importer: Importer) -> None:
    """Each post's comments switch and withdrawal, then its times as the file gives them."""
    section = "posts"
    by = importer.by
    for slug, (path, row, times) in _pending(importer).items():
        post = Post.objects.get(slug=slug)
        open_ = row.get("comments_open", True) is not False
        switch = partial(post_comments_set, post=post, open=open_, by=by)
        if post.comments_open != open_ and not importer.write(
            (*path, "comments_open"), section, slug, switch
        ):
            continue
        withdraw = partial(post_withdraw, post=post, by=by)
        if (
            row.get("state") == PostState.WITHDRAWN
            and post.state != PostState.WITHDRAWN
            and not importer.write((*path, "state"), section, slug, withdraw)
        ):
            continue
        post.refresh_from_db()
        differ = _times_differ(post, row, times)
        if differ:
            importer.write(
                path,
                section,
                slug,
                lambda post=post, differ=differ: _times_restore(post, differ, by),  # type: ignore[misc]
            )


def _times_restore(post: Post, times: dict[str, Any], by: Any) -> Post:
    """The post's times as the dossier gives them (a record of when, not a change of it)."""
    before = {name: _time_out(getattr(post, name)) for name in times}
    Post.objects.filter(pk=post.pk).update(**times)
    audit_record(
        by=by,
        action="post.times_restored",
        obj=post,
        before=before,
        after={name: _time_out(value) for name, value in times.items()},
    )
    return post


# In the order they are written and applied: a section refers only to earlier ones (and to the
# people context's persons, registered before these).
SECTIONS = (
    Section("categories", export_categories, apply_categories),
    Section("tags", export_tags, apply_tags),
    Section("posts", export_posts, apply_posts),
    Section("comments", export_comments, apply_comments),
)
