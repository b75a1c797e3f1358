"""View counts: once per reader per post within the window, not for bots or prefetches, no
address stored, counted after the response is sent."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from chapterhouse.publishing.counting import VIEW_WINDOW
from chapterhouse.publishing.factories import make_post
from chapterhouse.publishing.models import Post

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130"


def _views(slug: str) -> int:
    return Post.objects.get(slug=slug).view_count


def _reader(address: str = "192.0.2.1", agent: str = BROWSER, **headers: str) -> Client:
    return Client(REMOTE_ADDR=address, headers={"user-agent": agent, **headers})


def test_a_reader_counts_once_within_the_window(org: None) -> None:
    make_post(slug="p", title="P")
    reader = _reader()
    for _ in range(3):
        assert reader.get("/news/p/").status_code == 200
    assert _views("p") == 1
    _reader("192.0.2.2").get("/news/p/")
    assert _views("p") == 2
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=VIEW_WINDOW + 1)):
        cache.clear()  # the local-memory cache's expiry reads the real clock; emulate it
        reader.get("/news/p/")
    assert _views("p") == 3


def test_the_same_reader_counts_once_per_post(org: None) -> None:
    make_post(slug="a", title="A")
    make_post(slug="b", title="B")
    reader = _reader()
    reader.get("/news/a/")
    reader.get("/news/b/")
    assert (_views("a"), _views("b")) == (1, 1)


@pytest.mark.parametrize(
    "headers",
    [
        {"agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
        {"agent": "Mozilla/5.0 (compatible; bingbot/2.0)"},
        {"agent": "facebookexternalhit/1.1"},
        {"agent": "curl/8.5.0"},
        {"agent": "python-requests/2.32"},
        {"agent": ""},
        {"sec-purpose": "prefetch;prerender"},
        {"purpose": "prefetch"},
        {"x-moz": "prefetch"},
    ],
)
def test_bots_and_prefetches_do_not_count(org: None, headers: dict[str, str]) -> None:
    make_post(slug="p", title="P")
    agent = headers.pop("agent", BROWSER)
    assert _reader(agent=agent, **headers).get("/news/p/").status_code == 200
    assert _views("p") == 0
    # A prefetch or a bot does not use up the reader's one view either.
    if agent == BROWSER:
        _reader().get("/news/p/")
        assert _views("p") == 1


def test_no_address_is_stored_only_a_keyed_hash_that_expires(org: None) -> None:
    make_post(slug="p", title="P")
    _reader("203.0.113.77").get("/news/p/")
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]  # LocMemCache's store, to inspect
    assert keys and not any("203.0.113.77" in str(k) for k in keys)
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("publishing_") and not table.startswith("publishing_post_fts"):
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (table names of the schema)
                assert "203.0.113.77" not in str(cursor.fetchall()), table


def test_a_hidden_post_is_not_counted_and_not_found(org: None) -> None:
    make_post(slug="d", title="D", published=False)
    assert _reader().get("/news/d/").status_code == 404
    assert _views("d") == 0


def test_counting_happens_when_the_response_is_closed(org: None) -> None:
    """The counter's UPDATE runs in ``close()``, after the page is sent; until then the page
    wrote nothing."""
    from django.test import RequestFactory

    from chapterhouse.publishing.views import news_post

    make_post(slug="p", title="P")
    request = RequestFactory().get("/news/p/", headers={"user-agent": BROWSER})
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = news_post(request, slug="p")
    assert response.status_code == 200 and _views("p") == 0
    # As the test client does: the end of a request must not close the test's connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
        assert _views("p") == 1
        response.close()  # closing twice counts once
    finally:
        request_finished.connect(close_old_connections)
    assert _views("p") == 1
