"""``{% load publishing %}``: a post's Markdown body as sanitized HTML, a post's text in the
reader's language."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from chapterhouse.conferences.markdown import render_markdown
from chapterhouse.publishing.models import Post
from chapterhouse.publishing.selectors import Reading, reading_for

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown rendered with raw HTML off and unsafe link schemes unlinked
    (conferences.markdown): safe to mark as such."""
    return mark_safe(render_markdown(str(text or "")))  # noqa: S308 (sanitized by render_markdown)


@register.simple_tag
def reading_of(post: Post) -> Reading:
    """``{% reading_of post as reading %}``: the post's text for the reader (selectors)."""
    return reading_for(post, get_language() or "en")
