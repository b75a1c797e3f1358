"""The site's own middleware."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from chapterhouse.core.text import text_problem
from chapterhouse.core.unavailable import is_database_unavailable, unavailable_response


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
    refused before any view or query sees it: 422 in the API's error shape, 400 on pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = self.find(request)
        if found is None:
            return self.get_response(request)
        loc, problem = found
        if request.path.startswith("/api/"):
            body = {"detail": [{"loc": loc, "msg": problem}]}
            return HttpResponse(json.dumps(body), status=422, content_type="application/json")
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
            sources.append(("body", request.POST))
        for source, data in sources:
            for key, values in data.lists():
                for text in (key, *values):
                    problem = text_problem(text)
                    if problem:
                        return [source, key], problem
        return None
