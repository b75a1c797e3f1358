"""The public news pages and the secretariat's: drafts hidden everywhere (a planted marker),
feeds and the sitemap, search in Korean, Japanese and Chinese, comments, feedback, XSS."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chapterhouse.publishing import services
from chapterhouse.publishing.factories import make_category, make_post, make_tag
from chapterhouse.publishing.models import Comment, CommentState, Feedback, PostState
from chapterhouse.publishing.services import VersionSpec

pytestmark = pytest.mark.django_db

MARKER = "mk-draft-marker-7q"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(org: None) -> dict[str, object]:
    """A public post and, sharing its category and tag, a draft, a withdrawn post and a
    scheduled one not yet due, each carrying the marker in every text."""
    category, tag = make_category(key="news", name="News"), make_tag(key="congress", name="C")
    public = make_post(
        slug="public-post", title="Public post", lead="Lead", category=category, tags=[tag]
    )
    hidden = []
    for slug in ("draft-post", "withdrawn-post", "scheduled-post"):
        post = make_post(
            slug=slug, title=f"{MARKER} title", lead=f"{MARKER} lead", body=f"{MARKER} body",
            category=category, tags=[tag], published=False,
            versions=[VersionSpec("ja", f"{MARKER} 題")],
        )  # fmt: skip
        hidden.append(post)
    services.post_withdraw(post=services.post_publish(post=hidden[1], by=None), by=None)
    services.post_schedule(
        post=hidden[2], publish_at=timezone.now() + dt.timedelta(days=1), by=None
    )
    return {"public": public, "hidden": hidden}


PUBLIC_URLS = [
    "/news/",
    "/news/?page=2",
    "/news/category/news/",
    "/news/tag/congress/",
    "/news/search/?q=draft-marker",
    "/news/search/?q=title",
    "/news/search/?q=題",
    "/news/rss/",
    "/news/atom/",
    "/news/category/news/rss/",
    "/news/category/news/atom/",
    "/news/tag/congress/rss/",
    "/news/tag/congress/atom/",
    "/news/public-post/",
    "/sitemap.xml",
    "/api/v1/posts",
    "/api/v1/posts/public-post",
    "/feedback/",
]


def test_drafts_withdrawn_and_unscheduled_posts_are_invisible_everywhere(
    world: dict[str, object],
) -> None:
    month = timezone.localtime(timezone.now())
    urls = [*PUBLIC_URLS, f"/news/archive/{month.year}/{month.month}/"]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200, url
        assert MARKER not in response.content.decode(), url
    for slug in ("draft-post", "withdrawn-post", "scheduled-post"):
        assert Client().get(f"/news/{slug}/").status_code == 404
        assert Client().get(f"/api/v1/posts/{slug}").status_code == 404
    # The home page counts one post in the category, not four.
    assert "News</a> (1)" in Client().get("/news/").content.decode()


def test_the_marker_is_there_to_be_found(
    world: dict[str, object], secretariat_client: Client
) -> None:
    """So that the test above can fail: the secretariat's pages show the hidden posts."""
    assert MARKER in secretariat_client.get("/publishing/posts/").content.decode()
    page = secretariat_client.get("/publishing/posts/draft-post/edit/").content.decode()
    assert MARKER in page
    services.post_publish(post=world["hidden"][0], by=None)  # type: ignore[index]
    assert MARKER in Client().get("/news/").content.decode()


def test_secretariat_pages_are_404_for_the_public(world: dict[str, object]) -> None:
    for name in ("publishing-posts", "publishing-post-create", "publishing-moderation",
                 "publishing-feedback", "publishing-terms", "publishing-settings"):  # fmt: skip
        assert Client().get(reverse(name)).status_code == 404


def _rss_items(content: bytes) -> list[ET.Element]:
    root = ET.fromstring(content)  # noqa: S314 (our own feed, in a test)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    items = channel.findall("item")
    for item in items:
        assert item.findtext("title") and item.findtext("link") and item.findtext("pubDate")
        assert item.findtext("guid")
    return items


def _atom_entries(content: bytes) -> list[ET.Element]:
    root = ET.fromstring(content)  # noqa: S314 (our own feed, in a test)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}"), required
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    # A feed whose entries name no author names one itself (RFC 4287, 4.1.1).
    assert root.findtext(f"{ATOM}author/{ATOM}name")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert entry.find(f"{ATOM}link") is not None
    return entries


def test_feeds_parse_and_hold_the_public_posts(world: dict[str, object]) -> None:
    for url in ("/news/rss/", "/news/category/news/rss/", "/news/tag/congress/rss/"):
        response = Client().get(url)
        assert response["Content-Type"].startswith("application/rss+xml")
        items = _rss_items(response.content)
        assert [i.findtext("title") for i in items] == ["Public post"]
        assert items[0].findtext("link", "").endswith("/news/public-post/")
    for url in ("/news/atom/", "/news/category/news/atom/", "/news/tag/congress/atom/"):
        entries = _atom_entries(Client().get(url).content)
        assert [e.findtext(f"{ATOM}title") for e in entries] == ["Public post"]
    assert Client().get("/news/category/nothing/rss/").status_code == 404


def test_a_feed_parser_reads_every_feed_without_complaint(world: dict[str, object]) -> None:
    """The feeds as a reader's software takes them: feedparser finds nothing malformed (its
    "bozo" flag), knows the format, and reads the public post with its link and date."""
    import feedparser

    for url, version in (
        ("/news/rss/", "rss20"),
        ("/news/category/news/rss/", "rss20"),
        ("/news/tag/congress/rss/", "rss20"),
        ("/news/atom/", "atom10"),
        ("/news/category/news/atom/", "atom10"),
        ("/news/tag/congress/atom/", "atom10"),
    ):
        parsed = feedparser.parse(Client().get(url).content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version == version, url
        assert parsed.feed.get("title"), url
        assert [e.title for e in parsed.entries] == ["Public post"], url
        entry = parsed.entries[0]
        assert entry.link.endswith("/news/public-post/"), url
        assert entry.get("published_parsed") or entry.get("updated_parsed"), url


def test_feed_of_a_japanese_reader_uses_the_japanese_version(org: None) -> None:
    make_post(title="Opened", versions=[VersionSpec("ja", "開幕")])
    items = _rss_items(Client(headers={"accept-language": "ja"}).get("/news/rss/").content)
    assert [i.findtext("title") for i in items] == ["開幕"]


def test_sitemap_lists_public_posts_only(world: dict[str, object]) -> None:
    root = ET.fromstring(Client().get("/sitemap.xml").content)  # noqa: S314 (our own)
    locs = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/news/public-post/") for loc in locs)
    assert not any("draft" in loc or "withdrawn" in loc or "scheduled" in loc for loc in locs)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("第三回大会が東京で開幕した。", "大会"),  # Japanese, a two-character word
        ("第三回大会が東京で開幕した。", "東京で開幕"),
        ("제3차 대회가 서울에서 개막되었다.", "서울에서"),  # Korean, inside a word group
        ("제3차 대회가 서울에서 개막되었다.", "대회"),
        ("第三次代表大会在北京隆重开幕。", "隆重开幕"),  # Chinese
        ("第三次代表大会在北京隆重开幕。", "北京"),
        ("The Harbor Workers opened their Congress.", "congress"),
    ],
)
def test_search_finds_words_in_cjk_text(org: None, text: str, query: str) -> None:
    make_post(slug="hit", title="Hit", body=text)
    make_post(slug="miss", title="Miss", body="Nothing of the kind here at all.")
    make_post(slug="hidden-hit", title="Hidden", body=text, published=False)
    page = Client().get("/news/search/", {"q": query}).content.decode()
    assert "/news/hit/" in page
    assert "/news/miss/" not in page and "/news/hidden-hit/" not in page


def test_search_requires_every_term_and_reads_versions(org: None) -> None:
    make_post(slug="both", title="Harbor congress", versions=[VersionSpec("ja", "港湾大会")])
    make_post(slug="one", title="Harbor only")
    page = Client().get("/news/search/", {"q": "harbor congress"}).content.decode()
    assert "/news/both/" in page and "/news/one/" not in page
    assert "/news/both/" in Client().get("/news/search/", {"q": "港湾"}).content.decode()


def test_hostile_search_input_is_harmless(org: None) -> None:
    make_post(slug="p", title="P")
    for q in ['"', "'; drop table x; --", "a" * 5000, "NEAR(", "*", "\u3000", "x OR y"]:
        assert Client().get("/news/search/", {"q": q}).status_code == 200


def test_post_page_shows_what_it_should(org: None) -> None:
    from chapterhouse.people.services import NameSpec, person_create

    author = person_create(key="mira", names=[NameSpec("en", "Mira Okafor", True)], by=None)
    post = make_post(
        slug="opened", title="Opened", category=make_category(key="news", name="News"),
        tags=[make_tag(key="congress", name="Congress")], dateline_place="Valparaíso",
        dateline_date=dt.date(2026, 9, 1), author=author,
    )  # fmt: skip
    comment = services.comment_submit(post=post, name="Ana", text="Bravo", client="c", by=None)
    services.comment_moderate(comment=comment, state=CommentState.APPROVED, by=None)
    page = Client().get("/news/opened/").content.decode()
    assert "Valparaíso" in page and "Reiwa 8" in page  # the dateline in the Japanese era
    assert 'href="/news/category/news/"' in page and 'href="/news/tag/congress/"' in page
    assert "1 comment" in page and "Bravo" in page
    assert "view" in page
    head, body = page.split("</head>", 1)
    assert 'property="og:title" content="Opened"' in head and "og:title" not in body
    assert 'name="twitter:card"' in head and 'rel="canonical"' in head
    # The main navigation leads to the news.
    assert 'href="/news/"' in body.split('id="main"', 1)[0]
    assert (
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fnews%2Fopened%2F"
        in page
    )
    # The author is named only when the reader may look the person up (public position).
    assert "Mira Okafor" not in page


def test_share_links_shown_are_the_organizations_choice(org: None) -> None:
    make_post(slug="p", title="P")
    services.publishing_settings_set(moderation=True, share_sites=["naver", "band"], by=None)
    page = Client().get("/news/p/").content.decode()
    assert "share.naver.com" in page and "band.us" in page
    assert "facebook.com" not in page and "reddit.com" not in page


XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_user_supplied_text_is_inert(org: None) -> None:
    post = make_post(
        slug="x", title=XSS, lead=XSS, body=f"{XSS}\n\n[link](javascript:alert(3))",
        dateline_place=XSS,
    )  # fmt: skip
    services.publishing_settings_set(moderation=False, share_sites=["x"], by=None)
    services.comment_submit(post=post, name=XSS, text=XSS, client="c", by=None)
    for url in ("/news/x/", "/news/", "/news/rss/", "/news/atom/"):
        page = Client().get(url).content.decode()
        assert "<script>" not in page and "<img src=x" not in page, url
        assert 'href="javascript:' not in page, url


def test_commenting_through_the_page(org: None) -> None:
    make_post(slug="p", title="P")
    client = Client()
    response = client.post("/news/p/comment/", {"name": "Ana", "text": "Hello", "website": ""})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.state == CommentState.PENDING
    assert "Hello" not in client.get("/news/p/").content.decode()  # waits for moderation
    # The honeypot: refused with a clear message, nothing stored.
    response = client.post("/news/p/comment/", {"name": "B", "text": "spam", "website": "x"})
    assert response.status_code == 422
    assert "Leave the last field empty" in response.content.decode()
    assert Comment.objects.count() == 1


def test_rate_limit_through_the_page_is_per_client(org: None) -> None:
    from chapterhouse.publishing.spam import RATE_LIMIT

    data = {"name": "A", "email": "a@example.org", "text": "t", "website": ""}
    for _ in range(RATE_LIMIT):
        assert Client().post("/feedback/", data).status_code == 302
    response = Client().post("/feedback/", data)
    assert response.status_code == 422 and "Too many" in response.content.decode()
    assert Client(REMOTE_ADDR="10.0.0.9").post("/feedback/", data).status_code == 302
    assert Feedback.objects.count() == RATE_LIMIT + 1


def test_moderation_queue_and_feedback_inbox(org: None, secretariat_client: Client) -> None:
    post = make_post(slug="p", title="P")
    comment = services.comment_submit(post=post, name="Ana", text="Waiting", client="c", by=None)
    assert "Waiting" in secretariat_client.get("/publishing/comments/").content.decode()
    secretariat_client.post(f"/publishing/comments/{comment.pk}/", {"state": "approved"})
    comment.refresh_from_db()
    assert comment.state == CommentState.APPROVED
    assert "Waiting" in Client().get("/news/p/").content.decode()
    item = services.feedback_submit(name="B", email="b@example.org", text="Hi", client="c", by=None)
    assert "b@example.org" in secretariat_client.get("/publishing/feedback/").content.decode()
    secretariat_client.post(f"/publishing/feedback/{item.pk}/", {"handled": "1"})
    item.refresh_from_db()
    assert item.handled


def test_secretariat_writes_and_publishes_a_post(org: None, secretariat_client: Client) -> None:
    response = secretariat_client.post(
        "/publishing/posts/new/",
        {"title": "New one", "slug": "", "lead": "L", "body": "**B**", "title_ja": "新しい",
         "lead_ja": "", "body_ja": "**本文**", "comments_open": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Client().get("/news/new-one/").status_code == 404
    secretariat_client.post("/publishing/posts/new-one/state/", {"action": "publish"})
    page = Client(headers={"accept-language": "ja"}).get("/news/new-one/").content.decode()
    assert "新しい" in page and "<strong>本文</strong>" in page
    # Saving the edit page unchanged changes nothing.
    from chapterhouse.core.models import AuditEntry

    form = secretariat_client.get("/publishing/posts/new-one/edit/")
    assert form.status_code == 200
    count = AuditEntry.objects.count()
    secretariat_client.post(
        "/publishing/posts/new-one/edit/",
        {"title": "New one", "slug": "new-one", "lead": "L", "body": "**B**", "title_ja": "新しい",
         "lead_ja": "", "body_ja": "**本文**", "comments_open": "on"},
    )  # fmt: skip
    assert AuditEntry.objects.count() == count


def test_post_page_query_budget(org: None) -> None:
    """The post page, for the public, takes a fixed number of queries however many comments,
    tags and versions it has:

    1. the post with its category, author and approved-comment count
    2. its tags   3. its versions   4. its approved comments
    5. related posts   6. their versions
    7. the publishing settings (share links)
    8. the organization (the site's context, for every page)
    """
    tags = [make_tag() for _ in range(3)]
    category = make_category()
    post = make_post(
        slug="p", title="P", tags=tags, category=category, versions=[VersionSpec("ja", "ピ")]
    )
    for n in range(3):
        make_post(title=f"R{n}", tags=tags[:1])
    services.publishing_settings_set(moderation=False, share_sites=["x"], by=None)
    for n in range(5):
        services.comment_submit(post=post, name=f"n{n}", text="t", client=f"c{n}", by=None)
    client = Client()
    client.get("/news/p/")  # warm
    with CaptureQueriesContext(connection) as first:
        client.get("/news/p/")
    for n in range(5, 10):
        services.comment_submit(post=post, name=f"n{n}", text="t", client=f"c{n}", by=None)
    with CaptureQueriesContext(connection) as second:
        client.get("/news/p/")
    assert len(first) == len(second)
    assert len(first) == 8, [q["sql"] for q in first.captured_queries]


def test_state_names_are_known() -> None:
    assert {s.value for s in PostState} == {"draft", "scheduled", "published", "withdrawn"}


def test_a_reply_to_a_comment_that_is_not_there_is_told(org: None) -> None:
    make_post(slug="p", title="P")
    response = Client().post(
        "/news/p/comment/", {"name": "A", "text": "t", "website": "", "parent": "999"}
    )
    assert response.status_code == 422
    assert "The comment answered is not there." in response.content.decode()
    assert not Comment.objects.exists()


def test_news_home_query_budget(org: None) -> None:
    """The news home takes a fixed number of queries however many posts a page lists:

    1. the count of public posts (the pager)   2. the page's posts with category and comment
    counts   3. their tags   4. their versions   5. categories in use with their counts
    6. the months of the archive   7. the organization (the site's context)
    """
    category = make_category()
    for n in range(3):
        make_post(title=f"P{n}", category=category, versions=[VersionSpec("ja", f"J{n}")])
    client = Client()
    client.get("/news/")
    with CaptureQueriesContext(connection) as few:
        client.get("/news/")
    for n in range(3, 10):
        make_post(title=f"P{n}", category=category, tags=[make_tag()])
    with CaptureQueriesContext(connection) as many:
        client.get("/news/")
    assert len(few) == len(many) == 7, [q["sql"] for q in many.captured_queries]


def test_settings_page_turns_moderation_and_every_share_link_off(
    org: None, secretariat_client: Client
) -> None:
    from chapterhouse.publishing.selectors import publishing_settings

    assert secretariat_client.post("/publishing/settings/", {}).status_code == 302
    current = publishing_settings()
    assert current.moderation is False and current.share_sites == []
    make_post(slug="p", title="P")
    page = Client().get("/news/p/").content.decode()
    assert 'aria-label="Share"' not in page
    response = secretariat_client.post(
        "/publishing/settings/", {"moderation": "on", "share_sites": ["email", "copy"]}
    )
    assert response.status_code == 302
    assert publishing_settings().share_sites == ["email", "copy"]
