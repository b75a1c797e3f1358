"""The sitemap of the public news site: its lists and every public post (no other)."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from chapterhouse.publishing import selectors
from chapterhouse.publishing.models import Post


class PostSitemap(Sitemap):  # type: ignore[type-arg]  # django-stubs' Sitemap is generic over its items
    changefreq = "weekly"

    def items(self) -> list[Post]:
        return list(selectors.public_posts()[:50_000])

    def location(self, item: Post) -> str:
        return reverse("news-post", args=[item.slug])

    def lastmod(self, item: Post) -> dt.datetime:
        return max(item.updated_at, item.published_at or item.updated_at)


class ListSitemap(Sitemap):  # type: ignore[type-arg]  # as above
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["news-home", "feedback"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"lists": ListSitemap, "posts": PostSitemap}
