"""Every write of the publishing context: keyword-only, an explicit actor ``by=``, one
transaction each with its audit row (docs/publishing.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple, TypedDict, TypeVar, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from chapterhouse.core.actors import Actor
from chapterhouse.core.audit import audit_record, snapshot
from chapterhouse.core.changes import apply_changes
from chapterhouse.core.errors import Errors, field_error, integrity_backstop, save_checked
from chapterhouse.core.translations import normalize_language
from chapterhouse.organizations.translations import translations_check
from chapterhouse.people.models import Person
from chapterhouse.publishing import errors as msg
from chapterhouse.publishing import images, search, spam
from chapterhouse.publishing.models import (
    Category,
    Comment,
    CommentState,
    Feedback,
    Post,
    PostState,
    PostVersion,
    PublishingSettings,
    ShareSite,
    Tag,
)
from chapterhouse.publishing.selectors import organization_languages, publishing_settings

MAX_TAGS = 20


class VersionSpec(NamedTuple):
    """A post's text in one of the organization's other languages."""

    language: str
    title: str
    lead: str = ""
    body: str = ""


def _text(value: str) -> str:
    """Text as stored: line ends as ``\\n`` (browsers send ``\\r\\n``), no surrounding
    blank space, so that saving a form unchanged changes nothing."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_lengths(errors: Errors, instance: object, *, prefix: str = "") -> None:
    """Django checks a TextField's ``max_length`` in forms only: the service checks it for
    every caller (the API, the demo, a command)."""
    meta = instance._meta  # type: ignore[attr-defined]  # a model instance
    for field in meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        limit = field.max_length if isinstance(field, models.TextField) else None
        if limit and isinstance(value, str) and len(value) > limit:
            errors.add(f"{prefix}{field.name}", msg.TOO_LONG.format(limit=limit, length=len(value)))


def _audit_post(post: Post) -> dict[str, object]:
    data = snapshot(post, exclude=("search_text", "view_count"))
    data["tag_keys"] = sorted(post.tags.values_list("key", flat=True)) if post.pk else []
    data["translations"] = {
        v.language: {"title": v.title, "lead": v.lead, "body": v.body}
        for v in post.versions.order_by("language")
    }
    return data


def _check_language(errors: Errors, field: str, language: str) -> str:
    language = normalize_language(language)
    offered = organization_languages()
    if language not in offered:
        errors.add(
            field, msg.LANGUAGE_NOT_OFFERED.format(language=language, languages=", ".join(offered))
        )
    return language


def _free_slug(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "post"
    slug, n = base, 1
    while Post.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_versions(
    errors: Errors, post: Post, versions: Sequence[VersionSpec]
) -> list[PostVersion]:
    errors.check_count("versions", len(versions), len(settings.LANGUAGES))
    rows: list[PostVersion] = []
    seen: set[str] = set()
    for index, spec in enumerate(versions):
        field = f"versions.{index}.language"
        language = _check_language(errors, field, spec.language)
        if language == normalize_language(post.language):
            errors.add(field, msg.VERSION_IS_ORIGINAL.format(language=language))
        if language in seen:
            errors.add(field, msg.VERSIONS_TWICE.format(language=language))
        seen.add(language)
        version = PostVersion(
            post=post,
            language=language,
            title=_text(spec.title),
            lead=_text(spec.lead),
            body=_text(spec.body),
        )
        for name in ("title", "lead", "body"):
            errors.text(f"versions.{index}.{name}", getattr(version, name))
        _check_lengths(errors, version, prefix=f"versions.{index}.")
        errors.check_row("versions", index, version, exclude=("post",))
        rows.append(version)
    return rows


def _save_versions(post: Post, rows: list[PostVersion]) -> None:
    for row in rows:
        PostVersion.objects.update_or_create(
            post=post,
            language=row.language,
            defaults={"title": row.title, "lead": row.lead, "body": row.body},
        )


def post_search_index(post: Post) -> None:
    """Keep the post's searchable text in step with its texts (search.py)."""
    parts = [post.title, post.lead, post.body]
    for version in post.versions.all():
        parts += [version.title, version.lead, version.body]
    search.write_index(post_id=post.pk, text=search.index_text(parts))


@transaction.atomic
def post_create(
    *,
    title: str,
    slug: str = "",
    language: str = "",
    lead: str = "",
    body: str = "",
    dateline_place: str = "",
    dateline_date: dt.date | None = None,
    category: Category | None = None,
    tags: Sequence[Tag] = (),
    author: Person | None = None,
    comments_open: bool = True,
    versions: Sequence[VersionSpec] = (),
    by: Actor,
) -> Post:
    """A new post, a draft: it is public only once published (or scheduled and due)."""
    errors = Errors()
    language = _check_language(errors, "language", language or organization_languages()[0])
    if not title.strip():
        errors.add("title", msg.TITLE_REQUIRED)
    errors.check_count("tags", len(tags), MAX_TAGS)
    post = Post(
        title=_text(title),
        slug=slug or _free_slug(title),
        language=language,
        lead=_text(lead),
        body=_text(body),
        dateline_place=dateline_place,
        dateline_date=dateline_date,
        category=category,
        author=author,
        comments_open=comments_open,
        added_by=by if by is not None and by.is_authenticated else None,  # type: ignore[misc]  # an authenticated Actor is a User
        state=PostState.DRAFT,
    )
    rows = _check_versions(errors, post, versions)
    _check_lengths(errors, post)
    errors.check(post, exclude=("added_by", "author", "category"))
    with integrity_backstop("slug", msg.SLUG_TAKEN.format(slug=post.slug)):
        save_checked(post)
    post.tags.set(tags)
    _save_versions(post, rows)
    post_search_index(post)
    audit_record(by=by, action="post.created", obj=post, after=_audit_post(post))
    return post


class PostChanges(TypedDict, total=False):
    title: str
    slug: str
    lead: str
    body: str
    dateline_place: str
    dateline_date: dt.date | None
    category: Category | None
    author: Person | None
    comments_open: bool


def _locked(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def post_update(
    *,
    post: Post,
    tags: Sequence[Tag] | None = None,
    versions_set: Sequence[VersionSpec] = (),
    versions_remove: Sequence[str] = (),
    by: Actor,
    **changes: Unpack[PostChanges],
) -> Post:
    """Change the fields given; set the versions in ``versions_set`` (by language) and remove
    those in ``versions_remove``; ``tags`` (when given) replaces the post's tags. Nothing
    changed writes nothing."""
    post = _locked(post)
    before = _audit_post(post)
    for name in ("title", "lead", "body"):
        if name in changes:
            changes[name] = _text(changes[name])
    changed = apply_changes(post, changes, PostChanges)
    errors = Errors()
    if "title" in changed and not post.title.strip():
        errors.add("title", msg.TITLE_REQUIRED)
    rows = _check_versions(errors, post, versions_set)
    _check_lengths(errors, post)
    if tags is not None:
        errors.check_count("tags", len(tags), MAX_TAGS)
    errors.check(post, exclude=("added_by", "author", "category"))
    if changed:
        post.updated_at = timezone.now()
        with integrity_backstop("slug", msg.SLUG_TAKEN.format(slug=post.slug)):
            save_checked(post)
    if tags is not None:
        post.tags.set(tags)
    _save_versions(post, rows)
    removed = [normalize_language(code) for code in versions_remove]
    if removed:
        post.versions.filter(language__in=removed).delete()
    after = _audit_post(post)
    if after == before:
        return post
    post_search_index(post)
    audit_record(by=by, action="post.updated", obj=post, before=before, after=after)
    return post


LEAD_IMAGE_ALT_MAX = 300


@transaction.atomic
def post_lead_image_set(*, post: Post, data: bytes, alt: str, by: Actor) -> Post:
    """Give the post a lead image: ``data`` is the uploaded file, checked and re-encoded into a
    few widths (publishing/images.py); ``alt`` describes it and is required."""
    errors = Errors()
    alt = _text(alt).strip()
    if not errors.text("lead_image_alt", alt):
        pass
    elif not alt:
        errors.add("lead_image_alt", msg.ALT_REQUIRED)
    elif len(alt) > LEAD_IMAGE_ALT_MAX:
        errors.add("lead_image_alt", msg.ALT_TOO_LONG.format(limit=LEAD_IMAGE_ALT_MAX))
    processed = None
    try:
        processed = images.process(data)
    except images.ImageRefusedError as refused:
        errors.add("lead_image", str(refused))
    errors.raise_any()
    if processed is None:  # refused above; raise_any raised
        raise field_error("lead_image", msg.IMAGE_REQUIRED)
    images.store(processed)
    # Decoding and encoding above take a while: the row is locked only for the write.
    post = _locked(post)
    before = _audit_post(post)
    if post.lead_image and post.lead_image != processed.name:
        _release_lead_image(post.lead_image)
    # Written again once committed if a removal of the same image in another transaction
    # took its files away meanwhile (``store`` skips the files that are there).
    transaction.on_commit(lambda: images.store(processed))
    post.lead_image = processed.name
    post.lead_image_widths = [r.width for r in processed.renditions]
    post.lead_image_height = processed.height
    post.lead_image_alt = alt
    post.updated_at = timezone.now()
    post.save(
        update_fields=[
            "lead_image",
            "lead_image_widths",
            "lead_image_height",
            "lead_image_alt",
            "updated_at",
        ]
    )
    audit_record(
        by=by,
        action="post.lead_image_set",
        obj=post,
        before=before,
        after=_audit_post(post),
    )
    return post


@transaction.atomic
def post_lead_image_remove(*, post: Post, by: Actor) -> Post:
    """Take the lead image off the post; its files are deleted once this commits, unless
    another post uses the same image."""
    post = _locked(post)
    if not post.lead_image:
        return post
    before = _audit_post(post)
    _release_lead_image(post.lead_image)
    post.lead_image, post.lead_image_widths, post.lead_image_height = "", [], 0
    post.lead_image_alt = ""
    post.updated_at = timezone.now()
    post.save()
    audit_record(
        by=by, action="post.lead_image_removed", obj=post, before=before, after=_audit_post(post)
    )
    return post


def _release_lead_image(name: str) -> None:
    """Once the transaction taking image ``name`` off a post commits, delete its files if no
    post uses it any more (the same upload on two posts is one set of files). A rollback
    deletes nothing."""

    def release() -> None:
        if not Post.objects.filter(lead_image=name).exists():
            images.remove(name)

    transaction.on_commit(release)


MEDIA_GRACE = dt.timedelta(hours=24)


class MediaCleanup(NamedTuple):
    removed: list[str]  # the file names deleted (or, on a dry run, that would be)
    kept: int  # files of images a post uses


def media_cleanup(*, grace: dt.timedelta = MEDIA_GRACE, dry_run: bool = False) -> MediaCleanup:
    """Delete the lead image files no post uses (an upload whose post was never saved, a
    process stopped between writing the files and committing) that are older than ``grace``:
    an upload in progress writes its files before its transaction commits, so a young file
    is left alone. Files that are not named as the site names renditions are not touched."""
    seconds = grace.total_seconds()
    stored = images.stored_files(older_than=seconds)
    used = set(Post.objects.exclude(lead_image="").values_list("lead_image", flat=True))
    removed: list[str] = []
    kept = 0
    for name, paths in sorted(stored.items()):
        if name in used:
            kept += len(paths)
            continue
        for path in sorted(paths):
            if dry_run or images.unlink_if_older(path, seconds):
                removed.append(path.name)
    return MediaCleanup(removed, kept)


def _transition(post: Post, *, allowed: Sequence[str], message: str) -> None:
    if post.state not in allowed:
        raise field_error("state", message.format(current=PostState(post.state).label))


@transaction.atomic
def post_publish(*, post: Post, by: Actor) -> Post:
    """Publish now. A withdrawn post published again keeps its first publication time."""
    post = _locked(post)
    _transition(
        post,
        allowed=(PostState.DRAFT, PostState.SCHEDULED, PostState.WITHDRAWN),
        message=msg.CANNOT_PUBLISH,
    )
    before = snapshot(post, exclude=("search_text",))
    now = timezone.now()
    if post.state != PostState.WITHDRAWN or post.published_at is None or post.published_at > now:
        post.published_at = now
    post.state = PostState.PUBLISHED
    post.save(update_fields=["state", "published_at"])
    audit_record(
        by=by,
        action="post.published",
        obj=post,
        before=before,
        after=snapshot(post, exclude=("search_text",)),
    )
    return post


@transaction.atomic
def post_schedule(*, post: Post, publish_at: dt.datetime, by: Actor) -> Post:
    """Make the post public at ``publish_at`` (still to come); nothing runs then: public
    reads ask for posts whose time has come."""
    post = _locked(post)
    _transition(post, allowed=(PostState.DRAFT, PostState.SCHEDULED), message=msg.CANNOT_SCHEDULE)
    if publish_at <= timezone.now():
        raise field_error("publish_at", msg.SCHEDULE_IN_PAST.format(time=publish_at.isoformat()))
    before = snapshot(post, exclude=("search_text",))
    post.state = PostState.SCHEDULED
    post.published_at = publish_at
    post.save(update_fields=["state", "published_at"])
    audit_record(
        by=by,
        action="post.scheduled",
        obj=post,
        before=before,
        after=snapshot(post, exclude=("search_text",)),
    )
    return post


@transaction.atomic
def post_withdraw(*, post: Post, by: Actor) -> Post:
    """Take a published or scheduled post off the public site (it stays, for the record)."""
    post = _locked(post)
    _transition(
        post, allowed=(PostState.PUBLISHED, PostState.SCHEDULED), message=msg.CANNOT_WITHDRAW
    )
    before = snapshot(post, exclude=("search_text",))
    post.state = PostState.WITHDRAWN
    post.save(update_fields=["state"])
    audit_record(
        by=by,
        action="post.withdrawn",
        obj=post,
        before=before,
        after=snapshot(post, exclude=("search_text",)),
    )
    return post


@transaction.atomic
def post_comments_set(*, post: Post, open: bool, by: Actor) -> Post:
    """Open or close a post's comments; setting what is already set writes nothing."""
    post = _locked(post)
    if post.comments_open == open:
        return post
    post.comments_open = open
    post.save(update_fields=["comments_open"])
    audit_record(
        by=by,
        action="post.comments_opened" if open else "post.comments_closed",
        obj=post,
        after={"comments_open": open},
    )
    return post


def post_view_count(*, post_id: int) -> None:
    """Count one view: a single ``UPDATE … SET view_count = view_count + 1`` in autocommit,
    run after the response is sent (views.py), so no reader ever waits on it. No audit row: a
    counter, not a record."""
    Post.objects.filter(pk=post_id).update(view_count=F("view_count") + 1)


# --- categories and tags ---------------------------------------------------------------------


_T = TypeVar("_T", Category, Tag)


def _term_create(
    model: type[_T],
    *,
    key: str,
    name: str,
    name_translations: dict[str, str] | None,
    by: Actor,
    action: str,
) -> _T:
    errors = Errors()
    term = model(key=key, name=name.strip(), name_translations=dict(name_translations or {}))
    translations_check(errors, term)
    errors.check(term)
    with integrity_backstop("key", msg.KEY_TAKEN.format(key=key)):
        save_checked(term)
    audit_record(by=by, action=action, obj=term, after=snapshot(term))
    return term


@transaction.atomic
def category_create(
    *, key: str, name: str, name_translations: dict[str, str] | None = None, by: Actor
) -> Category:
    return _term_create(
        Category,
        key=key,
        name=name,
        name_translations=name_translations,
        by=by,
        action="category.created",
    )


@transaction.atomic
def tag_create(
    *, key: str, name: str, name_translations: dict[str, str] | None = None, by: Actor
) -> Tag:
    return _term_create(
        Tag, key=key, name=name, name_translations=name_translations, by=by, action="tag.created"
    )


class TermChanges(TypedDict, total=False):
    name: str
    name_translations: dict[str, str]


def _term_update(term: Category | Tag, changes: TermChanges, *, by: Actor, action: str) -> None:
    before = snapshot(term)
    if not apply_changes(term, changes, TermChanges):
        return
    errors = Errors()
    translations_check(errors, term, before=before)
    errors.check(term)
    term.save()
    audit_record(by=by, action=action, obj=term, before=before, after=snapshot(term))


@transaction.atomic
def category_update(*, category: Category, by: Actor, **changes: Unpack[TermChanges]) -> Category:
    _term_update(category, changes, by=by, action="category.updated")
    return category


@transaction.atomic
def tag_update(*, tag: Tag, by: Actor, **changes: Unpack[TermChanges]) -> Tag:
    _term_update(tag, changes, by=by, action="tag.updated")
    return tag


# --- settings ----------------------------------------------------------------------------------


@transaction.atomic
def publishing_settings_set(
    *, moderation: bool, share_sites: Sequence[str], by: Actor
) -> PublishingSettings:
    """The organization's publishing policy: comment moderation and the share links shown."""
    row = PublishingSettings.objects.select_for_update().filter(pk=1).first()
    row = row or PublishingSettings(pk=1)
    before = snapshot(row) if row.pk and PublishingSettings.objects.filter(pk=1).exists() else None
    known = [s.value for s in ShareSite]
    errors = Errors()
    for site in share_sites:
        if site not in known:
            errors.add(
                "share_sites", msg.SHARE_SITE_UNKNOWN.format(site=site, known=", ".join(known))
            )
    errors.raise_any()
    row.moderation = moderation
    row.share_sites = [s for s in known if s in set(share_sites)]
    after = snapshot(row)
    if before == after:
        return row
    row.save()
    audit_record(by=by, action="publishing_settings.set", obj=row, before=before, after=after)
    return row


# --- comments and feedback ---------------------------------------------------------------------


def _check_words(errors: Errors, field: str, value: str) -> None:
    if errors.text(field, value) and not value.strip():
        errors.add(field, msg.TEXT_REQUIRED)


@transaction.atomic
def comment_submit(
    *,
    post: Post,
    name: str,
    text: str,
    email: str = "",
    parent: Comment | None = None,
    honeypot: str = "",
    client: str | None,
    by: Actor,
) -> Comment:
    """A reader's comment (or reply) on a public post with comments open. It waits for
    moderation unless the organization turned moderation off. ``client`` is the client's key
    (``spam.client_key``) for the rate limit (None: no reader's connection, the demo data or
    an operator's command, not limited); ``honeypot`` what the hidden field held."""
    spam.check_honeypot(honeypot)
    locked = Post.objects.public().select_for_update().filter(pk=post.pk).first()
    if locked is None:
        raise ValidationError(msg.NOT_PUBLIC)
    if not locked.comments_open:
        raise ValidationError(msg.COMMENTS_CLOSED)
    errors = Errors()
    if parent is not None and (
        parent.post_id != locked.pk or parent.state != CommentState.APPROVED
    ):
        errors.add("parent", msg.PARENT_ELSEWHERE)
    _check_words(errors, "name", name)
    _check_words(errors, "text", text)
    moderated = publishing_settings().moderation
    comment = Comment(
        post=locked,
        parent=parent,
        name=name.strip(),
        email=email.strip(),
        text=text.strip(),
        state=CommentState.PENDING if moderated else CommentState.APPROVED,
    )
    _check_lengths(errors, comment)
    errors.check(comment, exclude=("post", "parent"))
    if client is not None:
        spam.check_rate(scope="comment", client=client)
    comment.save()
    audit_record(by=by, action="comment.submitted", obj=comment, after=snapshot(comment))
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, state: str, by: Actor) -> Comment:
    """Approve or reject a comment (an approved one may still be rejected later, and a
    rejected one approved: a moderator corrects a mistake)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if state not in (CommentState.APPROVED, CommentState.REJECTED):
        raise field_error("state", msg.MODERATION_STATE.format(state=state))
    if comment.state == state:
        return comment
    before = snapshot(comment)
    comment.state = state
    comment.save(update_fields=["state"])
    audit_record(
        by=by, action=f"comment.{state}", obj=comment, before=before, after=snapshot(comment)
    )
    return comment


@transaction.atomic
def feedback_submit(
    *, name: str, email: str, text: str, honeypot: str = "", client: str | None, by: Actor
) -> Feedback:
    """A reader's feedback, kept for the secretariat's inbox (``client`` as for
    ``comment_submit``)."""
    spam.check_honeypot(honeypot)
    errors = Errors()
    _check_words(errors, "name", name)
    _check_words(errors, "text", text)
    feedback = Feedback(name=name.strip(), email=email.strip(), text=text.strip())
    _check_lengths(errors, feedback)
    errors.check(feedback)
    if client is not None:
        spam.check_rate(scope="feedback", client=client)
    feedback.save()
    audit_record(by=by, action="feedback.submitted", obj=feedback, after=snapshot(feedback))
    return feedback


@transaction.atomic
def feedback_mark_handled(*, feedback: Feedback, handled: bool = True, by: Actor) -> Feedback:
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.handled == handled:
        return feedback
    feedback.handled = handled
    feedback.save(update_fields=["handled"])
    audit_record(
        by=by,
        action="feedback.handled" if handled else "feedback.reopened",
        obj=feedback,
        after={"handled": handled},
    )
    return feedback
