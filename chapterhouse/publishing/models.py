"""Posts, their categories, tags, language versions, comments, readers' feedback, and the
organization's publishing settings (moderation, share links): docs/publishing.md."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chapterhouse.core.models import key_field, translations_field

TITLE_MAX = 200
LEAD_MAX = 1000
BODY_MAX = 100_000
COMMENT_MAX = 5000
FEEDBACK_MAX = 10_000
NAME_MAX = 100
PLACE_MAX = 100


class PostState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class CommentState(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", pgettext_lazy("comment state", "rejected")


class Category(models.Model):
    key = key_field()
    name = models.CharField(_("name"), max_length=100)
    name_translations = translations_field()

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    key = key_field()
    name = models.CharField(_("name"), max_length=100)
    name_translations = translations_field()

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        verbose_name = _("tag")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class PostQuerySet(models.QuerySet["Post"]):
    def public(self) -> PostQuerySet:
        """What the public sees: published posts, and scheduled ones whose time has come (no
        job flips them: the time is part of the query)."""
        return self.filter(public_q())


def public_q(prefix: str = "") -> Q:
    """The condition of a public post (``prefix`` "post__" from a related model)."""
    return Q(
        **{
            f"{prefix}state__in": (PostState.PUBLISHED, PostState.SCHEDULED),
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


def is_public(state: str, published_at: dt.datetime | None) -> bool:
    """``public_q`` for values already read (a hot path reads them through an index)."""
    return (
        state in (PostState.PUBLISHED, PostState.SCHEDULED)
        and published_at is not None
        and published_at <= timezone.now()
    )


class Post(models.Model):
    """A news post. Its own title, lead and body are the original, in ``language``; versions
    in the organization's other languages are ``PostVersion`` rows."""

    slug = key_field()
    language = models.CharField(_("original language"), max_length=10)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    lead = models.TextField(_("lead"), max_length=LEAD_MAX, blank=True)
    # Markdown as written; pages show it through conferences.markdown (raw HTML is not passed).
    body = models.TextField(_("body"), max_length=BODY_MAX, blank=True)
    dateline_place = models.CharField(_("dateline place"), max_length=PLACE_MAX, blank=True)
    dateline_date = models.DateField(_("dateline date"), null=True, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="posts",
        null=True,
        blank=True,
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="posts", blank=True)
    # "Added by": the person shown as the author, and the account that added the post.
    author = models.ForeignKey(
        "people.Person",
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=PostState.choices, default=PostState.DRAFT
    )
    # When it is (or becomes) public: set by publishing (now) or scheduling (the time given).
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    comments_open = models.BooleanField(_("comments open"), default=True)
    # The lead image: the digest its renditions are named by (publishing/images.py), the widths
    # kept, the largest one's height, and its alt text (required with an image).
    lead_image = models.CharField(_("lead image"), max_length=64, blank=True, editable=False)
    lead_image_widths = models.JSONField(default=list, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(default=0, editable=False)
    lead_image_alt = models.CharField(_("lead image alt text"), max_length=300, blank=True)
    view_count = models.PositiveBigIntegerField(_("views"), default=0)
    # Every version's title, lead and body, lower-cased: what search reads (a pg_trgm index on
    # PostgreSQL; SQLite reads its FTS5 table, kept beside it by the services).
    search_text = models.TextField(default="", blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        ordering = ("-published_at", "-id")

        indexes = [
            models.Index(fields=["state", "published_at"], name="post_state_published"),
            # The image address is checked against its posts on every load (views.lead_image_file).
            models.Index(fields=["lead_image"], name="post_lead_image"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in PostState]), name="post_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="post_public_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def lead_image_sources(self) -> list[tuple[int, str]]:
        """(width, address) of each kept rendition of the lead image, narrowest first."""
        from chapterhouse.publishing.images import SUBDIR, file_name

        return [
            (width, f"{settings.MEDIA_URL}{SUBDIR}/{file_name(self.lead_image, width)}")
            for width in self.lead_image_widths
        ]


class PostVersion(models.Model):
    """A post in one of the organization's other languages."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    lead = models.TextField(_("lead"), max_length=LEAD_MAX, blank=True)
    body = models.TextField(_("body"), max_length=BODY_MAX, blank=True)

    class Meta:
        verbose_name = _("post version")
        constraints = [
            models.UniqueConstraint(fields=["post", "language"], name="post_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} ({self.language})"


class Comment(models.Model):
    """A reader's comment. No address is stored, only what the reader wrote."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, related_name="replies", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    email = models.EmailField(_("e-mail"), blank=True)
    text = models.TextField(_("comment"), max_length=COMMENT_MAX)
    state = models.CharField(
        _("state"), max_length=20, choices=CommentState.choices, default=CommentState.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in CommentState]), name="comment_state_valid"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="comment_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class Feedback(models.Model):
    """A message from the feedback page ("To write your feedback")."""

    name = models.CharField(_("name"), max_length=NAME_MAX)
    email = models.EmailField(_("e-mail"))
    text = models.TextField(_("feedback"), max_length=FEEDBACK_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("feedback")
        ordering = ("handled", "-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class ShareSite(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X"
    REDDIT = "reddit", "Reddit"
    LINKEDIN = "linkedin", "LinkedIn"
    PINTEREST = "pinterest", "Pinterest"
    NAVER = "naver", "Naver"
    KAKAOSTORY = "kakaostory", "KakaoStory"
    FLIPBOARD = "flipboard", "Flipboard"
    BAND = "band", "Band"
    EMAIL = "email", _("E-mail")
    COPY = "copy", _("Copy link")


def _all_share_sites() -> list[str]:
    return [s.value for s in ShareSite]


class PublishingSettings(models.Model):
    """The organization's publishing policy, one row (id 1): whether comments wait for
    moderation, and which share links posts show."""

    moderation = models.BooleanField(_("comments wait for moderation"), default=True)
    share_sites = models.JSONField(_("share links"), default=_all_share_sites, blank=True)

    class Meta:
        verbose_name = _("publishing settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="publishing_settings_singleton")
        ]

    def __str__(self) -> str:
        return "publishing settings"


class Report(models.Model):
    """A post drafted from a conference's journal (``publishing.report.report_draft``): which
    conference it tells of, and where each of its sentences comes from. ``sources`` is a list
    of ``[sentence index, journal entry id]``, one pair per sentence of the draft as written."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="report")
    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="reports"
    )
    language = models.CharField(_("language"), max_length=10)
    sentences = models.JSONField(default=list, blank=True)
    sources = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("report")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.post_id}"


# Newsletters (subscriptions, mailings, deliveries): their models, in a module of their own.
from chapterhouse.publishing import newsletter_models  # noqa: E402, F401
