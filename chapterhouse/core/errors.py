"""Domain errors shared by every context.

Services raise :class:`django.core.exceptions.ValidationError` with a dict keyed by field name,
so forms show each message at its field and the API answers 422 with the path of each field.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message)]})


class Errors:
    """Collects messages per field, then raises them together with the model's own checks."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

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


@contextmanager
def integrity_backstop(field: str, message: str) -> Iterator[None]:
    """Run the writes inside in a savepoint; a database constraint they break becomes
    ``message`` at ``field`` instead of a 500.

    Only a backstop: services check every rule first (under the lock they need), so this is
    reached only when a concurrent writer got there between the check and the write (two
    requests making the same key at once)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise field_error(field, message) from error
