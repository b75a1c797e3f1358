"""The minutes' pages: a conference's minutes as HTML and as a PDF, built from its journal on
each request (``conferences.minutes``) for the reader's level: whoever may see the conference
reads what the journal shows their level (404 for anyone else, as for a conference that does not
exist)."""

from __future__ import annotations

import hashlib

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from chapterhouse.access.selectors import roles_for
from chapterhouse.conferences.minutes import Minutes, minutes_for
from chapterhouse.conferences.models import Conference
from chapterhouse.conferences.selectors import conference_access, viewer_level_for

PDF_CACHE_SECONDS = 3600


def _minutes(request: HttpRequest, key: str) -> tuple[Conference, Minutes, str]:
    roles = roles_for(request.user)
    conference = conference_access(key=key, roles=roles)
    level = viewer_level_for(conference, roles)
    language = getattr(request, "LANGUAGE_CODE", "en")
    return conference, minutes_for(conference=conference, level=level), language


@require_GET
def minutes(request: HttpRequest, key: str) -> HttpResponse:
    conference, built, language = _minutes(request, key)
    return render(
        request,
        "conferences/minutes.html",
        {"conference": conference, "title": conference.title(language), "minutes": built},
    )


@require_GET
def minutes_pdf(request: HttpRequest, key: str) -> HttpResponse:
    conference, built, language = _minutes(request, key)
    # The PDF takes seconds to render: it is kept for the journal's last entry and the audit
    # log's head it was built from, per level and language. An entry appended (or any audited
    # write, a speech voided) is a new key: the minutes are rebuilt as the journal grows.
    cache_key = (
        "minutes-pdf:"
        + hashlib.sha256(
            f"{conference.key}:{built.level}:{language}:{built.last_id}:{built.audit_head}".encode()
        ).hexdigest()
    )
    pdf = cache.get(cache_key)
    if not isinstance(pdf, bytes):
        from weasyprint import CSS, HTML  # loaded on first use: it loads Pango

        html = render_to_string(
            "conferences/minutes_pdf.html",
            {"conference": conference, "title": conference.title(language), "minutes": built},
            request=request,
        )
        stylesheet = finders.find("chapterhouse/minutes.css")
        assert isinstance(stylesheet, str)  # noqa: S101  -- shipped with the package
        # No base URL: the minutes refer to nothing outside themselves, so nothing is fetched.
        pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])
        cache.set(cache_key, pdf, PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{conference.key}.pdf"'
    return response
