"""A speech's full text: Markdown stored as written, rendered to sanitized HTML.

markdown-it-py in its CommonMark mode with raw HTML switched off: any ``<script>`` or
``<img onerror>`` in the text is shown as text, never passed through, and links whose scheme
is not a web or mail link (``javascript:``, ``data:``) are left unlinked by its link check."""

from __future__ import annotations

from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(text: str) -> str:
    """Safe HTML of ``text`` (mark it safe only where it is put in a page)."""
    html: str = _renderer.render(text)
    return html
