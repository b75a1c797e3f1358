"""Preparing a conference: creating and correcting it, its sessions, participants (one by one
or from a CSV file, previewed before anything is written), its agenda, publishing a recorded
speech; the letters register; a guest's invitation with its QR code and the check-in link the
code carries. Each page calls the same service as its API route; the services decide. Who may
act: the secretariat creates conferences and keeps the register; the chair level (the
secretariat and the presidium) prepares its conference; a missing and a forbidden object are
both 404."""

from __future__ import annotations

from typing import Any, cast

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chapterhouse.access.selectors import Roles, require_secretariat, roles_for
from chapterhouse.conferences import events as ev
from chapterhouse.conferences import selectors, services
from chapterhouse.conferences.api import ConferenceRefs
from chapterhouse.conferences.forms import (
    AgendaItemAddForm,
    ConferenceEditForm,
    ConferenceForm,
    LetterFilterForm,
    LetterForm,
    PageForm,
    ParticipantAddForm,
    ParticipantEditForm,
    ParticipantImportForm,
    SessionAddForm,
)
from chapterhouse.conferences.models import Conference, Letter, Participant, Speech
from chapterhouse.core.forms import apply_service_errors, submitted
from chapterhouse.organizations.models import Body

PAGE_SIZE = 50
# Conference fields the edit page shows (and so sends); the others are left alone.
EDITED = tuple(ConferenceEditForm.base_fields)


def _title(conference: Conference, request: HttpRequest) -> str:
    return conference.title(getattr(request, "LANGUAGE_CODE", "en"))


def _chair(request: HttpRequest, key: str) -> tuple[Conference, Roles]:
    """The conference ``key`` if the viewer runs it (the chair level); 404 otherwise."""
    roles = roles_for(request.user)
    conference = selectors.conference_access(key=key, roles=roles)
    if selectors.viewer_level_for(conference, roles) != ev.CHAIR:
        raise Http404
    return conference, roles


def _refused(form: forms.BaseForm, refs: ConferenceRefs) -> bool:
    """Put the keys ``refs`` could not find (or the viewer may not see) on the form's fields."""
    for field, errors in refs.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    return bool(refs.errors)


def _visible_bodies(roles: Roles) -> set[int]:
    return {b.pk for b in Body.objects.all() if roles.can_see_body(b)}


def _back_to_preparation(conference: Conference) -> HttpResponse:
    return redirect("conference-preparation", key=conference.key)


# --- the conference ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest) -> HttpResponse:
    by = request.user
    require_secretariat(by)
    form = ConferenceForm(
        request.POST or None,
        initial={
            "visibility": "public",
            "quorum_percent": 50,
            "default_speaking_seconds": 300,
            "number": 1,
        },
    )
    made = submitted(request, form, lambda data: services.conference_create(by=by, **data))
    if made is not None:
        messages.success(request, _("Conference created."))
        return _back_to_preparation(made)
    return render(request, "conferences/prep/conference_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def conference_edit(request: HttpRequest, key: str) -> HttpResponse:
    """The settings ``PATCH /api/v1/conferences/{key}`` changes: a save changes only what the
    form shows, and a save of what it showed writes nothing."""
    conference, roles = _chair(request, key)
    initial = {name: getattr(conference, name) for name in EDITED}
    form = ConferenceEditForm(request.POST or None, initial=initial)
    form.limit_bodies(
        _visible_bodies(roles),
        {
            pk
            for pk in (
                conference.convening_body_id,
                conference.preparatory_body_id,
                conference.presidium_id,
            )
            if pk is not None
        },
    )
    try:
        changed = submitted(
            request,
            form,
            lambda data: services.conference_update(conference=conference, by=request.user, **data),
        )
    except PermissionDenied:
        raise Http404 from None
    if changed is not None:
        messages.success(request, _("Conference saved."))
        return _back_to_preparation(conference)
    return render(
        request,
        "conferences/prep/conference_form.html",
        {"form": form, "conference": conference, "title": _title(conference, request)},
    )


@require_GET
def preparation(request: HttpRequest, key: str) -> HttpResponse:
    """What is prepared so far: settings, sessions, participants, agenda and speeches, each
    with the link or button that adds to it."""
    conference, _roles = _chair(request, key)
    form = PageForm(request.GET)
    number = (form.cleaned_data["page"] or 1) if form.is_valid() else 1
    rows = selectors.participant_list(conference=conference)
    return render(
        request,
        "conferences/prep/preparation.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "sessions": conference.sessions.order_by("number"),
            "page": Paginator(rows, PAGE_SIZE).get_page(number),
            "participant_count": rows.count(),
            "agenda": selectors.agenda(conference=conference, level=ev.CHAIR),
            "speeches": selectors.speech_list(conference=conference, level=ev.CHAIR),
        },
    )


# --- sessions, agenda ----------------------------------------------------------------------


def _acted(request: HttpRequest, form: forms.BaseForm, action: Any) -> Any:
    """``submitted`` for a chair's service that may refuse who acts: that refusal is a 404."""
    try:
        return submitted(request, form, action)
    except PermissionDenied:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, key: str) -> HttpResponse:
    conference, _roles = _chair(request, key)
    form = SessionAddForm(request.POST or None)
    made = _acted(
        request,
        form,
        lambda data: services.session_add(conference=conference, by=request.user, **data),
    )
    if made is not None:
        messages.success(request, _("Session %(n)s added.") % {"n": made.number})
        return _back_to_preparation(conference)
    return render(
        request,
        "conferences/prep/form.html",
        {
            "form": form,
            "conference": conference,
            "title": _title(conference, request),
            "heading": _("Add a session"),
        },
    )


@require_http_methods(["GET", "POST"])
def agenda_item_add(request: HttpRequest, key: str) -> HttpResponse:
    conference, _roles = _chair(request, key)
    items = selectors.agenda(conference=conference, level=ev.CHAIR)
    form = AgendaItemAddForm(request.POST or None)
    parent_field = cast("forms.TypedChoiceField", form.fields["parent"])
    parent_field.choices = [("", _("— the top level —"))] + [
        (str(item.id), f"{item.number} {item.title}") for item in items
    ]

    def add(data: dict[str, Any]) -> Any:
        parent_id = data.pop("parent")
        parent = conference.agenda_items.filter(pk=parent_id).first() if parent_id else None
        return services.agenda_item_add(
            conference=conference, parent=parent, by=request.user, **data
        )

    made = _acted(request, form, add)
    if made is not None:
        messages.success(request, _("“%(t)s” added to the agenda.") % {"t": made.title})
        return _back_to_preparation(conference)
    return render(
        request,
        "conferences/prep/form.html",
        {
            "form": form,
            "conference": conference,
            "title": _title(conference, request),
            "heading": _("Add an agenda item"),
        },
    )


# --- participants --------------------------------------------------------------------------


def _changes(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "voting_right": data["voting_right"],
        "weight": data["weight"],
        "represents_branch": data["represents_branch"],
        "represents_partner": data["represents_partner"],
    }


@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, key: str) -> HttpResponse:
    conference, roles = _chair(request, key)
    form = ParticipantAddForm(request.POST or None)

    def add(data: dict[str, Any]) -> Participant | None:
        refs = ConferenceRefs(roles=roles)
        person = refs.person("person", data["person"])
        if _refused(form, refs) or person is None:
            return None
        spec = services.ParticipantSpec(person=person, roles=data["roles"], **_changes(data))
        return services.participant_add(conference=conference, spec=spec, by=request.user)

    made = _acted(request, form, add)
    if made is not None:
        messages.success(request, _("%(p)s added.") % {"p": made.person.display_name})
        return _back_to_preparation(conference)
    return render(
        request,
        "conferences/prep/form.html",
        {
            "form": form,
            "conference": conference,
            "title": _title(conference, request),
            "heading": _("Add a participant"),
        },
    )


def _participant_row(pk: int) -> Participant:
    found = (
        Participant.objects.select_related(
            "conference__series", "person", "represents_branch", "represents_partner"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _participant(request: HttpRequest, pk: int) -> tuple[Participant, str]:
    """The participant ``pk`` and the viewer's level at its conference; 404 unless the viewer
    may see that conference."""
    roles = roles_for(request.user)
    found = _participant_row(pk)
    conference = selectors.conference_access(key=found.conference.key, roles=roles)
    return found, selectors.viewer_level_for(conference, roles)


@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant, level = _participant(request, pk)
    if level != ev.CHAIR:
        raise Http404
    conference = participant.conference
    form = ParticipantEditForm(
        request.POST or None,
        initial={
            "roles": participant.roles,
            "voting_right": participant.voting_right,
            "weight": participant.weight,
            "represents_branch": participant.represents_branch,
            "represents_partner": participant.represents_partner,
        },
    )
    made = _acted(
        request,
        form,
        lambda data: services.participant_update(
            participant=participant, roles=data["roles"], by=request.user, **_changes(data)
        ),
    )
    if made is not None:
        messages.success(request, _("%(p)s saved.") % {"p": participant.person.display_name})
        return _back_to_preparation(conference)
    return render(
        request,
        "conferences/prep/participant_form.html",
        {
            "form": form,
            "conference": conference,
            "title": _title(conference, request),
            "participant": participant,
            "qr": _qr(request, participant),
        },
    )


@require_http_methods(["GET", "POST"])
def participant_import(request: HttpRequest, key: str) -> HttpResponse:
    """Upload or paste a CSV file, see every bad row (nothing written), fix them here, and
    import: the file is read again and written only if no row is bad."""
    conference, _roles = _chair(request, key)
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    preview: services.ImportPreview | None = None
    text = ""
    if request.method == "POST" and form.is_valid():
        try:
            text = form.csv_text()
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            try:
                if request.POST.get("action") == "import":
                    preview = services.participants_import(
                        conference=conference, text=text, by=request.user
                    )
                else:
                    preview = services.participants_import_preview(conference=conference, text=text)
            except ValidationError as error:
                apply_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            if (
                preview is not None
                and not preview.errors
                and request.POST.get("action") == ("import")
            ):
                messages.success(
                    request,
                    _("%(n)s participants imported.") % {"n": len(preview.participants)},
                )
                return _back_to_preparation(conference)
    if preview is not None:
        # The file as it was read goes back into the text box, to be fixed and sent again.
        form = ParticipantImportForm(initial={"text": text})
        form.fields["text"].label = _("The file's text (fix it here)")
    return render(
        request,
        "conferences/prep/participant_import.html",
        {
            "form": form,
            "conference": conference,
            "title": _title(conference, request),
            "preview": preview,
            "columns": services.CSV_COLUMNS,
        },
    )


# --- speeches ------------------------------------------------------------------------------


@require_POST
def speech_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a recorded speech's full text (``POST .../speeches/{id}/publish``)."""
    speech = Speech.objects.select_related("conference").filter(pk=pk).first()
    if speech is None:
        raise Http404
    conference, _roles = _chair(request, speech.conference.key)
    try:
        services.speech_publish(speech=speech, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The speech “%(t)s” is published.") % {"t": speech.title})
    return _back_to_preparation(conference)


# --- invitations and the check-in link -----------------------------------------------------


def _check_in_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("conference-check-in-link", args=[token]))


def qr_svg(text: str) -> SafeString:
    """``text`` as a QR code, an inline SVG drawn dark on light (so it scans in dark mode too)."""
    code = segno.make(text, error="m")
    svg = code.svg_inline(scale=5, dark="#000", light="#fff", omitsize=True, title=None)
    label = escape(_("QR code of the check-in link"))
    # segno writes the SVG itself, from the code's modules only; our one text is escaped.
    opening = f'<svg role="img" aria-label="{label}" focusable="false" '
    return mark_safe(svg.replace("<svg ", opening, 1))  # noqa: S308


def _qr(request: HttpRequest, participant: Participant) -> dict[str, Any] | None:
    token = participant.invitation_token
    if not token:
        return None
    link = _check_in_url(request, token)
    return {"svg": qr_svg(link), "link": link}


@require_GET
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's invitation with the QR code of their personal check-in link: for that
    participant and for those who run the conference; 404 for anyone else."""
    roles = roles_for(request.user)
    participant = _participant_row(pk)
    level = selectors.viewer_level_for(participant.conference, roles)
    # One's own invitation is shown even for a conference one may not otherwise see (a guest
    # at a conference for members only); anyone else's only to those who run it.
    if roles.person_id is None or roles.person_id != participant.person_id:
        participant, level = _participant(request, pk)
        if level != ev.CHAIR:
            raise Http404
    conference = participant.conference
    return render(
        request,
        "conferences/prep/invitation.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "participant": participant,
            "qr": _qr(request, participant),
            "is_chair": level == ev.CHAIR,
        },
    )


@require_http_methods(["GET", "POST"])
def check_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link an invitation's QR code carries. Opening it shows whose invitation it is and
    one button that checks them in (a GET writes nothing: link previews and prefetching open
    links too); the button calls the same service as the check-in page. A wrong token, an
    invitation already used and a closed conference are each said plainly."""
    found = (
        Participant.objects.select_related("conference__series", "person")
        .filter(invitation_token=token)
        .first()
        if token
        else None
    )
    if found is None:
        return render(
            request,
            "conferences/prep/check_in.html",
            {"error": _("This check-in link is not valid. Ask the registration desk.")},
            status=404,
        )
    context: dict[str, Any] = {
        "participant": found,
        "conference": found.conference,
        "title": _title(found.conference, request),
        "token": token,
    }
    if found.checked_in_at is not None:
        # Said on the page (a GET is answered as a page; a POST of a used link is refused).
        context["used"] = True
        status = 409 if request.method == "POST" else 200
        return render(request, "conferences/prep/check_in.html", context, status=status)
    if request.method == "POST":
        try:
            found = services.participant_check_in_by_token(token=token, by=request.user)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "conferences/prep/check_in.html", context, status=409)
        context["done"] = True
    return render(request, "conferences/prep/check_in.html", context)


# --- the letters register ------------------------------------------------------------------


@require_GET
def letter_list(request: HttpRequest) -> HttpResponse:
    """The register, in and out, newest first (the secretariat's; a voided letter is not in
    it, as in the API)."""
    require_secretariat(request.user)
    form = LetterFilterForm(request.GET)
    rows = Letter.objects.select_related("partner", "person", "body").order_by("-dated_on", "key")
    number = 1
    if form.is_valid():
        if form.cleaned_data["direction"]:
            rows = rows.filter(direction=form.cleaned_data["direction"])
        number = form.cleaned_data["page"] or 1
    return render(
        request,
        "conferences/prep/letter_list.html",
        {"form": form, "page": Paginator(rows, PAGE_SIZE).get_page(number)},
    )


@require_http_methods(["GET", "POST"])
def letter_create(request: HttpRequest) -> HttpResponse:
    roles = require_secretariat(request.user)
    form = LetterForm(request.POST or None)

    def register(data: dict[str, Any]) -> Letter | None:
        refs = ConferenceRefs(roles=roles)
        person = refs.person("person", data.pop("person") or None)
        if _refused(form, refs):
            return None
        return services.letter_register(person=person, by=request.user, **data)

    made = submitted(request, form, register)
    if made is not None:
        messages.success(request, _("The letter “%(s)s” is registered.") % {"s": made.subject})
        return redirect("letter-list")
    return render(request, "conferences/prep/letter_form.html", {"form": form})
