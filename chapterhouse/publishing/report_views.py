"""The secretariat's report pages: draft a report from a conference's journal, and see a
post's consistency check before publishing it (docs/publishing.md, "Reports"). Thin: the
drafting and the check are ``publishing.report`` and ``publishing.consistency``."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chapterhouse.access.selectors import Roles, require_secretariat
from chapterhouse.conferences.models import Conference
from chapterhouse.conferences.pages import ConferenceSection
from chapterhouse.core.forms import submitted
from chapterhouse.publishing import selectors
from chapterhouse.publishing.consistency import consistency_check
from chapterhouse.publishing.models import Post, Report, is_public
from chapterhouse.publishing.report import report_draft, reports_of, reports_shown


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


class ReportDraftForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of the report"))

    def __init__(self, *args: object, languages: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own arguments
        field = cast("forms.ChoiceField", self.fields["language"])
        field.choices = [(code, _language_name(code)) for code in languages]


def _conference(key: str) -> Conference:
    conference = Conference.objects.select_related("series").filter(key=key).first()
    if conference is None:
        raise Http404(_("No such conference."))
    return conference


@require_http_methods(["GET", "POST"])
def report_draft_page(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    conference = _conference(key)
    languages = selectors.organization_languages()
    form = ReportDraftForm(request.POST if request.method == "POST" else None, languages=languages)

    def draft(d: dict[str, str]) -> Post:
        return report_draft(conference=conference, language=d["language"], by=request.user)

    post = submitted(request, form, draft)
    if post is not None:
        messages.success(request, _("The report is drafted: edit it, check it, publish it."))
        return redirect("publishing-post-edit", slug=post.slug)
    return render(
        request,
        "publishing/report_draft.html",
        {
            "form": form,
            "conference": conference,
            "title": conference.title(languages[0]),
            "reports": reports_of(conference),
        },
    )


@require_GET
def report_check_page(request: HttpRequest, slug: str) -> HttpResponse:
    require_secretariat(request.user)
    post = selectors.post_access(slug=slug)
    report = Report.objects.select_related("conference").filter(post=post).first()
    return render(
        request,
        "publishing/report_check.html",
        {"post": post, "report": report, "findings": consistency_check(post=post)},
    )


def conference_reports_section(
    *, conference: Conference, roles: Roles, level: str, language: str
) -> ConferenceSection | None:
    """The conference page's list of its reports (conferences.pages): the public ones for
    every reader, in the reader's language; drafts, scheduled and withdrawn ones too for the
    secretariat, who also gets the link to draft one. Nothing for a reader with none to see."""
    posts = reports_shown(conference, roles)
    if not posts and not roles.secretariat:
        return None
    entries = [
        (post, selectors.reading_for(post, language), is_public(post.state, post.published_at))
        for post in posts
    ]
    return ConferenceSection(
        "publishing/_conference_reports.html",
        {"entries": entries, "conference": conference, "secretariat": roles.secretariat},
    )
