"""Domain errors shared by every context.

Services raise :class:`django.core.exceptions.ValidationError` with a dict keyed by field name,
so forms show each message at its field and the API answers 422 with the path of each field.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy


def save_checked(instance: Model) -> None:
    """Save ``instance``, whose unique keys ``Errors.check`` found free. A concurrent writer
    may have taken one since (on PostgreSQL nothing locks a key that does not exist yet): the
    database refuses the row, and the same field error the check gives is raised instead of an
    IntegrityError. (On SQLite, IMMEDIATE transactions already serialize writers.)"""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        try:
            instance.validate_unique()
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        raise


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

    def text(self, field: str, value: str) -> bool:
        """Refuse text no database stores (NUL, lone surrogates); whether ``value`` is fine."""
        from chapterhouse.core.text import text_problem  # core.text imports the messages

        problem = text_problem(value)
        if problem:
            self.add(field, problem)
        return problem is None

    def raise_any(self) -> None:
        """Raise every message collected so far, keyed by field, if there is any."""
        if self.by_field:
            raise ValidationError(
                {f: [ValidationError(m) for m in ms] for f, ms in self.by_field.items()}
            )

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
        every message collected so far, keyed by field. Text no database stores is refused
        first (and its field left out of the checks that would query the database with it)."""
        exclude = list(exclude)
        for model_field in instance._meta.concrete_fields:
            value = getattr(instance, model_field.attname, None)
            if isinstance(value, str) and not self.text(model_field.name, value):
                exclude.append(model_field.name)
        try:
            instance.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    if message not in self.by_field.get(field, []):
                        self.add(field, message)
        if self.by_field:
            raise ValidationError(
                {f: [ValidationError(m) for m in ms] for f, ms in self.by_field.items()}
            )


# Messages of the site's edge (lazy: shown in the reader's language; tests import them).
DATABASE_UNAVAILABLE = cast(
    str,
    gettext_lazy(
        "The database cannot answer right now (it is busy or unavailable). Nothing was "
        "changed; try again in a few seconds."
    ),
)
NUL_CHARACTER = cast(str, gettext_lazy("Text cannot contain the NUL character (U+0000)."))
UNREADABLE_FORM = cast(str, gettext_lazy("The form data sent cannot be read."))
LONE_SURROGATE = cast(
    str,
    gettext_lazy(
        "Text cannot contain {code}, half of a UTF-16 surrogate pair: it is not a character."
    ),
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
