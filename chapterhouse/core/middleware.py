"""Middleware every response passes through: the request log with its request id, the
Content-Security-Policy header, the static files, a busy or down database (503) and text no
database stores (400/422).

The request log and the policy work on the sync and the async path, so that an ASGI request
is not moved to a thread for their sake.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, cast

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from whitenoise.middleware import WhiteNoiseMiddleware

from chapterhouse.core.errors import UNREADABLE_FORM
from chapterhouse.core.text import text_problem
from chapterhouse.core.unavailable import is_database_unavailable, unavailable_response

logger = logging.getLogger("chapterhouse.request")

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept when it is short and made of characters that cannot forge a log line
# or a header: letters, digits and . _ : -. Anything else is replaced by a fresh id.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

GetResponse = Callable[[HttpRequest], HttpResponseBase]
AsyncGetResponse = Callable[[HttpRequest], Awaitable[HttpResponseBase]]


def request_id_for(request: HttpRequest) -> str:
    """The request's X-Request-ID if it is sane, else a new random one (32 hex digits)."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Gives each request an id (``request.request_id``, echoed in the X-Request-ID response
    header) and logs one line when its response is ready: id, method, path (without the query
    string, which may carry tokens), status and duration in milliseconds.

    It comes first in MIDDLEWARE so that the duration covers every other middleware, and
    static files and redirects are logged too.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: GetResponse | AsyncGetResponse) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self._acall(request)
        started = self._start(request)
        response = cast(GetResponse, self.get_response)(request)
        return self._finish(request, response, started)

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        started = self._start(request)
        response = await cast(AsyncGetResponse, self.get_response)(request)
        return self._finish(request, response, started)

    @staticmethod
    def _start(request: HttpRequest) -> float:
        request.request_id = request_id_for(request)  # type: ignore[attr-defined]
        return time.perf_counter()

    @staticmethod
    def _finish(
        request: HttpRequest, response: HttpResponseBase, started: float
    ) -> HttpResponseBase:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        request_id: str = request.request_id  # type: ignore[attr-defined]
        response[REQUEST_ID_HEADER] = request_id
        logger.info(
            "%s %s %s %s %.1fms",
            request_id,
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


def content_security_policy() -> str:
    """The Content-Security-Policy header value built from ``settings.SECURE_CSP`` (a mapping of
    directive to sources, the shape Django 6's own CSP support reads)."""
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in settings.SECURE_CSP.items()
    )


class ContentSecurityPolicyMiddleware:
    """Sets the Content-Security-Policy header on every response that has none yet."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: GetResponse | AsyncGetResponse) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self._acall(request)
        return self._add_header(cast(GetResponse, self.get_response)(request))

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        response = await cast(AsyncGetResponse, self.get_response)(request)
        return self._add_header(response)

    def _add_header(self, response: HttpResponseBase) -> HttpResponseBase:
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]  # WhiteNoise is untyped
    """WhiteNoise, with its file answers streamed as an asynchronous iterator.

    Under ASGI (only), Django reads a response's synchronous iterator whole in a thread and warns
    ("StreamingHttpResponse must consume synchronous iterators") on every static file. Static
    files are small and local, so reading their chunks on the event loop is cheaper than that.
    """

    @staticmethod
    def serve(static_file: Any, request: HttpRequest) -> HttpResponseBase:
        response: StreamingHttpResponse = WhiteNoiseMiddleware.serve(static_file, request)
        if not isinstance(request, ASGIRequest):
            return response
        chunks = cast(Iterator[bytes], response.streaming_content)

        async def stream() -> AsyncIterator[bytes]:
            for chunk in chunks:
                yield chunk

        response.streaming_content = stream()
        return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database (busy or down) answers 503 with Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return unavailable_response(request)
        return None


class RefuseHostileTextMiddleware:
    """A path, query or form field with text no database stores (a NUL, a lone surrogate) is
    refused before any view or query sees it: 422 in the API's error shape, 400 on pages. A
    form body that cannot be parsed at all is a bad request: 400 on pages and in the API (in
    the API's error shape, at ``["body"]``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = self.find(request)
        if found is None:
            return self.get_response(request)
        loc, problem = found
        if request.path.startswith("/api/"):
            body = {"detail": [{"loc": loc, "msg": str(problem)}]}
            status = 400 if problem is UNREADABLE_FORM else 422
            return HttpResponse(json.dumps(body), status=status, content_type="application/json")
        page = render_to_string("400.html", {"message": problem})
        return HttpResponse(page, status=400)

    @staticmethod
    def find(request: HttpRequest) -> tuple[list[str], str] | None:
        problem = text_problem(request.path)
        if problem:
            return ["path"], problem
        sources = [("query", request.GET)]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                sources.append(("body", request.POST))
            except MultiPartParserError:
                return ["body"], UNREADABLE_FORM
        for source, data in sources:
            for key, values in data.lists():
                for text in (key, *values):
                    problem = text_problem(text)
                    if problem:
                        return [source, key], problem
        return None
