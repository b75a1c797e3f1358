"""Template tags of the design system's components (docs/design.md).

Most components are plain partials under ``templates/components/`` used with ``{% include %}``;
the tags here are the few that need a little logic:

- ``{% icon "name" %}``: an icon from the vendored Lucide sprite, hidden from assistive
  technology (the text next to it names the action). An unknown name is an error, so that a
  typo fails the page's test instead of drawing nothing.
- ``{% tag label tone %}``: a tag (badge) in one of the tones the stylesheet defines.
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

SPRITE = "chapterhouse/icons/sprite.svg"

# The icons vendored in SPRITE (chapterhouse/static/chapterhouse/icons/README.md).
ICONS = frozenset(
    {
        "building-2",
        "calendar",
        "chevron-down",
        "chevron-left",
        "chevron-right",
        "circle-alert",
        "circle-check",
        "clipboard-list",
        "filter",
        "handshake",
        "history",
        "inbox",
        "info",
        "landmark",
        "languages",
        "log-in",
        "log-out",
        "menu",
        "pencil",
        "plus",
        "rotate-ccw",
        "search",
        "trash-2",
        "triangle-alert",
        "user",
        "users",
        "x",
    }
)

TONES = frozenset({"", "info", "ok", "warn", "danger"})


@register.simple_tag
def icon(name: str, css_class: str = "") -> SafeString:
    """``{% icon "pencil" %}`` -> an inline SVG that uses the sprite's ``#pencil`` symbol."""
    if name not in ICONS:
        raise template.TemplateSyntaxError(f"No icon named {name!r} in {SPRITE}.")
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        static(SPRITE),
        name,
    )


@register.simple_tag
def tag(label: object, tone: str = "") -> SafeString:
    """``{% tag _("active") "ok" %}`` -> a tag; tones: info, ok, warn, danger (or none)."""
    if tone not in TONES:
        raise template.TemplateSyntaxError(f"Unknown tag tone {tone!r}; one of {sorted(TONES)}.")
    return format_html('<span class="{}">{}</span>', f"tag {tone}".strip(), label)
