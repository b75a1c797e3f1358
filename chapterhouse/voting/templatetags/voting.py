"""Template filters of the voting pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def cast_count(cast: int, poll_pk: int) -> SafeString:
    """The number of votes cast in a poll, marked so that a live page sets it in place on each
    ``poll.voted`` event (conferences.js) instead of fetching the page again."""
    return format_html('<span data-poll-cast-count="{}">{}</span>', poll_pk, cast)
