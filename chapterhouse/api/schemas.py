"""Schemas shared by every router: dates as people write them, references, errors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import Field as ModelField
from django.db.models import Model
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError, PydanticUndefined

from chapterhouse.api import errors as msg
from chapterhouse.calendars.eras import parse_era_date


def parse_date(text: str) -> dt.date:
    """The one place the API reads a date: ISO ('2026-09-01') or with an era year ('Reiwa
    8-09-01', '令和8年9月1日'), as chapterhouse.calendars.eras reads them. Raises ValueError."""
    return parse_era_date(text)


def _read_date(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError as error:
            raise PydanticCustomError("date", "{message}", {"message": str(error)}) from None
    raise PydanticCustomError("date_type", msg.DATE_TYPE)


# A date in a request (query or body): ISO or with an era year.
EraDate = Annotated[
    dt.date,
    BeforeValidator(_read_date),
    WithJsonSchema(
        {
            "type": "string",
            "description": "An ISO date, or a date with an era year.",
            "examples": ["2026-09-01", "Reiwa 8-09-01", "令和8年9月1日"],
        }
    ),
]

Key = Annotated[str, WithJsonSchema({"type": "string", "examples": ["coordinating-committee"]})]


def limits(model: type[Model], name: str) -> dict[str, Any]:
    """The limits of the model field ``model.name`` as pydantic ``Field`` arguments: the longest
    text (``max_length``) and the smallest and largest number (``ge``, ``le``), read from the
    field's validators, which the services run. Schemas state them by reading them here, so the
    API, its OpenAPI document and the services refuse the same values:
    ``name: str = Field(**limits(Body, "name"))``."""
    found: dict[str, Any] = {}
    field = model._meta.get_field(name)
    if not isinstance(field, ModelField):
        return found
    for validator in field.validators:
        limit = getattr(validator, "limit_value", None)
        if not isinstance(limit, int):
            continue
        if isinstance(validator, MaxLengthValidator):
            found["max_length"] = min(limit, found.get("max_length", limit))
        elif isinstance(validator, MaxValueValidator):
            found["le"] = min(limit, found.get("le", limit))
        elif isinstance(validator, MinValueValidator):
            found["ge"] = max(limit, found.get("ge", limit))
    return found


def limited(model: type[Model], name: str, default: Any = PydanticUndefined, **extra: Any) -> Any:
    """A schema field with the limits of ``model.name`` (see ``limits``) and ``extra`` (a
    description): ``name: str = limited(Body, "name")``, ``purpose: str = limited(Body,
    "purpose", "")``."""
    return Field(default, **extra, **limits(model, name))


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def unset(description: str | None = None, **constraints: Any) -> Any:
    """A PATCH field that may be left out (and is then left alone) but, when sent, must not be
    null: ``name: str = unset()``. Read it only if it is in ``model_fields_set``.
    ``constraints`` are pydantic's (``**limits(Body, "name")``)."""
    return Field(None, description=description, json_schema_extra=_no_default, **constraints)


class Payload(Schema):
    """A request body: a field the schema does not know is an error, not silently dropped (a
    PATCH that sends ``key`` learns that keys do not change)."""

    model_config = ConfigDict(extra="forbid")


class Ref(Schema):
    """Another object, by its key, with its name (a history event's title)."""

    key: str
    name: str


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


def answers(ok: dict[int, Any], *, write: bool = False) -> dict[int, Any]:
    """A route's responses: its own, and the error answers every route may give."""
    errors: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
    if write:
        errors[403] = ErrorOut
        errors[413] = ErrorOut
    return {**ok, **errors}
