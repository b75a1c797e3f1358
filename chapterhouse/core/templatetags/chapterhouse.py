"""Template helpers of the project: ``{% load chapterhouse %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, gettext

from chapterhouse.core import translations
from chapterhouse.core.countries import country_name as _country_name

register = template.Library()


@register.filter
def country_name(code: object) -> str:
    """``{{ branch.country|country_name }}``: the country's name in the reader's language."""
    return _country_name(str(code)) if code else ""


@register.filter
def counted(value: int) -> str:
    """A count for a translated sentence such as "%(nth)s anniversary": the English ordinal
    ("12th") in English, the bare number elsewhere, where the translation attaches its own
    counter ("12周年", "12주년", "12-я годовщина")."""
    if (get_language() or "en").split("-")[0] == "en":
        return str(ordinal(value))
    return str(value)


def _reader_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


@register.simple_tag(takes_context=True)
def localized(context: template.Context, obj: Any, field: str = "name") -> str:
    """``{% localized body %}``, ``{% localized event "title" %}``: the text in the reader's
    language. An untranslated original is shown as such: in its own ``lang``, with a small
    visible language mark, a ``title`` and a note for screen readers. ``{% localized body as
    name %}`` keeps it for a ``{% blocktranslate with name=name %}``. Nothing for None."""
    if obj is None:
        return ""
    organization = context.get("organization")
    reader = _reader_language()
    shown = translations.localized(
        obj,
        field,
        reader,
        original=translations.original_language(getattr(organization, "languages", None)),
    )
    if not shown.fallback:
        return shown.text
    note = gettext("not translated into %(language)s") % {"language": _language_name(reader)}
    return format_html(
        '<span class="untranslated" title="{note}"><span lang="{lang}">{text}</span>'
        '<sup class="untranslated-mark" aria-hidden="true">{lang}</sup>'
        '<span class="visually-hidden"> ({note})</span></span>',
        note=note,
        lang=shown.language,
        text=shown.text,
    )


@register.filter
def localized_text(obj: Any, field: str = "name") -> str:
    """``{{ body|localized_text }}``: the text in the reader's language, else the original, as
    plain text (for a page title, an option, an attribute)."""
    if obj is None:
        return ""
    return translations.localized_text(obj, field, _reader_language())
