from __future__ import annotations

import sys

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as django_server_error

from chapterhouse.core.unavailable import is_database_unavailable, unavailable_response


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: an error that escaped the views (a middleware's session write) because
    the database is busy or down is a 503 too; anything else is the site's 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return django_server_error(request)
