from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chapterhouse.core.countries import validate_country_code

KEY_HELP = _(
    "A key is lower-case letters and digits joined by single hyphens, like 'chile-executive'."
)
key_validator = RegexValidator(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", KEY_HELP)


def key_field() -> models.CharField[str, str]:
    """A stable, human-readable identifier used in URLs, the API and dossiers."""
    return models.CharField(max_length=80, unique=True, validators=[key_validator])


COUNTRY_HELP = _(
    "A country is written as its two-letter ISO 3166-1 code in capitals, like 'CL' or 'JP'."
)
country_validator = RegexValidator(r"^[A-Z]{2}$", COUNTRY_HELP)


def country_field() -> models.CharField[str, str]:
    """An ISO 3166-1 alpha-2 country code of a country in the one list (core.countries), or
    empty: "XX" is refused."""
    return models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        validators=[country_validator, validate_country_code],
    )
