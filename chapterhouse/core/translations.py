"""Names in the organization's languages: one mechanism for every model that has them.

A model lists the fields it translates in ``TRANSLATED_FIELDS`` (``("name", "short_name")``) and
keeps each field's translations beside it in a JSON field ``<field>_translations``, a mapping
from a language code of ``settings.LANGUAGES`` to the text (``{"ja": "調整委員会"}``). The field
itself holds the original, written in the organization's first language.

:func:`localized` picks the text for a reader's language: the translation when there is one,
otherwise the original, marked as such so that pages can say so (``lang`` attribute, a note).
The services check what is stored (``organizations.translations``); this module is pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings


def normalize_language(code: str) -> str:
    """``"zh-Hans"``, ``"zh_Hans"`` and ``"zh-hans"`` are one language: ``"zh-hans"``, as
    ``settings.LANGUAGES`` and Django's ``get_language()`` write it."""
    return code.strip().replace("_", "-").lower()


def translations_attr(field: str) -> str:
    """The attribute holding ``field``'s translations: ``name`` → ``name_translations``."""
    return f"{field}_translations"


def pick_translation(translations: Mapping[str, str] | None, language: str) -> str | None:
    """The translation for ``language`` (``"zh-Hans"`` finds ``"zh-hans"``; ``"ko-kr"`` finds
    ``"ko"``), or None. An empty text counts as none."""
    if not translations or not language:
        return None
    wanted = normalize_language(language)
    by_code = {normalize_language(code): text for code, text in translations.items()}
    found = by_code.get(wanted)
    if not found and "-" in wanted:
        found = by_code.get(wanted.split("-")[0])
    return found or None


def same_language(a: str, b: str) -> bool:
    a, b = normalize_language(a), normalize_language(b)
    return a == b or a.split("-")[0] == b or b.split("-")[0] == a


def original_language(languages: Any) -> str:
    """The language originals are written in: the organization's first language, else the
    site's default language."""
    if isinstance(languages, list | tuple) and languages and isinstance(languages[0], str):
        return normalize_language(languages[0])
    return normalize_language(settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class Localized:
    """A text for a reader: the text, the language it is written in, and whether it is the
    untranslated original shown to a reader of another language."""

    text: str
    language: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def localized(obj: Any, field: str, language: str, *, original: str | None = None) -> Localized:
    """``obj``'s ``field`` for a reader of ``language``.

    ``original`` is the language of the original text (:func:`original_language`); a reader of
    that language gets the original, not marked. A reader of another language gets the
    translation, or the original marked as a fallback."""
    source = original or normalize_language(settings.LANGUAGE_CODE)
    text = str(getattr(obj, field) or "")
    translation = pick_translation(getattr(obj, translations_attr(field), None), language)
    if translation is not None:
        return Localized(text=translation, language=normalize_language(language), fallback=False)
    fallback = bool(text) and not same_language(language, source)
    return Localized(text=text, language=source, fallback=fallback)


def localized_text(obj: Any, field: str, language: str) -> str:
    """Just the text of :func:`localized`: the translation, else the original."""
    translation = pick_translation(getattr(obj, translations_attr(field), None), language)
    return translation if translation is not None else str(getattr(obj, field) or "")
