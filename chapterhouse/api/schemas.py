"""Schemas shared by every router: dates as people write them, references, errors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import Field as ModelField
from django.db.models import Model
from django.utils.translation import get_language
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError, PydanticUndefined

from chapterhouse.api import errors as msg
from chapterhouse.calendars import dates
from chapterhouse.core.translations import localized_text


def parse_date(text: str) -> dt.date:
    """The one place the API reads a date, as pages and the dossier do (calendars.dates): ISO
    ('2026-09-01'), with an era year ('Reiwa 8-09-01', '令和8年9月1日'), or a language's own
    unambiguous form ('5 February 2021'); '05/02/2021' is refused. Raises ValueError with a
    message in the request's language."""
    return dates.parse_date(text)


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
            "description": "An ISO date, a date with an era year, or a language's own unambiguous "
            "form; numeric day/month orders such as 05/02/2021 are refused.",
            "examples": ["2026-09-01", "Reiwa 8-09-01", "令和8年9月1日", "1 September 2026"],
        }
    ),
]


def _read_partial_date(value: object) -> object:
    if isinstance(value, dates.PartialDate):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        try:
            return dates.parse_partial_date(value)
        except ValueError as error:
            raise PydanticCustomError("date", "{message}", {"message": str(error)}) from None
    raise PydanticCustomError("date_type", msg.DATE_TYPE)


# A day, a month or a year in a request body: "2011-12-05", "2011-12", "December 2011", "2011".
PartialEraDate = Annotated[
    dates.PartialDate,
    BeforeValidator(_read_partial_date),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A day, or only a month or a year when that is all that is known: "
            "ISO (2011-12-05, 2011-12, 2011), with an era year, or a language's own form.",
            "examples": ["2011-12-05", "2011-12", "2011", "December 2011", "令和3年5月"],
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


TRANSLATIONS_HELP = (
    'The text in the organization\'s other languages, by language code (`{"ja": "…"}`). '
    "The field beside it is in the request's language (Accept-Language) when translated, "
    "else the original."
)


def translations(description: str = TRANSLATIONS_HELP) -> Any:
    """An output's ``<field>_translations``."""
    return Field(description=description)


def translations_in() -> Any:
    """An input's ``<field>_translations``: left out, none."""
    return Field(
        default_factory=dict,
        description="The text in the organization's other languages, by language code. "
        "The field beside it is the original.",
    )


def translations_patch() -> Any:
    """A PATCH's ``<field>_translations``: left out, left alone; sent, it replaces them all."""
    return unset("Replaces every translation of the field; {} removes them.")


def named(obj: Any, field: str = "name") -> str:
    """``obj``'s ``field`` in the request's language (a translation), else the original."""
    return localized_text(obj, field, get_language() or settings.LANGUAGE_CODE)


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


class VoidIn(Payload):
    reason: str = Field(description="Why the record is void (entered in error).", min_length=1)


class VoidedOut(Schema):
    """A record voided as entered in error: hidden from every answer but this one and the
    secretariat's list of voided records; restore it with its `/restore` route."""

    key: str = Field(description="The record's key (a membership's id).")
    voided_at: dt.datetime
    voided_reason: str


def voided_out(obj: Any) -> VoidedOut:
    return VoidedOut(
        key=str(getattr(obj, "key", None) or obj.pk),
        voided_at=obj.voided_at,
        voided_reason=obj.voided_reason,
    )
