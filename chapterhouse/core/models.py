from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

KEY_HELP = (
    "A key is lower-case letters and digits joined by single hyphens, like 'chile-executive'."
)
key_validator = RegexValidator(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", KEY_HELP)


def key_field() -> models.CharField[str, str]:
    """A stable, human-readable identifier used in URLs, the API and dossiers."""
    return models.CharField(max_length=80, unique=True, validators=[key_validator])
