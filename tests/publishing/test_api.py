"""The publishing API: public reads, the secretariat's writes through the services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from chapterhouse.publishing import services
from chapterhouse.publishing.factories import make_category, make_post, make_tag
from chapterhouse.publishing.models import Comment, CommentState, Post, PostState

pytestmark = pytest.mark.django_db


def _json(client: Client, method: str, url: str, body: object = None) -> tuple[int, object]:
    call = getattr(client, method)
    response = (
        call(url, json.dumps(body), content_type="application/json")
        if body is not None
        else call(url)
    )
    return response.status_code, response.json() if response.content else None


def test_public_reads_show_published_posts_only(org: None) -> None:
    make_post(slug="out", title="Out", body="<script>x</script> **b**")
    make_post(slug="draft", title="Draft", published=False)
    status, body = _json(Client(), "get", "/api/v1/posts")
    assert status == 200
    assert [p["slug"] for p in body["items"]] == ["out"]  # type: ignore[index]
    status, post = _json(Client(), "get", "/api/v1/posts/out")
    assert status == 200 and "<script>" not in post["body_html"]  # type: ignore[index]
    assert "<strong>b</strong>" in post["body_html"]  # type: ignore[index]
    assert _json(Client(), "get", "/api/v1/posts/draft")[0] == 404


def test_writes_are_the_secretariats(org: None, user_client: Client) -> None:
    assert _json(Client(), "post", "/api/v1/posts", {"title": "T"})[0] in (401, 404)
    assert _json(user_client, "post", "/api/v1/posts", {"title": "T"})[0] == 404
    assert not Post.objects.exists()


def test_create_patch_publish_schedule_withdraw(org: None, secretariat_client: Client) -> None:
    make_category(key="news", name="News")
    make_tag(key="congress", name="Congress")
    status, post = _json(
        secretariat_client, "post", "/api/v1/posts",
        {"title": "Opened", "category": "news", "tags": ["congress"],
         "versions": [{"language": "ja", "title": "開幕"}]},
    )  # fmt: skip
    assert status == 201, post
    assert post["state"] == "draft" and post["tags"] == ["congress"]  # type: ignore[index]
    status, post = _json(secretariat_client, "patch", "/api/v1/posts/opened", {"lead": "L"})
    assert status == 200 and post["lead"] == "L"  # type: ignore[index]
    status, post = _json(secretariat_client, "post", "/api/v1/posts/opened/publish")
    assert status == 200 and post["state"] == "published"  # type: ignore[index]
    status, errors = _json(secretariat_client, "post", "/api/v1/posts/opened/publish")
    assert status == 422, errors
    status, post = _json(secretariat_client, "post", "/api/v1/posts/opened/withdraw")
    assert post["state"] == "withdrawn"  # type: ignore[index]
    assert _json(Client(), "get", "/api/v1/posts/opened")[0] == 404

    draft = make_post(slug="later", published=False)
    at = (timezone.now() + dt.timedelta(days=1)).isoformat()
    status, post = _json(
        secretariat_client, "post", "/api/v1/posts/later/schedule", {"publish_at": at}
    )
    assert status == 200 and post["state"] == PostState.SCHEDULED  # type: ignore[index]
    draft.refresh_from_db()
    assert draft.state == PostState.SCHEDULED


def test_unknown_references_are_named(org: None, secretariat_client: Client) -> None:
    status, body = _json(
        secretariat_client, "post", "/api/v1/posts",
        {"title": "T", "category": "nope", "tags": ["x"], "author": "nobody"},
    )  # fmt: skip
    assert status == 422
    text = json.dumps(body)
    assert "nope" in text and "'x'" in text and "nobody" in text
    assert not Post.objects.exists()


def test_moderating_a_comment(org: None, secretariat_client: Client) -> None:
    post = make_post(slug="p")
    comment = services.comment_submit(post=post, name="A", text="t", client="c", by=None)
    status, body = _json(
        secretariat_client, "post", f"/api/v1/comments/{comment.pk}/moderate",
        {"state": "approved"},
    )  # fmt: skip
    assert status == 200 and body["state"] == "approved"  # type: ignore[index]
    assert Comment.objects.get().state == CommentState.APPROVED
    status, _body = _json(
        secretariat_client, "post", f"/api/v1/comments/{comment.pk}/moderate",
        {"state": "pending"},
    )  # fmt: skip
    assert status == 422
