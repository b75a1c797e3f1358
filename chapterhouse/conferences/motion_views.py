"""The motions' pages: a conference's motions, one motion with its numbered lines and its
amendments as diffs, one amendment against the lines it replaces, and the motion book (every
admitted motion of a conference) as a PDF. Each is seen by whoever may see the conference (404
for anyone else, as for a conference that does not exist).

The forms: a participant submits a motion or an amendment in their own name and supports a
submitted motion (or withdraws that support); the chair level (secretariat, presidium) submits
for persons, a branch or a body, moves a motion along the conference's workflow and sets the
presidium's recommendation. The services decide; a page offers what they would take and shows
what they refuse.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chapterhouse.access.selectors import Roles, roles_for
from chapterhouse.conferences import events as ev
from chapterhouse.conferences import motion_services as ms
from chapterhouse.conferences.diff import Run, word_diff
from chapterhouse.conferences.lines import Line
from chapterhouse.conferences.models import Conference, Participant
from chapterhouse.conferences.motion_forms import (
    AmendmentForm,
    MotionFilterForm,
    MotionForm,
    RecommendationForm,
    StateForm,
    SupportForm,
)
from chapterhouse.conferences.motions import Amendment, Motion, MotionState, MotionWorkflow
from chapterhouse.conferences.selectors import conference_access, viewer_level_for
from chapterhouse.conferences.states import ConferenceState
from chapterhouse.core.forms import apply_service_errors
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.models import Person

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


@dataclass(frozen=True)
class Viewer:
    conference: Conference
    roles: Roles
    level: str
    me: Participant | None  # the viewer's participation, if they take part

    @property
    def is_chair(self) -> bool:
        return self.level == ev.CHAIR

    @property
    def may_submit(self) -> bool:
        """Whom the services let submit motions and amendments: participants, the chair."""
        return self.is_chair or self.me is not None

    @property
    def open(self) -> bool:
        return self.conference.state != ConferenceState.CLOSED


def _viewer(request: HttpRequest, key: str) -> Viewer:
    roles = roles_for(request.user)
    conference = conference_access(key=key, roles=roles)
    me = None
    if roles.person_id is not None:
        me = (
            conference.participants.select_related("person")
            .filter(person_id=roles.person_id)
            .first()
        )
    return Viewer(conference, roles, viewer_level_for(conference, roles), me)


def _motion_or_404(conference: Conference, number: int) -> Motion:
    motion: Motion | None = motion_rows(conference).filter(number=number).first()
    if motion is None:
        raise Http404
    return motion


def _workflow(conference: Conference) -> MotionWorkflow:
    """The conference's workflow as it stands (the default rules if none is stored yet); a
    page reads it without making one."""
    found = MotionWorkflow.objects.filter(conference=conference).first()
    return found or MotionWorkflow(conference=conference)


def _detail_url(motion: Motion) -> str:
    return reverse("motion-detail", args=[motion.conference.key, motion.number])


def _say_errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@require_GET
def motion_list(request: HttpRequest, key: str) -> HttpResponse:
    """The conference's motions in their order: number, title, state, submitters and how
    many support each; filtered by state."""
    viewer = _viewer(request, key)
    form = MotionFilterForm(request.GET)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    rows = (
        Motion.objects.filter(conference=viewer.conference)
        .select_related("submitter_branch", "submitter_body")
        .prefetch_related("submitter_persons")
        .annotate(supporter_count=Count("supporters"))
        .order_by("number")
    )
    if state:
        rows = rows.filter(state=state)
    return render(
        request,
        "conferences/motion_list.html",
        {
            "conference": viewer.conference,
            "title": viewer.conference.title(request.LANGUAGE_CODE),
            "form": form,
            "state": state,
            "rows": [(m, _submitters(m, viewer.roles)) for m in rows],
            "may_submit": viewer.may_submit and viewer.open,
        },
    )


def _submitter_choices(viewer: Viewer) -> dict[str, Any]:
    """The chair's choices of submitters: the persons taking part, the branches, the bodies
    the viewer may see."""
    persons = Person.objects.filter(
        pk__in=viewer.conference.participants.values("person_id")
    ).order_by("display_name", "key")
    bodies = [b for b in Body.objects.order_by("name", "key") if viewer.roles.can_see_body(b)]
    return {
        "persons": [(p.key, p.display_name) for p in persons],
        "branches": [(b.key, b.name) for b in Branch.objects.order_by("name", "key")],
        "bodies": [(b.key, b.name) for b in bodies],
    }


def _form_kwargs(viewer: Viewer) -> dict[str, Any]:
    """The chair chooses submitters; a participant submits in their own name."""
    return _submitter_choices(viewer) if viewer.is_chair else {}


def _submitters_from(
    viewer: Viewer, data: dict[str, Any]
) -> tuple[list[Person], Branch | None, Body | None]:
    """The submitters a form names (the chair's), or the participant alone."""
    if not viewer.is_chair:
        assert viewer.me is not None  # noqa: S101  -- only participants reach the form
        return [viewer.me.person], None, None
    keys = data.get("submitters") or []
    persons = list(Person.objects.filter(key__in=keys).order_by("display_name", "key"))
    branch = Branch.objects.filter(key=data["branch"]).first() if data.get("branch") else None
    body = Body.objects.filter(key=data["body"]).first() if data.get("body") else None
    return persons, branch, body


@require_http_methods(["GET", "POST"])
def motion_submit(request: HttpRequest, key: str) -> HttpResponse:
    viewer = _viewer(request, key)
    if not viewer.may_submit:
        raise Http404
    kwargs = _form_kwargs(viewer)
    initial = {"submitters": [viewer.me.person.key]} if viewer.is_chair and viewer.me else {}
    if request.method == "POST":
        form = MotionForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            persons, branch, body = _submitters_from(viewer, data)
            try:
                motion = ms.motion_submit(
                    conference=viewer.conference,
                    title=data["title"],
                    text=data["text"],
                    reason=data["reason"],
                    submitter_persons=persons,
                    submitter_branch=branch,
                    submitter_body=body,
                    by=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("%(m)s is submitted.") % {"m": motion.identifier})
                return redirect(_detail_url(motion))
    else:
        form = MotionForm(initial=initial, **kwargs)
    return render(
        request,
        "conferences/motion_submit.html",
        {
            "conference": viewer.conference,
            "title": viewer.conference.title(request.LANGUAGE_CODE),
            "form": form,
            "is_chair": viewer.is_chair,
            "min_supporters": _workflow(viewer.conference).min_supporters,
        },
    )


@require_GET
def motion_detail(request: HttpRequest, key: str, number: int) -> HttpResponse:
    viewer = _viewer(request, key)
    motion = _motion_or_404(viewer.conference, number)
    workflow = _workflow(viewer.conference)
    me = viewer.me
    submitted = motion.state == MotionState.SUBMITTED
    supports = me is not None and any(s.person_id == me.person_id for s in motion.supporters.all())
    targets: Any = workflow.transitions.get(motion.state, [])
    targets = [t for t in targets if t in MotionState.values] if isinstance(targets, list) else []
    chair = viewer.is_chair and viewer.open
    return render(
        request,
        "conferences/motion_detail.html",
        {
            "conference": viewer.conference,
            "title": viewer.conference.title(request.LANGUAGE_CODE),
            "view": motion_view(motion, level=viewer.level, roles=viewer.roles),
            "link_amendments": True,
            "min_supporters": workflow.min_supporters,
            "may_support": me is not None and submitted and viewer.open,
            "supports": supports,
            "may_amend": viewer.may_submit and motion.state == MotionState.ADMITTED and viewer.open,
            "state_form": StateForm(targets=targets) if chair and targets else None,
            "recommendation_form": (
                RecommendationForm(initial={"recommendation": motion.recommendation})
                if chair
                else None
            ),
        },
    )


@require_POST
def motion_support(request: HttpRequest, key: str, number: int) -> HttpResponse:
    """The viewer supports the motion, or withdraws their support (a participant)."""
    viewer = _viewer(request, key)
    if viewer.me is None:
        raise Http404
    motion = _motion_or_404(viewer.conference, number)
    form = SupportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That action could not be read; nothing was changed."))
        return redirect(_detail_url(motion))
    person = viewer.me.person
    try:
        if form.cleaned_data["action"] == "support":
            ms.motion_support(motion=motion, person=person, by=request.user)
            messages.success(request, _("You support %(m)s.") % {"m": motion.identifier})
        else:
            ms.motion_unsupport(motion=motion, person=person, by=request.user)
            messages.success(request, _("You no longer support %(m)s.") % {"m": motion.identifier})
    except ValidationError as error:
        _say_errors(request, error)
    except PermissionDenied:
        raise Http404 from None
    return redirect(_detail_url(motion))


def _chair_or_404(request: HttpRequest, key: str) -> Viewer:
    viewer = _viewer(request, key)
    if not viewer.is_chair:
        raise Http404
    return viewer


@require_POST
def motion_state(request: HttpRequest, key: str, number: int) -> HttpResponse:
    """The chair moves the motion: to "admitted" with the minimum of supporters, elsewhere as
    the conference's workflow allows."""
    viewer = _chair_or_404(request, key)
    motion = _motion_or_404(viewer.conference, number)
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the state the motion moves to."))
        return redirect(_detail_url(motion))
    target = form.cleaned_data["state"]
    try:
        if target == MotionState.ADMITTED:
            moved = ms.motion_admit(motion=motion, by=request.user)
        else:
            moved = ms.motion_state_change(motion=motion, state=target, by=request.user)
    except ValidationError as error:
        _say_errors(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(
            request,
            _("%(m)s is %(s)s.") % {"m": moved.identifier, "s": moved.get_state_display()},
        )
    return redirect(_detail_url(motion))


@require_POST
def motion_recommend(request: HttpRequest, key: str, number: int) -> HttpResponse:
    """The chair sets the presidium's recommendation; saved unchanged, nothing is written."""
    viewer = _chair_or_404(request, key)
    motion = _motion_or_404(viewer.conference, number)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, str(text))
        return redirect(_detail_url(motion))
    text = form.cleaned_data["recommendation"]
    if text.replace("\r\n", "\n").strip() == motion.recommendation:
        messages.info(request, _("The recommendation is unchanged."))
        return redirect(_detail_url(motion))
    try:
        ms.motion_recommend(motion=motion, recommendation=text, by=request.user)
    except ValidationError as error:
        _say_errors(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("The recommendation is saved."))
    return redirect(_detail_url(motion))


@require_http_methods(["GET", "POST"])
def amendment_submit(request: HttpRequest, key: str, number: int) -> HttpResponse:
    """Propose an amendment to lines (or a paragraph) of an admitted motion, its numbered
    lines shown beside the form."""
    viewer = _viewer(request, key)
    if not viewer.may_submit:
        raise Http404
    motion = _motion_or_404(viewer.conference, number)
    kwargs = _form_kwargs(viewer)
    if request.method == "POST":
        form = AmendmentForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            persons, branch, body = _submitters_from(viewer, data)
            try:
                amendment = ms.amendment_submit(
                    motion=motion,
                    line_from=data["line_from"],
                    line_to=data["line_to"],
                    paragraph=data["paragraph"],
                    text=data["text"],
                    reason=data["reason"],
                    submitter_persons=persons,
                    submitter_branch=branch,
                    submitter_body=body,
                    by=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(
                    request,
                    _("%(a)s to %(m)s is submitted.")
                    % {"a": amendment.identifier, "m": motion.identifier},
                )
                return redirect(
                    reverse(
                        "amendment-detail",
                        args=[viewer.conference.key, motion.number, amendment.number],
                    )
                )
    else:
        initial = {"submitters": [viewer.me.person.key]} if viewer.is_chair and viewer.me else {}
        form = AmendmentForm(initial=initial, **kwargs)
    return render(
        request,
        "conferences/motion_amend.html",
        {
            "conference": viewer.conference,
            "motion": motion,
            "lines": motion.lines,
            "form": form,
            "is_chair": viewer.is_chair,
            "admitted": motion.state == MotionState.ADMITTED,
        },
    )


@require_GET
def amendment_detail(request: HttpRequest, key: str, number: int, amendment: int) -> HttpResponse:
    """One amendment: the lines it replaces, with their numbers, and the change as a diff."""
    viewer = _viewer(request, key)
    motion = _motion_or_404(viewer.conference, number)
    found = next((a for a in motion.amendments.all() if a.number == amendment), None)
    if found is None:
        raise Http404
    lines = [x for x in motion.lines if found.line_from <= x.number <= found.line_to]
    return render(
        request,
        "conferences/motion_amendment.html",
        {
            "conference": viewer.conference,
            "motion": motion,
            "view": AmendmentView(
                found, word_diff(found.original, found.text), _submitters(found, viewer.roles)
            ),
            "lines": lines,
        },
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
