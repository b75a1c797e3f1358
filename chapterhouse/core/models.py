from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

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
    """An ISO 3166-1 alpha-2 country code, or empty."""
    return models.CharField(
        _("country code"), max_length=2, blank=True, validators=[country_validator]
    )


# The longest text a description, a purpose or a body's notes may hold (about ten pages). The
# database column is unbounded (TEXT), so the limit lives in the field's validators, which every
# service runs (Errors.check) and which the API schemas and the dossier schema read.
TEXT_MAX_LENGTH = 20_000
# PostgreSQL's smallint; SQLite stores any integer, so the validators say it for both.
SMALL_INTEGER_MAX = 32_767


def text_field(
    verbose_name: _StrOrPromise, *, max_length: int = TEXT_MAX_LENGTH
) -> models.TextField[str, str]:
    """A free text, empty allowed, at most ``max_length`` characters on every database."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length)],
    )


def number_range(minimum: int, maximum: int) -> list[MinValueValidator | MaxValueValidator]:
    """Validators of a whole number in ``minimum..maximum``, both inclusive: SQLite stores any
    integer, so the range is checked by the services (full_clean) on every database."""
    return [MinValueValidator(minimum), MaxValueValidator(maximum)]


def small_number_field(
    verbose_name: _StrOrPromise, *, default: int, minimum: int = 0, maximum: int = SMALL_INTEGER_MAX
) -> models.PositiveSmallIntegerField[int, int]:
    """A small whole number in ``minimum..maximum`` (both inclusive) on every database."""
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=number_range(minimum, maximum)
    )
