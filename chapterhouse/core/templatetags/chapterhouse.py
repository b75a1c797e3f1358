"""Template helpers of the project: ``{% load chapterhouse %}``."""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.translation import get_language

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
