"""Countries from one list (django-countries' ISO 3166-1 list), named in the reader's language.

Every country a record holds is a two-letter ISO 3166-1 code in capitals ("CL", "JP"), checked
against that list: "XX" and other codes that name no country are refused. Pages show the name
in the active language (``{{ code|country_name }}``), the API gives the code and the name.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

NOT_A_COUNTRY = _("{value!r} is not a country: write its two-letter ISO 3166-1 code, like 'CL'.")


def is_country_code(code: str) -> bool:
    """Whether ``code`` is the code of a country in the list (capitals, as stored)."""
    return len(code) == 2 and code.isascii() and code.isupper() and code in countries


def country_name(code: str) -> str:
    """The country's name in the active language; "" for no country, the code itself if the
    list does not know it."""
    if not code:
        return ""
    return str(countries.name(code)) or code


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name in the active language), by name; for a form's select."""
    return [(str(code), str(name)) for code, name in countries]


def validate_country_code(value: str) -> None:
    """Model-field validator: empty or a country's code."""
    if value and not is_country_code(value):
        raise ValidationError(NOT_A_COUNTRY.format(value=value), code="country")
