"""The publishing services: posts and their states, versions, categories and tags, comments
and feedback, with their audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from chapterhouse.core.models import AuditEntry
from chapterhouse.publishing import errors as msg
from chapterhouse.publishing import services
from chapterhouse.publishing.factories import make_category, make_post, make_tag
from chapterhouse.publishing.models import Comment, CommentState, Feedback, Post, PostState
from chapterhouse.publishing.selectors import public_posts, reading_for
from chapterhouse.publishing.services import VersionSpec

pytestmark = pytest.mark.django_db


def test_a_new_post_is_a_draft_and_not_public(org: None) -> None:
    post = make_post(title="Hello", published=False)
    assert post.state == PostState.DRAFT and post.published_at is None
    assert post.slug == "hello"
    assert not public_posts().filter(pk=post.pk).exists()
    assert AuditEntry.objects.filter(action="post.created", object_key=str(post.pk)).exists()


def test_slugs_are_made_free_and_a_taken_one_is_refused(org: None) -> None:
    first = make_post(title="Same", published=False)
    second = make_post(title="Same", published=False)
    assert (first.slug, second.slug) == ("same", "same-2")
    with pytest.raises(ValidationError) as caught:
        services.post_create(title="Other", slug="same", by=None)
    assert "slug" in caught.value.message_dict
    assert Post.objects.count() == 2


def test_title_language_and_versions_are_checked(org: None) -> None:
    with pytest.raises(ValidationError) as caught:
        services.post_create(
            title=" ",
            language="ru",
            versions=[VersionSpec("en", "x"), VersionSpec("ja", "a"), VersionSpec("ja", "b")],
            by=None,
        )
    errors = caught.value.message_dict
    assert msg.TITLE_REQUIRED in errors["title"]
    assert "language" in errors  # ru is not one of the organization's languages
    assert "versions.1.language" not in errors
    assert any("twice" in m for m in errors["versions.2.language"])
    assert not Post.objects.exists()


def test_nul_in_text_is_refused_and_nothing_is_written(org: None) -> None:
    with pytest.raises(ValidationError) as caught:
        services.post_create(title="T", body="a\x00b", by=None)
    assert "body" in caught.value.message_dict
    assert not Post.objects.exists()


def test_publish_withdraw_and_publish_again_keeps_the_first_time(org: None) -> None:
    post = make_post(published=False)
    post = services.post_publish(post=post, by=None)
    first = post.published_at
    assert post.state == PostState.PUBLISHED and first is not None
    post = services.post_withdraw(post=post, by=None)
    assert not public_posts().filter(pk=post.pk).exists()
    post = services.post_publish(post=post, by=None)
    assert post.published_at == first
    with pytest.raises(ValidationError) as caught:
        services.post_publish(post=post, by=None)
    assert "state" in caught.value.message_dict
    actions = list(
        AuditEntry.objects.filter(object_type="publishing.post")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["post.created", "post.published", "post.withdrawn", "post.published"]


def test_a_scheduled_post_is_public_from_its_time_without_a_job(org: None) -> None:
    post = make_post(published=False)
    at = timezone.now() + dt.timedelta(hours=2)
    services.post_schedule(post=post, publish_at=at, by=None)
    assert not public_posts().filter(pk=post.pk).exists()
    with time_machine.travel(at + dt.timedelta(seconds=1)):
        assert public_posts().filter(pk=post.pk).exists()


def test_scheduling_in_the_past_is_refused(org: None) -> None:
    post = make_post(published=False)
    with pytest.raises(ValidationError) as caught:
        services.post_schedule(post=post, publish_at=timezone.now() - dt.timedelta(1), by=None)
    assert "publish_at" in caught.value.message_dict
    post.refresh_from_db()
    assert post.state == PostState.DRAFT


def test_update_changes_only_what_is_given_and_a_no_op_writes_nothing(org: None) -> None:
    tag = make_tag()
    post = make_post(title="Title", tags=[tag], versions=[VersionSpec("ja", "題")])
    before = AuditEntry.objects.count()
    services.post_update(post=post, title="Title", by=None)
    assert AuditEntry.objects.count() == before
    services.post_update(post=post, lead="New lead", by=None)
    post.refresh_from_db()
    assert post.lead == "New lead"
    assert list(post.tags.all()) == [tag]
    assert post.versions.get().title == "題"
    assert AuditEntry.objects.count() == before + 1
    services.post_update(post=post, versions_remove=["ja"], by=None)
    assert not post.versions.exists()


def test_a_missing_translation_falls_back_to_the_original_visibly(org: None) -> None:
    post = make_post(title="Opened", versions=[VersionSpec("ja", "開幕")])
    post = Post.objects.prefetch_related("versions").get(pk=post.pk)
    assert reading_for(post, "ja").title == "開幕" and not reading_for(post, "ja").fallback
    korean = reading_for(post, "ko")
    assert korean.title == "Opened" and korean.fallback and korean.language == "en"
    assert not reading_for(post, "en").fallback


def test_categories_and_tags(org: None) -> None:
    category = make_category(key="news", name="News")
    with pytest.raises(ValidationError):
        services.category_create(key="news", name="Again", by=None)
    services.category_update(category=category, name="Newsroom", by=None)
    category.refresh_from_db()
    assert category.name == "Newsroom"
    with pytest.raises(ValidationError):
        services.tag_create(key="Not A Key", name="x", by=None)


def test_comments_wait_for_moderation_by_default(org: None) -> None:
    post = make_post()
    comment = services.comment_submit(post=post, name="Ana", text="Hi", client="c1", by=None)
    assert comment.state == CommentState.PENDING
    services.comment_moderate(comment=comment, state="approved", by=None)
    comment.refresh_from_db()
    assert comment.state == CommentState.APPROVED
    reply = services.comment_submit(
        post=post, name="Bo", text="Re", parent=comment, client="c2", by=None
    )
    assert reply.parent == comment


def test_moderation_off_publishes_comments_at_once(org: None) -> None:
    services.publishing_settings_set(moderation=False, share_sites=["x", "email"], by=None)
    comment = services.comment_submit(post=make_post(), name="Ana", text="Hi", client="c", by=None)
    assert comment.state == CommentState.APPROVED


def test_no_comment_on_a_draft_or_a_closed_post(org: None) -> None:
    draft = make_post(published=False)
    with pytest.raises(ValidationError, match="not published"):
        services.comment_submit(post=draft, name="A", text="t", client="c", by=None)
    post = make_post()
    services.post_comments_set(post=post, open=False, by=None)
    with pytest.raises(ValidationError, match="closed"):
        services.comment_submit(post=post, name="A", text="t", client="c", by=None)
    assert not Comment.objects.exists()


def test_a_reply_must_answer_an_approved_comment_of_the_same_post(org: None) -> None:
    one, other = make_post(), make_post()
    pending = services.comment_submit(post=one, name="A", text="t", client="c", by=None)
    with pytest.raises(ValidationError) as caught:
        services.comment_submit(post=one, name="B", text="r", parent=pending, client="c", by=None)
    assert "parent" in caught.value.message_dict
    services.comment_moderate(comment=pending, state="approved", by=None)
    with pytest.raises(ValidationError):
        services.comment_submit(post=other, name="B", text="r", parent=pending, client="c", by=None)


def test_honeypot_and_rate_limit_refuse_and_write_nothing(org: None) -> None:
    from chapterhouse.publishing.spam import RATE_LIMIT

    post = make_post()
    with pytest.raises(ValidationError) as caught:
        services.comment_submit(
            post=post, name="Bot", text="buy", honeypot="http://spam", client="bot", by=None
        )
    assert msg.SPAM_REFUSED in caught.value.message_dict["website"]
    for n in range(RATE_LIMIT):
        services.feedback_submit(name="A", email="a@example.org", text=f"t{n}", client="k", by=None)
    with pytest.raises(ValidationError, match="Too many"):
        services.feedback_submit(name="A", email="a@example.org", text="more", client="k", by=None)
    assert Feedback.objects.count() == RATE_LIMIT
    # Another client is not limited by the first one's messages.
    services.feedback_submit(name="B", email="b@example.org", text="t", client="other", by=None)
    assert not Comment.objects.exists()


def test_empty_and_invalid_feedback_is_refused(org: None) -> None:
    with pytest.raises(ValidationError) as caught:
        services.feedback_submit(name=" ", email="not-mail", text="", client="k", by=None)
    assert set(caught.value.message_dict) >= {"name", "email", "text"}
    assert not Feedback.objects.exists()


def test_feedback_marked_handled(org: None) -> None:
    item = services.feedback_submit(name="A", email="a@example.org", text="t", client="k", by=None)
    services.feedback_mark_handled(feedback=item, by=None)
    item.refresh_from_db()
    assert item.handled
    count = AuditEntry.objects.count()
    services.feedback_mark_handled(feedback=item, by=None)
    assert AuditEntry.objects.count() == count


def test_unknown_share_site_is_refused(org: None) -> None:
    with pytest.raises(ValidationError, match="Unknown share link"):
        services.publishing_settings_set(moderation=True, share_sites=["myspace"], by=None)


def test_lengths_are_checked_by_the_service_for_every_caller(org: None) -> None:
    from chapterhouse.publishing.models import BODY_MAX, COMMENT_MAX

    with pytest.raises(ValidationError) as caught:
        services.post_create(
            title="T", body="x" * (BODY_MAX + 1), versions=[VersionSpec("ja", "t", "y" * 5000)],
            by=None,
        )  # fmt: skip
    assert set(caught.value.message_dict) >= {"body", "versions.0.lead"}
    post = make_post()
    with pytest.raises(ValidationError) as caught:
        services.comment_submit(
            post=post, name="A", text="z" * (COMMENT_MAX + 1), client="c", by=None
        )
    assert "text" in caught.value.message_dict
    assert not Comment.objects.exists()
