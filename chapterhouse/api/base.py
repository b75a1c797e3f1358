"""The NinjaAPI the routers hang on: one error shape for every refusal, and a tidy OpenAPI.

Every validation error answers 422 with ``{"detail": [{"loc": [...], "msg": "..."}]}``, one
entry per bad field, whether the request did not fit its schema (ninja/pydantic), named an
unknown key, or a service refused it (``django.core.exceptions.ValidationError`` keyed by field).
``loc`` starts with where the value was: ``"body"``, ``"query"`` or ``"path"``; a nested field
such as ``responsibilities.0.duty`` becomes ``["body", "responsibilities", 0, "duty"]``.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError, ValidationErrorContext
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.parser import Parser

from chapterhouse.api import errors as msg
from chapterhouse.core.text import hostile_text
from chapterhouse.core.unavailable import is_database_unavailable, unavailable_response

Loc = list[str | int]


def field_path(field: str) -> Loc:
    """``"responsibilities.0.duty"`` → ``["responsibilities", 0, "duty"]``."""
    return [int(part) if part.isdigit() else part for part in field.split(".")]


def field_errors(source: str, by_field: dict[str, list[str]]) -> ValidationError:
    """A 422 naming each field (dotted paths allowed) with its messages."""
    return ValidationError(
        [
            {"loc": [source, *field_path(field)], "msg": message}
            for field, messages in by_field.items()
            for message in messages
        ]
    )


class MalformedBodyError(ValueError):
    """The request body is not JSON, or carries text no database stores."""

    def __init__(self, message: str, *, loc: Loc | None = None) -> None:
        super().__init__(message)
        self.loc: Loc = loc or []


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = super().parse_body(request)
        except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
            raise MalformedBodyError(msg.MALFORMED_BODY.format(error=error)) from error
        # A NUL or a lone surrogate ("\ud800" is valid JSON) is refused here, at its place,
        # before any query or encoding meets it.
        for path, problem in hostile_text(data):
            raise MalformedBodyError(problem, loc=list(path))
        return data


class ChapterhouseAPI(NinjaAPI):
    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext[Any]]
    ) -> ValidationError:
        """pydantic's errors in our shape. ninja wraps a body in the name of its parameter
        (``["body", "payload", "name"]``); the path names the field only (``["body", "name"]``),
        as a service's errors do."""
        errors: list[dict[str, Any]] = []
        for context in error_contexts:
            model = context.model
            wrapper = getattr(model, "__read_from_single_attr__", None)
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc: tuple[str | int, ...] = model.__ninja_flatten_map_reverse__.get(
                    error["loc"], error["loc"]
                )
                if wrapper is not None and loc[:1] == (wrapper,):
                    loc = loc[1:]
                errors.append({"loc": [model.__ninja_param_source__, *loc], "msg": error["msg"]})
        return ValidationError(errors)

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view's name (``body_get``); test_openapi checks that they are unique."""
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """As ninja makes it, and reads say that they need no credentials at all (``{}``)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                if method == "get" and "security" in operation:
                    operation["security"] = [*operation["security"], {}]
        return schema


def _validation_error(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = [{"loc": list(e["loc"]), "msg": str(e["msg"])} for e in exc.errors]
    return api.create_response(request, {"detail": detail}, status=422)


def _service_error(api: NinjaAPI, request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    by_field: dict[str, list[str]]
    if hasattr(exc, "error_dict"):
        by_field = dict(exc.message_dict)
    else:
        by_field = {NON_FIELD_ERRORS: list(exc.messages)}
    detail: list[dict[str, Any]] = []
    for field, messages in by_field.items():
        loc: Loc = ["body"] if field == NON_FIELD_ERRORS else ["body", *field_path(field)]
        detail.extend({"loc": loc, "msg": message} for message in messages)
    return api.create_response(request, {"detail": detail}, status=422)


def _http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja answers a body it cannot parse with HttpError(400) raised from the parser's error;
    # a body that is not JSON is one more validation error, in the same shape as the others.
    if isinstance(exc.__cause__, MalformedBodyError):
        detail = [{"loc": ["body", *exc.__cause__.loc], "msg": str(exc.__cause__)}]
        return api.create_response(request, {"detail": detail}, status=422)
    response = api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    if isinstance(exc, AuthenticationError):
        response["WWW-Authenticate"] = 'Bearer realm="chapterhouse"'
    return response


def _body_too_large(api: NinjaAPI, request: HttpRequest) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(
        request, {"detail": msg.BODY_TOO_LARGE.format(limit=limit)}, status=413
    )


def install_error_handlers(api: NinjaAPI) -> None:
    # ninja types a handler's argument as "the exception or its class"; it always passes the
    # exception it caught, hence the casts.
    def on_validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return _validation_error(api, request, cast(ValidationError, exc))

    def on_service_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return _service_error(api, request, cast(DjangoValidationError, exc))

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return _http_error(api, request, cast(HttpError, exc))

    def on_database_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # Busy or down: 503 with Retry-After (core.unavailable); any other database error is
        # a bug, for Django's 500.
        if is_database_unavailable(exc):
            return unavailable_response(request)
        raise exc

    def on_body_too_large(request: HttpRequest, exc: Any) -> HttpResponse:
        return _body_too_large(api, request)

    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(DatabaseError, on_database_error)
    api.add_exception_handler(RequestDataTooBig, on_body_too_large)
    api.add_exception_handler(DjangoValidationError, on_service_error)
    api.add_exception_handler(HttpError, on_http_error)
