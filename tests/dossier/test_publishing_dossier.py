"""The publishing sections of the dossier: categories, tags, posts with their versions, states,
times and lead images, and readers' comments round-trip through an empty database; readers'
feedback and e-mail addresses stay out; bad input is refused at its row with nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from chapterhouse.api.schemas import limits
from chapterhouse.core.models import AuditEntry
from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.schema import SECTIONS, schema
from chapterhouse.dossier.yamlio import load
from chapterhouse.people.models import Person
from chapterhouse.publishing import dossier as publishing_dossier
from chapterhouse.publishing import images
from chapterhouse.publishing.factories import make_post
from chapterhouse.publishing.models import Category, Comment, CommentState, Post, PostState, Tag
from chapterhouse.publishing.services import (
    comment_moderate,
    comment_submit,
    feedback_submit,
    post_comments_set,
    post_create,
    post_schedule,
    post_withdraw,
)
from tests.dossier.helpers import export_text, run_import, table_counts
from tests.dossier.test_conferences_dossier import wipe_everything

WriteFile = Callable[[str], Path]
HEADER = "format: chapterhouse-dossier\nversion: 1\n"
PUBLISHING_SECTIONS = [section.name for section in publishing_dossier.SECTIONS]

pytestmark = [pytest.mark.django_db]


def build_posts() -> None:
    """Beside the demo's posts: a withdrawn post with comments, replies and a rejected comment
    (its comments closed), a post scheduled for later, and a reader's feedback."""
    by = None
    okafor = Person.objects.get(key="mira-okafor")
    old = make_post(
        slug="an-old-announcement",
        title="An old announcement",
        lead="No longer current.",
        body="It was.",
        author=okafor,
        category=Category.objects.get(key="reports"),
        tags=[Tag.objects.get(key="japan")],
    )
    first = comment_submit(
        post=old, name="Reader one", email="one@readers.example", text="First!", client=None, by=by
    )
    first = comment_moderate(comment=first, state=CommentState.APPROVED, by=by)
    reply = comment_submit(
        post=old, parent=first, name="Reader two", text="A reply.", client=None, by=by
    )
    comment_moderate(comment=reply, state=CommentState.APPROVED, by=by)
    spam = comment_submit(post=old, name="Spammer", text="Buy now", client=None, by=by)
    comment_moderate(comment=spam, state=CommentState.REJECTED, by=by)
    comment_submit(post=old, name="Waiting", text="Still pending.", client=None, by=by)
    post_comments_set(post=old, open=False, by=by)
    post_withdraw(post=old, by=by)
    later = post_create(slug="coming-soon", title="Coming soon", body="Soon.", by=by)
    post_schedule(post=later, publish_at=timezone.now() + dt.timedelta(days=30), by=by)
    feedback_submit(
        name="A reader", email="reader@private.example", text="Private words.", client=None, by=by
    )


@pytest.fixture
def record(demo: None) -> None:
    build_posts()


def _data(text: str) -> dict[str, Any]:
    data: dict[str, Any] = load(text).data
    return data


@pytest.mark.usefixtures("record")
def test_posts_round_trip_into_an_empty_database(write_file: WriteFile) -> None:
    first = export_text()
    data = _data(first)
    states = {p["slug"]: p["state"] for p in data["posts"]}
    assert states["an-old-announcement"] == "withdrawn"
    assert states["coming-soon"] == "scheduled"
    assert states["draft-report-of-the-first-session"] == "draft"
    opened = next(p for p in data["posts"] if p["slug"] == "third-congress-of-hwi-opened")
    assert opened["versions"][0]["language"] == "ja"
    assert opened["author"] == "mira-okafor"
    published_at = {p.slug: p.published_at for p in Post.objects.all()}
    wipe_everything()
    assert Post.objects.count() == 0

    run = run_import(write_file(first))

    assert run.error is None, run.stderr
    assert "posts: 5 created, 0 updated, 0 unchanged" in run.stdout
    assert "comments: 5 created, 0 updated, 0 unchanged" in run.stdout
    assert export_text() == first
    assert {p.slug: p.published_at for p in Post.objects.all()} == published_at
    old = Post.objects.get(slug="an-old-announcement")
    assert (old.state, old.comments_open) == (PostState.WITHDRAWN, False)
    reply = Comment.objects.get(name="Reader two")
    assert reply.parent is not None and reply.parent.name == "Reader one"
    assert Comment.objects.get(name="Waiting").state == CommentState.PENDING


@pytest.mark.usefixtures("record")
def test_importing_the_posts_again_changes_nothing(write_file: WriteFile) -> None:
    text = export_text()
    counts, audit = table_counts(), AuditEntry.objects.count()
    run = run_import(write_file(text))
    assert run.error is None, run.stderr
    for section in PUBLISHING_SECTIONS:
        line = next(line for line in run.stdout.splitlines() if line.strip().startswith(section))
        assert ": 0 created, 0 updated, " in line, line
    assert table_counts() == counts
    assert AuditEntry.objects.count() == audit


@pytest.mark.usefixtures("record")
def test_feedback_and_readers_addresses_are_not_exported() -> None:
    text = export_text()
    assert "feedback" not in _data(text)
    assert "reader@private.example" not in text
    assert "Private words." not in text
    assert "one@readers.example" not in text
    assert "feedback" not in SECTIONS


@pytest.mark.usefixtures("record")
def test_a_changed_post_goes_through_the_update_service(write_file: WriteFile) -> None:
    text = export_text()
    changed = text.replace("title: Coming soon\n", "title: Coming very soon\n")
    run = run_import(write_file(changed))
    assert run.error is None, run.stderr
    assert "posts: 0 created, 1 updated, 4 unchanged" in run.stdout
    assert Post.objects.get(slug="coming-soon").title == "Coming very soon"
    assert AuditEntry.objects.filter(action="post.updated").exists()


# ---- lead images --------------------------------------------------------------------------------


@pytest.mark.usefixtures("demo")
def test_a_lead_image_is_named_and_found_in_the_media_directory(
    write_file: WriteFile, tmp_path: Path
) -> None:
    from PIL import Image

    name = "0123456789abcdef0123456789abcdef"
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        folder = images.media_dir()
        folder.mkdir(parents=True)
        Image.new("RGB", (480, 270)).save(folder / images.file_name(name, 480), "WEBP")
        text = HEADER + (
            "posts:\n"
            "  - slug: with-a-picture\n"
            "    language: en\n"
            "    title: With a picture\n"
            f"    lead_image: {name}\n"
            "    lead_image_alt: A quay at dawn\n"
        )
        run = run_import(write_file(text))
        assert run.error is None, run.stderr
        post = Post.objects.get(slug="with-a-picture")
        assert (post.lead_image, post.lead_image_widths, post.lead_image_height) == (
            name,
            [480],
            270,
        )
        assert f"lead_image: {name}\n" in export_text()

        missing = text.replace(name, "f" * 32).replace("with-a-picture", "without")
        lines = _refused(write_file, missing)
        assert "posts[0].lead_image: The lead image 'ffff" in lines[0]


# ---- bad input ----------------------------------------------------------------------------------


def _refused(write_file: WriteFile, text: str) -> list[str]:
    counts, before = table_counts(), export_text()
    run = run_import(write_file(text))
    assert run.error is not None
    assert table_counts() == counts
    assert export_text() == before
    return run.stderr.splitlines()


@pytest.mark.usefixtures("demo")
def test_an_unknown_category_or_tag_is_an_error_at_its_row(write_file: WriteFile) -> None:
    text = HEADER + (
        "posts:\n"
        "  - {slug: a, language: en, title: A, category: nowhere}\n"
        "  - {slug: b, language: en, title: B, tags: [news, nothing]}\n"
    )
    joined = "\n".join(_refused(write_file, text))
    assert "posts[0].category: There is no category 'nowhere'." in joined
    assert "posts[1].tags[1]: There is no tag 'nothing'." in joined


@pytest.mark.usefixtures("demo")
def test_a_slug_given_twice_is_an_error(write_file: WriteFile) -> None:
    text = HEADER + (
        "posts:\n"
        "  - {slug: twice, language: en, title: One}\n"
        "  - {slug: twice, language: en, title: Two}\n"
    )
    lines = _refused(write_file, text)
    assert len(lines) == 1
    assert "posts[1].slug: The key 'twice' is already used by another post." in lines[0]


@pytest.mark.usefixtures("demo")
def test_a_huge_body_is_refused_at_its_place(write_file: WriteFile) -> None:
    limit = Post._meta.get_field("body").max_length
    assert limit is not None
    text = HEADER + "posts:\n  - slug: long\n    language: en\n    title: L\n"
    text += f"    body: {'b' * (limit + 1)}\n"
    lines = _refused(write_file, text)
    assert len(lines) == 1
    assert lines[0].endswith(msg.TOO_LONG.format(length=limit + 1, limit=limit))


@pytest.mark.usefixtures("demo")
def test_a_comment_on_an_unknown_post_is_an_error(write_file: WriteFile) -> None:
    text = HEADER + (
        "comments:\n"
        "  - post: no-such-post\n"
        "    comments:\n"
        "      - {at: '2026-09-01T10:00:00+00:00', name: R, text: Hello}\n"
    )
    lines = _refused(write_file, text)
    assert "comments[0].post: There is no post with the slug 'no-such-post'." in lines[0]


def test_the_schema_has_the_publishing_sections_last_and_the_models_limits() -> None:
    assert list(SECTIONS[-len(PUBLISHING_SECTIONS) :]) == PUBLISHING_SECTIONS
    defs = schema()["$defs"]
    for definition, model, fields in (
        ("category", Category, ["name"]),
        ("tag", Tag, ["name"]),
        ("post", Post, ["title", "lead", "body", "dateline_place", "lead_image_alt"]),
        ("comment", Comment, ["name", "text"]),
    ):
        for field in fields:
            # A TextField's max_length has no validator of its own: the services check it.
            expected = limits(model, field).get(
                "max_length", getattr(model._meta.get_field(field), "max_length", None)
            )
            assert defs[definition]["properties"][field]["maxLength"] == expected, field
