"""Races on PostgreSQL (where they show): many threads at the same moment.

- eight views counted at once: eight counted, none lost (the database adds, not the page);
- eight publishes of one draft at once: one publishes, seven are told why;
- comments sent while comments are closed: none lands after the closing.

Skipped on SQLite (its IMMEDIATE transactions serialize writers; the in-memory test database
is one connection)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chapterhouse.core.models import AuditEntry
from chapterhouse.publishing import services
from chapterhouse.publishing.factories import make_post
from chapterhouse.publishing.models import Comment, Post

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]
THREADS = 8


def _race(attempt: Callable[[int], object]) -> Counter[str]:
    barrier = threading.Barrier(THREADS)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def one(index: int) -> None:
        try:
            barrier.wait()
            attempt(index)
            outcome = "made"
        except ValidationError:
            outcome = "refused"
        except Exception as error:  # anything else is what the test reports
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    workers = [threading.Thread(target=one, args=(i,)) for i in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return outcomes


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("races show on PostgreSQL (set DATABASE_URL)")


def test_views_counted_at_once_are_all_counted(org: None) -> None:
    post = make_post(slug="p")
    assert _race(lambda _i: services.post_view_count(post_id=post.pk)) == {"made": THREADS}
    assert Post.objects.get(pk=post.pk).view_count == THREADS


def test_a_draft_published_eight_times_at_once_is_published_once(org: None) -> None:
    post = make_post(slug="p", published=False)
    outcomes = _race(lambda _i: services.post_publish(post=post, by=None))
    assert outcomes == {"made": 1, "refused": THREADS - 1}
    assert AuditEntry.objects.filter(action="post.published").count() == 1


def test_no_comment_lands_after_comments_are_closed(org: None) -> None:
    post = make_post(slug="p")

    def attempt(index: int) -> object:
        if index == THREADS // 2:
            return services.post_comments_set(post=post, open=False, by=None)
        return services.comment_submit(
            post=post, name=f"n{index}", text="t", client=f"c{index}", by=None
        )

    outcomes = _race(attempt)
    assert set(outcomes) <= {"made", "refused"}, outcomes
    closed = AuditEntry.objects.get(action="post.comments_closed")
    comments = list(Comment.objects.all())
    assert len(comments) == outcomes["made"] - 1  # the closing is one of the "made"
    assert all(c.created_at <= closed.at for c in comments)
