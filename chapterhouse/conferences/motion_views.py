"""The motions' pages: one motion with its numbered lines and its amendments as diffs, and the
motion book (every admitted motion of a conference) as a PDF. Each is seen by whoever may see
the conference (404 for anyone else, as for a conference that does not exist)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from chapterhouse.access.selectors import Roles, roles_for
from chapterhouse.conferences import events as ev
from chapterhouse.conferences.diff import Run, word_diff
from chapterhouse.conferences.lines import Line
from chapterhouse.conferences.models import Conference
from chapterhouse.conferences.motions import Amendment, Motion, MotionState
from chapterhouse.conferences.selectors import conference_access, viewer_level_for

BOOK_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class AmendmentView:
    amendment: Amendment
    runs: list[Run]
    submitters: list[str]


@dataclass(frozen=True)
class MotionView:
    motion: Motion
    lines: list[Line]
    submitters: list[str]
    supporters: list[str]
    amendments: list[AmendmentView]
    item_title: str  # the agenda item it is on, if the viewer may see that item


def _submitters(row: Motion | Amendment, roles: Roles) -> list[str]:
    """Who submitted it: persons (participants of the conference, whose names its pages show),
    the branch, and the body if the viewer may see that body."""
    names = [p.display_name for p in row.submitter_persons.all()]
    if row.submitter_branch is not None:
        names.append(row.submitter_branch.name)
    if row.submitter_body is not None and roles.can_see_body(row.submitter_body):
        names.append(row.submitter_body.name)
    return names


def motion_view(motion: Motion, *, level: str, roles: Roles) -> MotionView:
    item = motion.agenda_item
    item_title = ""
    if item is not None:
        audience = ev.narrower(
            ev.PUBLIC if motion.conference.visibility == "public" else ev.MEMBERS, item.audience
        )
        if ev.level_rank(level) >= ev.level_rank(audience):
            item_title = item.title
    return MotionView(
        motion=motion,
        lines=motion.lines,
        submitters=_submitters(motion, roles),
        supporters=[s.person.display_name for s in motion.supporters.all()],
        amendments=[
            AmendmentView(a, word_diff(a.original, a.text), _submitters(a, roles))
            for a in motion.amendments.all()
        ],
        item_title=item_title,
    )


def motion_rows(conference: Conference) -> Any:
    return (
        Motion.objects.filter(conference=conference)
        .select_related("conference", "agenda_item", "submitter_branch", "submitter_body")
        .prefetch_related(
            "submitter_persons",
            "supporters__person",
            "amendments__submitter_persons",
            "amendments__submitter_branch",
            "amendments__submitter_body",
        )
    )


@require_GET
def motion_detail(request: HttpRequest, key: str, number: int) -> HttpResponse:
    roles = roles_for(request.user)
    conference = conference_access(key=key, roles=roles)
    motion = motion_rows(conference).filter(number=number).first()
    if motion is None:
        raise Http404
    level = viewer_level_for(conference, roles)
    return render(
        request,
        "conferences/motion_detail.html",
        {"conference": conference, "view": motion_view(motion, level=level, roles=roles)},
    )


def motion_book_html(conference: Conference, *, roles: Roles, language: str) -> str:
    """The motion book as HTML: every motion admitted (and not withdrawn since), in order."""
    level = viewer_level_for(conference, roles)
    motions = (
        motion_rows(conference)
        .filter(line_width__isnull=False)
        .exclude(state=MotionState.WITHDRAWN)
    )
    return render_to_string(
        "conferences/motion_book.html",
        {
            "conference": conference,
            "title": conference.title(language),
            "views": [motion_view(m, level=level, roles=roles) for m in motions],
        },
    )


@require_GET
def motion_book(request: HttpRequest, key: str) -> HttpResponse:
    from weasyprint import CSS, HTML  # loaded on first use: it loads Pango

    roles = roles_for(request.user)
    conference = conference_access(key=key, roles=roles)
    html = motion_book_html(conference, roles=roles, language=request.LANGUAGE_CODE)
    # Rendering takes seconds (about 20 s for 30 long motions on a 2-core machine), the HTML
    # a tenth of one: the PDF is kept under the hash of the HTML it is made of, so the same book
    # for the same view is rendered once, and any change (or another view of it) is a new key.
    cache_key = "motion-book:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(cache_key)
    if not isinstance(pdf, bytes):
        # No base URL: the book refers to nothing outside itself, so nothing is fetched. Its
        # print styles are a static file (the site's CSP allows no style element in a template).
        stylesheet = finders.find("chapterhouse/motion_book.css")
        assert isinstance(stylesheet, str)  # noqa: S101  -- shipped with the package
        pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])
        cache.set(cache_key, pdf, BOOK_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="motions-{conference.key}.pdf"'
    return response
