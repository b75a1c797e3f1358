"""The rule for stored translations, shared by every service that writes a translated name.

The texts themselves are read through ``chapterhouse.core.translations``; see that module for
the shape (``<field>_translations``, a mapping from language code to text).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from chapterhouse.core.errors import Errors
from chapterhouse.core.translations import normalize_language, translations_attr
from chapterhouse.organizations import errors as msg
from chapterhouse.organizations.models import Organization


def translation_languages(languages: Any = None) -> tuple[str, ...]:
    """The languages names are translated into: the organization's languages after the first
    (the originals' own). ``languages`` as given, or the stored organization's."""
    if languages is None:
        row = Organization.objects.filter(pk=1).values_list("languages", flat=True).first()
        languages = row or []
    codes = [normalize_language(c) for c in languages if isinstance(c, str)]
    return tuple(dict.fromkeys(codes[1:]))


def translations_check(
    errors: Errors,
    instance: models.Model,
    *,
    before: Mapping[str, Any] | None = None,
    languages: tuple[str, ...] | None = None,
) -> None:
    """Check and normalize every ``<field>_translations`` of ``instance`` in place.

    A translation is a non-empty text no longer than the field itself, into one of the
    organization's languages to translate into; a language the object already had a
    translation in (``before``, the snapshot taken before the change) stays acceptable, so
    that dropping a language from the organization never makes its records uneditable.
    Language codes are stored as ``settings.LANGUAGES`` writes them (``zh-Hans`` →
    ``zh-hans``), in alphabetical order."""
    allowed = translation_languages() if languages is None else languages
    for field in getattr(instance, "TRANSLATED_FIELDS", ()):
        attr = translations_attr(field)
        value = getattr(instance, attr)
        if value is None:
            value = {}
        if not isinstance(value, Mapping):
            errors.add(attr, msg.TRANSLATIONS_SHAPE)
            continue
        limit = instance._meta.get_field(field).max_length  # type: ignore[union-attr]
        previous = (before or {}).get(attr)
        kept = {normalize_language(str(c)) for c in previous or {}}
        cleaned: dict[str, str] = {}
        for raw_code, text in value.items():
            if not isinstance(raw_code, str) or not isinstance(text, str):
                errors.add(attr, msg.TRANSLATIONS_SHAPE)
                continue
            code = normalize_language(raw_code)
            where = f"{attr}.{raw_code}"
            if code not in allowed and code not in kept:
                errors.add(
                    where,
                    msg.TRANSLATION_LANGUAGE.format(
                        language=raw_code, languages=", ".join(allowed) or "—"
                    ),
                )
            elif code in cleaned:
                errors.add(where, msg.TRANSLATION_TWICE.format(language=code))
            elif not text.strip():
                errors.add(where, msg.TRANSLATION_EMPTY.format(language=code))
            elif limit is not None and len(text) > limit:
                errors.add(
                    where,
                    msg.TRANSLATION_TOO_LONG.format(language=code, length=len(text), limit=limit),
                )
            cleaned[code] = text
        setattr(instance, attr, dict(sorted(cleaned.items())))
