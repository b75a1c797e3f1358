"""Language tags (BCP 47) for the languages names are written in: 'en', 'ja', 'zh-Hans',
'ja-Latn', 'sr-Latn-RS'.

A tag is taken when it is well formed (RFC 5646: a language subtag, then optional script,
region, variants, extensions and private use) and its language subtag is a known language: an
ISO 639-1 code, or one of the three-letter codes Django knows a language by (``LANG_INFO``).
"""

from __future__ import annotations

import re

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A tag is at most this long here (the longest stored: 20 characters).
MAX_TAG_LENGTH = 20

NOT_A_LANGUAGE_TAG = _(
    "{value!r} is not a language tag: write a known language code, optionally with a script "
    "or region, like 'en', 'ja', 'zh-Hans' or 'ja-Latn'."
)

_TAG_RE = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
)

# ISO 639-1: every two-letter language code.
ISO_639_1 = frozenset(
    [
        "aa",
        "ab",
        "ae",
        "af",
        "ak",
        "am",
        "an",
        "ar",
        "as",
        "av",
        "ay",
        "az",
        "ba",
        "be",
        "bg",
        "bh",
        "bi",
        "bm",
        "bn",
        "bo",
        "br",
        "bs",
        "ca",
        "ce",
        "ch",
        "co",
        "cr",
        "cs",
        "cu",
        "cv",
        "cy",
        "da",
        "de",
        "dv",
        "dz",
        "ee",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "ff",
        "fi",
        "fj",
        "fo",
        "fr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gn",
        "gu",
        "gv",
        "ha",
        "he",
        "hi",
        "ho",
        "hr",
        "ht",
        "hu",
        "hy",
        "hz",
        "ia",
        "id",
        "ie",
        "ig",
        "ii",
        "ik",
        "io",
        "is",
        "it",
        "iu",
        "ja",
        "jv",
        "ka",
        "kg",
        "ki",
        "kj",
        "kk",
        "kl",
        "km",
        "kn",
        "ko",
        "kr",
        "ks",
        "ku",
        "kv",
        "kw",
        "ky",
        "la",
        "lb",
        "lg",
        "li",
        "ln",
        "lo",
        "lt",
        "lu",
        "lv",
        "mg",
        "mh",
        "mi",
        "mk",
        "ml",
        "mn",
        "mr",
        "ms",
        "mt",
        "my",
        "na",
        "nb",
        "nd",
        "ne",
        "ng",
        "nl",
        "nn",
        "no",
        "nr",
        "nv",
        "ny",
        "oc",
        "oj",
        "om",
        "or",
        "os",
        "pa",
        "pi",
        "pl",
        "ps",
        "pt",
        "qu",
        "rm",
        "rn",
        "ro",
        "ru",
        "rw",
        "sa",
        "sc",
        "sd",
        "se",
        "sg",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sq",
        "sr",
        "ss",
        "st",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "tk",
        "tl",
        "tn",
        "to",
        "tr",
        "ts",
        "tt",
        "tw",
        "ty",
        "ug",
        "uk",
        "ur",
        "uz",
        "ve",
        "vi",
        "vo",
        "wa",
        "wo",
        "xh",
        "yi",
        "yo",
        "za",
        "zh",
        "zu",
    ]
)
_THREE_LETTER = frozenset(code for code in LANG_INFO if re.fullmatch(r"[a-z]{3}", code))


def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed tag of a known language."""
    if not tag or len(tag) > MAX_TAG_LENGTH:
        return False
    match = _TAG_RE.fullmatch(tag)
    if match is None:
        return False
    language = match["language"].lower()
    return language in ISO_639_1 or language in _THREE_LETTER


def validate_language_tag(value: str) -> None:
    """Model-field validator: a well-formed tag of a known language."""
    if not is_language_tag(value):
        raise ValidationError(NOT_A_LANGUAGE_TAG.format(value=value[:40]), code="language")
