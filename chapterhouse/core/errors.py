"""Domain errors shared by every context.

Services raise :class:`django.core.exceptions.ValidationError` with a dict keyed by field name,
so forms show each message at its field and the API answers 422 with the path of each field.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy

# Django's lazy translation, typed as the str it stands for (see people/errors.py).
TOO_MANY = cast(str, gettext_lazy("{count} are given; at most {maximum} are allowed."))


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message)]})


class Errors:
    """Collects messages per field, then raises them together with the model's own checks."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def check_row(
        self, field: str, index: int, instance: Model, *, exclude: Collection[str] = ()
    ) -> None:
        """Run the field validation of one row of a list the service writes beside its main
        object (a person's names, contacts); messages go under ``field.index.name``
        (``names.1.full_name``), as the API and the dossier name a place in a list."""
        try:
            instance.full_clean(
                exclude=list(exclude), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add(f"{field}.{index}.{name}", message)

    def check_count(self, field: str, count: int, maximum: int) -> None:
        """A list the service writes holds at most ``maximum`` entries."""
        if count > maximum:
            self.add(field, TOO_MANY.format(count=count, maximum=maximum))

    def check(self, instance: Model, *, exclude: Collection[str] = ()) -> None:
        """Run the model's field validation (types, lengths, choices, unique keys) and raise
        every message collected so far, keyed by field."""
        try:
            instance.full_clean(exclude=list(exclude), validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    if message not in self.by_field.get(field, []):
                        self.add(field, message)
        if self.by_field:
            raise ValidationError(
                {f: [ValidationError(m) for m in ms] for f, ms in self.by_field.items()}
            )
