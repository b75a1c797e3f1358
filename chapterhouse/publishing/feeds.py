"""RSS 2.0 and Atom 1.0 feeds of public posts (all, per category, per tag), with Django's
syndication framework. Drafts, scheduled posts not yet due and withdrawn posts are never in
them: the items come from ``selectors.public_posts``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chapterhouse.organizations.selectors import organization_get
from chapterhouse.publishing import selectors
from chapterhouse.publishing.models import Category, Post, Tag

FEED_SIZE = 30


class PostsFeed(Feed):  # type: ignore[type-arg]  # django-stubs' Feed is generic over item and object
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self, obj: Any = None) -> str:
        return _("{organization}: news").format(organization=organization_get().name)

    def link(self, obj: Any = None) -> str:
        return reverse("news-home")

    def author_name(self, obj: Any = None) -> str:
        """The organization: Atom asks for an author of the feed (its entries name none, as an
        author a reader may not look up must not be named)."""
        return organization_get().name

    def description(self, obj: Any = None) -> str:
        return self.title(obj)

    def feed_url(self, obj: Any = None) -> str:
        return self.request.path

    def posts(self, obj: Any) -> QuerySet[Post]:
        return selectors.public_posts()

    def items(self, obj: Any = None) -> list[Post]:
        return list(self.posts(obj)[:FEED_SIZE])

    def item_title(self, item: Post) -> str:
        return selectors.reading_for(item, get_language() or "en").title

    def item_description(self, item: Post) -> str:
        reading = selectors.reading_for(item, get_language() or "en")
        return reading.lead or reading.title

    def item_link(self, item: Post) -> str:
        return reverse("news-post", args=[item.slug])

    def item_pubdate(self, item: Post) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> dt.datetime | None:
        return max(item.updated_at, item.published_at) if item.published_at else item.updated_at

    def item_categories(self, item: Post) -> list[str]:
        names = [item.category.name] if item.category else []
        return names + [tag.name for tag in item.tags.all()]


class AtomPostsFeed(PostsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Any = None) -> str:
        return self.description(obj)


class CategoryFeed(PostsFeed):
    def get_object(self, request: HttpRequest, key: str) -> Category:
        return selectors.category_access(key)

    def title(self, obj: Any = None) -> str:
        return f"{super().title(obj)} · {obj}"

    def link(self, obj: Any = None) -> str:
        return reverse("news-category", args=[obj.key])

    def posts(self, obj: Any) -> QuerySet[Post]:
        return selectors.public_posts_in_category(obj)


class AtomCategoryFeed(CategoryFeed):
    feed_type = Atom1Feed


class TagFeed(PostsFeed):
    def get_object(self, request: HttpRequest, key: str) -> Tag:
        return selectors.tag_access(key)

    def title(self, obj: Any = None) -> str:
        return f"{super().title(obj)} · {obj}"

    def link(self, obj: Any = None) -> str:
        return reverse("news-tag", args=[obj.key])

    def posts(self, obj: Any) -> QuerySet[Post]:
        return selectors.public_posts_tagged(obj)


class AtomTagFeed(TagFeed):
    feed_type = Atom1Feed
